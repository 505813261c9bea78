"""Personal data in surveys: a member's answers to surveys that are not anonymous, and
the record that a member answered a survey (participation).

Answers to anonymous surveys are not personal data of anyone's we can find: they
hold no link to a person (see `motesplats.actors.models.surveys`), so they are
neither exported nor erased with an account — and they could not be.

Erasure: a non-anonymous response loses its link to the person and its free text is
blanked (free text may name them); its choices and scale values stay, without a
person, so the totals stay right. Participations are deleted.
Retention: participations and the link of a non-anonymous response last until the
account is deleted; a survey's editors may delete the whole survey earlier.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register


def _export(user) -> dict[str, Any]:
    from motesplats.actors.models import (  # noqa: PLC0415 -- app registry ready
        SurveyParticipation,
        SurveyResponse,
    )

    responses = (
        SurveyResponse.objects.filter(respondent=user)
        .select_related("survey")
        .prefetch_related("answers__question", "answers__choices")
        .order_by("submitted_on", "survey__title_sv")
    )
    return {
        "surveys_answered": [
            p.survey.title_sv
            for p in SurveyParticipation.objects.filter(user=user)
            .select_related("survey")
            .order_by("survey__title_sv")
        ],
        "answers_to_surveys_that_are_not_anonymous": [
            {
                "survey": r.survey.title_sv,
                "submitted_on": r.submitted_on.isoformat(),
                "may_publish_text": r.may_publish_text,
                "answers": [
                    {
                        "question": a.question.text_sv,
                        "choices": sorted(c.text_sv for c in a.choices.all()),
                        "scale_value": a.scale_value,
                        "text": a.text,
                    }
                    for a in sorted(
                        r.answers.all(), key=lambda a: a.question.sort_order
                    )
                ],
            }
            for r in responses
        ],
    }


def _erase(user) -> None:
    from motesplats.actors.models import (  # noqa: PLC0415 -- app registry ready
        SurveyAnswer,
        SurveyParticipation,
        SurveyResponse,
    )

    SurveyAnswer.objects.filter(response__respondent=user).update(text="")
    SurveyResponse.objects.filter(respondent=user).update(
        respondent=None, may_publish_text=False
    )
    SurveyParticipation.objects.filter(user=user).delete()


def _register() -> None:
    from motesplats.actors.models import (  # noqa: PLC0415 -- app registry ready
        SurveyParticipation,
        SurveyResponse,
    )

    register(
        PersonalDataHandler(
            name="survey_answers",
            title=_("Survey answers"),
            purpose=_(
                "To learn what members need, and to make sure no one answers a survey "
                "twice."
            ),
            data=_(
                "That you answered a survey, and your answers to surveys that are not "
                "anonymous. Answers to anonymous surveys hold no link to you."
            ),
            legal_basis=LegalBasis.CONSENT,
            period=_("Until you delete the account, or the survey is deleted."),
            kept_after_erasure=_(
                "Your choices and scale answers stay in the totals, without your name; "
                "your written answers are deleted."
            ),
            models=(SurveyResponse, SurveyParticipation),
            export=_export,
            erase=_erase,
            retention="Until the account is deleted: then answers to surveys that are "
            "not anonymous lose the link to the person and their free text, and the "
            "records of having answered are deleted. Anonymous answers hold no link "
            "to anyone.",
        )
    )


_register()
