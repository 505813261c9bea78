"""Writes for surveys: keeping a question's options in step with its text, answering.

Answering keeps anonymity (see `motesplats.actors.models.surveys`): on an anonymous
survey the response gets no user, the participation row no link to the response, and
the audit entry no actor and no response id.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.actors.enums import QuestionKind, SurveyAudience
from motesplats.actors.models import (
    Survey,
    SurveyAnswer,
    SurveyAnswerChoice,
    SurveyChoice,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from motesplats.actors.permissions import is_member
from motesplats.core.audit import log_action

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_MAX_LENGTH = 5000


class SurveyClosedError(ValidationError):
    """The survey takes no answers (draft, closed or past its closing time)."""


class AlreadyAnsweredError(ValidationError):
    """This member has answered the survey already."""


class MembersOnlyError(ValidationError):
    """Only signed-in members may answer."""


def option_lines(text: str) -> list[str]:
    """The options written one per line, without blank lines or outer spaces."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- building ------------------------------------------------------------------------


def survey_choices_sync(*, survey: Survey) -> None:
    """Make each question's `SurveyChoice` rows match its option lines.

    An option is matched by its Swedish text, so answers keep the option they chose
    when options are added or reordered. The admin form refuses removing or rewording
    an option that has answers; should one have been answered in between, it is kept.
    """
    questions = list(survey.questions.prefetch_related("choices"))
    for question in questions:
        lines_sv = option_lines(question.choices_sv)
        if question.kind not in CHOICE_KINDS:
            lines_sv = []
        lines_en = option_lines(question.choices_en)
        existing = {c.text_sv: c for c in question.choices.all()}
        keep: set[int] = set()
        for order, text_sv in enumerate(lines_sv):
            text_en = lines_en[order] if len(lines_en) == len(lines_sv) else ""
            choice = existing.get(text_sv)
            if choice is None:
                choice = SurveyChoice.objects.create(
                    question=question,
                    text_sv=text_sv,
                    text_en=text_en,
                    sort_order=order,
                )
            elif (choice.text_en, choice.sort_order) != (text_en, order):
                choice.text_en, choice.sort_order = text_en, order
                choice.save(update_fields=["text_en", "sort_order"])
            keep.add(choice.pk)
        question.choices.exclude(pk__in=keep).filter(chosen__isnull=True).delete()


@transaction.atomic
def survey_saved(*, survey: Survey, actor: Any, created: bool) -> Survey:
    """After an editor saved a survey in the admin: options in step, and logged."""
    survey_choices_sync(survey=survey)
    log_action(
        action=f"actors.survey.{'created' if created else 'changed'}",
        actor=actor,
        obj=survey,
        data={"status": survey.status},
    )
    return survey


# --- answering -----------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    """One question's answer as parsed by the form: ids, a scale value or text."""

    question_id: int
    choice_ids: tuple[int, ...] = field(default_factory=tuple)
    scale_value: int | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.choice_ids and self.scale_value is None and not self.text


def _checked_answers(
    questions: list[SurveyQuestion], answers: list[AnswerInput]
) -> list[AnswerInput]:
    """The same checks as the form, so no caller can store an answer that does not
    fit the survey; answers left empty are dropped."""
    by_id = {q.pk: q for q in questions}
    given = {a.question_id: a for a in answers}
    if len(given) != len(answers) or set(given) - set(by_id):
        raise ValidationError(
            _("The answers do not match this survey's questions."), code="tampered"
        )
    kept = []
    for question in questions:
        answer = given.get(question.pk)
        if answer is None or answer.is_empty:
            if question.is_required:
                raise ValidationError(
                    _("“%(question)s” needs an answer.") % {"question": question.text},
                    code="required",
                )
            continue
        choice_ids = {c.pk for c in question.choices.all()}
        fits = {
            QuestionKind.SINGLE: len(answer.choice_ids) == 1
            and set(answer.choice_ids) <= choice_ids,
            QuestionKind.MULTIPLE: set(answer.choice_ids) <= choice_ids
            and len(set(answer.choice_ids)) == len(answer.choice_ids),
            QuestionKind.SCALE: answer.scale_value is not None
            and question.scale_min <= answer.scale_value <= question.scale_max,
            QuestionKind.TEXT: len(answer.text) <= TEXT_MAX_LENGTH,
        }[question.kind]
        only_own = {
            QuestionKind.SINGLE: answer.scale_value is None and not answer.text,
            QuestionKind.MULTIPLE: answer.scale_value is None and not answer.text,
            QuestionKind.SCALE: not answer.choice_ids and not answer.text,
            QuestionKind.TEXT: not answer.choice_ids and answer.scale_value is None,
        }[question.kind]
        if not (fits and only_own):
            raise ValidationError(
                _("The answer to “%(question)s” is not one of its options.")
                % {"question": question.text},
                code="invalid",
            )
        kept.append(answer)
    return kept


