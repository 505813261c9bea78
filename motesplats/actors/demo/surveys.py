"""Demo survey: where actors need more knowledge to enable social innovation.

Texts in `surveys.json`; 40 fictional, anonymous responses drawn with a fixed seed,
so the results are the same on every load. Written in bulk (a handful of queries).
"""

import random
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from motesplats.actors.enums import QuestionKind, SurveyAudience, SurveyStatus
from motesplats.actors.models import (
    Survey,
    SurveyAnswer,
    SurveyAnswerChoice,
    SurveyQuestion,
    SurveyResponse,
)
from motesplats.actors.services.surveys import survey_choices_sync
from motesplats.core.demo import load_json

RESPONSES = 40
SEED = 2026


@transaction.atomic
def load() -> Survey | None:
    data = load_json(Path(__file__).parent, "surveys.json")
    if Survey.objects.filter(slug=data["slug"]).exists():
        return None
    survey = Survey.objects.create(
        slug=data["slug"],
        title_sv=data["title_sv"],
        title_en=data["title_en"],
        intro_sv=data["intro_sv"],
        intro_en=data["intro_en"],
        audience=SurveyAudience.ALL,
        is_anonymous=True,
        results_public=True,
        status=SurveyStatus.OPEN,
    )
    for order, q in enumerate(data["questions"]):
        SurveyQuestion.objects.create(
            survey=survey,
            sort_order=order,
            kind=q["kind"],
            text_sv=q["text_sv"],
            text_en=q["text_en"],
            help_sv=q.get("help_sv", ""),
            help_en=q.get("help_en", ""),
            is_required=q.get("required", False),
            choices_sv="\n".join(q.get("choices_sv", [])),
            choices_en="\n".join(q.get("choices_en", [])),
            scale_min=q.get("scale_min", 1),
            scale_max=q.get("scale_max", 5),
            scale_min_label_sv=q.get("scale_min_label_sv", ""),
            scale_min_label_en=q.get("scale_min_label_en", ""),
            scale_max_label_sv=q.get("scale_max_label_sv", ""),
            scale_max_label_en=q.get("scale_max_label_en", ""),
        )
    survey_choices_sync(survey=survey)
    _respond(survey, data)
    return survey


def _respond(survey: Survey, data: dict) -> None:
    rng = random.Random(SEED)  # noqa: S311 -- repeatable demo data, not secrets
    questions = list(survey.questions.prefetch_related("choices"))
    texts = list(data["texts"])
    today = timezone.localdate()
    responses, answers, chosen = [], [], []
    for n in range(RESPONSES):
        text = texts[n] if n < len(texts) else None
        response = SurveyResponse(
            survey=survey,
            respondent=None,
            may_publish_text=bool(text and text["may_publish"]),
            submission_key=f"demo-{survey.slug}-{n}",
            submitted_on=today - timedelta(days=1 + rng.randrange(30)),
        )
        responses.append(response)
        for question in questions:
            options = list(question.choices.all())
            answer = SurveyAnswer(response=response, question=question)
            if question.kind == QuestionKind.SINGLE:
                picked = rng.choices(options, weights=data["sector_weights"])[:1]
            elif question.kind == QuestionKind.MULTIPLE:
                weights = data["need_weights"]
                picked = [
                    o for o, w in zip(options, weights, strict=True) if rng.random() < w
                ]
                picked = picked or [options[0]]
            elif question.kind == QuestionKind.SCALE:
                answer.scale_value = rng.choices([1, 2, 3, 4, 5], [2, 6, 9, 5, 1])[0]
                picked = []
            else:
                if text is None:
                    continue
                answer.text = text["text"]
                picked = []
            answers.append(answer)
            chosen.extend(SurveyAnswerChoice(answer=answer, choice=o) for o in picked)
    SurveyResponse.objects.bulk_create(responses)
    SurveyAnswer.objects.bulk_create(answers)
    SurveyAnswerChoice.objects.bulk_create(chosen)
