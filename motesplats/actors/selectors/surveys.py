"""Reads for surveys: listing, one survey to answer, results and their CSV rows.

Results are aggregates computed in a fixed number of queries, whatever the number of
questions or responses. Who sees what:

- editors see a survey's results at any time, counting every response;
- others only when the results are public and there are at least
  `MIN_PUBLIC_RESPONSES` responses (fewer could point at single people); while a
  survey is still open, public results count the answers sent up to yesterday, so
  that a figure changing right after someone answered cannot tell what they answered.

Free-text answers are shown only from respondents who agreed to publication, never
with anything about the respondent, in a random but stable order (by random key).
Editors also read the others, marked as not for publication (the form tells
respondents so); the CSV downloads never hold them.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motesplats.actors.enums import QuestionKind, SurveyStatus
from motesplats.actors.models import (
    Survey,
    SurveyAnswer,
    SurveyAnswerChoice,
    SurveyChoice,
    SurveyQuestion,
    SurveyResponse,
)
from motesplats.actors.permissions import is_editor

MIN_PUBLIC_RESPONSES = 5


def _with_questions(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    return queryset.prefetch_related(
        Prefetch(
            "questions",
            queryset=SurveyQuestion.objects.order_by(
                "sort_order", "pk"
            ).prefetch_related(
                Prefetch(
                    "choices", queryset=SurveyChoice.objects.order_by("sort_order")
                )
            ),
        )
    )


def surveys_for_listing(*, now=None) -> list[Survey]:
    """Open surveys first, then finished ones whose results are public."""
    now = now or timezone.now()
    surveys = list(
        Survey.objects.filter(
            Q(status=SurveyStatus.OPEN)
            | Q(status=SurveyStatus.CLOSED, results_public=True)
        ).order_by("-created_at")
    )
    open_ = [s for s in surveys if s.accepts_answers(now)]
    finished = [s for s in surveys if not s.accepts_answers(now) and s.results_public]
    return open_ + finished


def survey_for_display(*, slug: str, user: Any) -> Survey:
    """A survey with its questions and options; drafts only for editors (404)."""
    survey = _with_questions(Survey.objects.filter(slug=slug)).first()
    if survey is None or (survey.status == SurveyStatus.DRAFT and not is_editor(user)):
        raise Http404
    return survey


def results_visible(*, survey: Survey, user: Any) -> bool:
    if is_editor(user):
        return True
    return survey.results_public and survey.status != SurveyStatus.DRAFT


# --- results ---------------------------------------------------------------------------


def _share(count: int, total: int) -> Decimal:
    """Per cent with one decimal, rounded half up (as people round by hand)."""
    if not total:
        return Decimal("0.0")
    return (Decimal(count) * 100 / Decimal(total)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass
class ResultRow:
    label: str
    count: int
    share: Decimal  # per cent of those who answered the question
    bar: Decimal = Decimal(0)  # per cent of the longest bar, for the chart


@dataclass
class QuestionResult:
    question: SurveyQuestion
    number: int
    answered: int
    rows: list[ResultRow] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    unpublished_texts: int = 0
    # For editors only: the texts whose writers did not agree to publication.
    private_texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def has_chart(self) -> bool:
        return self.kind != QuestionKind.TEXT and self.answered > 0


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    suppressed: bool
    up_to_yesterday: bool
    questions: list[QuestionResult]
    min_responses: int = MIN_PUBLIC_RESPONSES


def _counted_responses(survey: Survey, *, full: bool, today) -> QuerySet:
    responses = SurveyResponse.objects.filter(survey=survey)
    if not full and survey.accepts_answers():
        responses = responses.filter(submitted_on__lt=today)
    return responses


def survey_results(*, survey: Survey, user: Any, today=None) -> SurveyResults:
    """Counts, shares, scale figures and published free text, per question.

    `survey` must come from `survey_for_display` (questions and options loaded).
    """
    today = today or timezone.localdate()
    full = is_editor(user)
    responses = _counted_responses(survey, full=full, today=today)
    total = responses.count()
    suppressed = not full and total < MIN_PUBLIC_RESPONSES
    questions = list(survey.questions.all())
    if suppressed:
        return SurveyResults(survey, total, True, False, [])

    answers = SurveyAnswer.objects.filter(response__in=responses)
    answered = dict(
        answers.values("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )
    chosen = Counter(
        dict(
            SurveyAnswerChoice.objects.filter(answer__response__in=responses)
            .values("choice_id")
            .annotate(n=Count("id"))
            .values_list("choice_id", "n")
        )
    )
    scale: dict[int, Counter] = defaultdict(Counter)
    for question_id, value, n in (
        answers.filter(question__kind=QuestionKind.SCALE, scale_value__isnull=False)
        .values("question_id", "scale_value")
        .annotate(n=Count("id"))
        .values_list("question_id", "scale_value", "n")
    ):
        scale[question_id][value] = n
    texts: dict[int, list[str]] = defaultdict(list)
    private: dict[int, list[str]] = defaultdict(list)
    unpublished: Counter = Counter()
    for question_id, text, may_publish in (
        answers.filter(question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("id")
        .values_list("question_id", "text", "response__may_publish_text")
    ):
        if may_publish:
            texts[question_id].append(text)
        else:
            unpublished[question_id] += 1
            if full:
                private[question_id].append(text)

    results = []
    for number, question in enumerate(questions, start=1):
        n = answered.get(question.pk, 0)
        result = QuestionResult(question=question, number=number, answered=n)
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            result.rows = [
                ResultRow(str(c.text), chosen[c.pk], _share(chosen[c.pk], n))
                for c in question.choices.all()
            ]
        elif question.kind == QuestionKind.SCALE:
            counts = scale[question.pk]
            result.rows = [
                ResultRow(_scale_label(question, v), counts[v], _share(counts[v], n))
                for v in range(question.scale_min, question.scale_max + 1)
            ]
            values = list(counts.elements())
            if values:
                result.mean = Decimal(str(statistics.fmean(values))).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                result.median = Decimal(str(statistics.median(values))).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
        else:
            result.texts = texts[question.pk]
            result.unpublished_texts = unpublished[question.pk]
            result.private_texts = private[question.pk]
        longest = max((row.count for row in result.rows), default=0)
        for row in result.rows:
            row.bar = _share(row.count, longest)
        results.append(result)
    up_to_yesterday = not full and survey.accepts_answers()
    return SurveyResults(survey, total, False, up_to_yesterday, results)


def _scale_label(question: SurveyQuestion, value: int) -> str:
    ends = {
        question.scale_min: question.scale_min_label,
        question.scale_max: question.scale_max_label,
    }
    label = ends.get(value) or ""
    return f"{value} – {label}" if label else str(value)


def survey_answer_rows(*, survey: Survey) -> tuple[list[str], list[list[str]]]:
    """Every response as one row, for editors: no respondent, no date, and free
    text only where the respondent agreed to publication. Rows in random order."""
    questions = list(survey.questions.all())
    choice_text = {c.pk: str(c.text) for q in questions for c in q.choices.all()}
    responses = (
        SurveyResponse.objects.filter(survey=survey)
        .order_by("id")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=SurveyAnswer.objects.prefetch_related(
                    Prefetch("chosen", queryset=SurveyAnswerChoice.objects.all())
                ),
            )
        )
    )
    header = [str(q.text) for q in questions]
    rows = []
    for response in responses:
        by_question = {a.question_id: a for a in response.answers.all()}
        row = []
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                row.append("")
            elif question.kind == QuestionKind.SCALE:
                row.append(str(answer.scale_value))
            elif question.kind == QuestionKind.TEXT:
                row.append(answer.text if response.may_publish_text else "")
            else:
                # In the order of the options, not the order they were stored in.
                ids = {c.choice_id for c in answer.chosen.all()}
                row.append(
                    " | ".join(
                        choice_text[c.pk] for c in question.choices.all() if c.pk in ids
                    )
                )
        rows.append(row)
    return header, rows