def survey_respond(
    *,
    survey: Survey,
    user: Any,
    answers: list[AnswerInput],
    submission_key: str,
    may_publish_text: bool = False,
    today=None,
) -> bool:
    """Store one response. Returns False when this submission was stored already
    (a double submit), True when stored now.

    Raises SurveyClosedError, MembersOnlyError, AlreadyAnsweredError or a
    ValidationError for answers that do not fit; nothing is stored then.
    """
    if not submission_key:
        raise ValidationError(_("The form is incomplete; reload the page."))
    member = is_member(user)
    try:
        with transaction.atomic():
            if SurveyResponse.objects.filter(submission_key=submission_key).exists():
                return False
            _respond(
                survey=survey,
                user=user if member else None,
                answers=answers,
                submission_key=submission_key,
                may_publish_text=may_publish_text,
                today=today or timezone.localdate(),
            )
    except IntegrityError:
        # A second request with the same form raced the first: one response is kept.
        if SurveyResponse.objects.filter(submission_key=submission_key).exists():
            return False
        raise AlreadyAnsweredError(
            _("You have already answered this survey. Thank you!"), code="answered"
        ) from None
    return True


def _respond(
    *,
    survey: Survey,
    user: Any,
    answers: list[AnswerInput],
    submission_key: str,
    may_publish_text: bool,
    today,
) -> None:
    if not survey.accepts_answers():
        raise SurveyClosedError(
            _("This survey is closed and takes no more answers."), code="closed"
        )
    if survey.audience == SurveyAudience.MEMBERS and user is None:
        raise MembersOnlyError(
            _("Sign in to answer this survey: it is for members."), code="members"
        )
    questions = list(
        SurveyQuestion.objects.filter(survey=survey).prefetch_related("choices")
    )
    kept = _checked_answers(questions, answers)
    if not kept:
        raise ValidationError(
            _("Answer at least one question before you send."), code="empty"
        )
    if user is not None:
        if SurveyParticipation.objects.filter(survey=survey, user=user).exists():
            raise AlreadyAnsweredError(
                _("You have already answered this survey. Thank you!"),
                code="answered",
            )
        # No time and no link to the response: only that this member answered.
        SurveyParticipation.objects.create(survey=survey, user=user)
    has_text = any(a.text for a in kept)
    response = SurveyResponse.objects.create(
        survey=survey,
        respondent=None if survey.is_anonymous else user,
        may_publish_text=bool(may_publish_text and has_text),
        submission_key=submission_key,
        submitted_on=today,
    )
    rows = [
        SurveyAnswer(
            response=response,
            question_id=a.question_id,
            scale_value=a.scale_value,
            text=a.text,
        )
        for a in kept
    ]
    SurveyAnswer.objects.bulk_create(rows)
    SurveyAnswerChoice.objects.bulk_create(
        SurveyAnswerChoice(answer=row, choice_id=choice_id)
        for row, a in zip(rows, kept, strict=True)
        for choice_id in a.choice_ids
    )
    if survey.is_anonymous:
        # Neither who nor which response: the entry only counts that one came.
        log_action(action="actors.survey.answered", obj=survey)
    else:
        log_action(
            action="actors.survey.answered",
            actor=user,
            obj=survey,
            data={"response": str(response.pk)},
        )
