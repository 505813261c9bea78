"""Personal data in surveys: export and erasure of answers and participations."""

import pytest

from motesplats.accounts.gdpr import covered_models
from motesplats.accounts.services import user_erase, user_export
from motesplats.actors.models import SurveyAnswer, SurveyParticipation, SurveyResponse
from tests.factories import UserFactory

from .test_surveys import answer, make_survey, parts

pytestmark = pytest.mark.django_db


def test_survey_models_linked_to_a_user_have_a_handler():
    assert {"actors.SurveyResponse", "actors.SurveyParticipation"} <= covered_models()


def test_export_lists_answers_to_named_surveys_and_participations_only():
    named, anonymous = make_survey(is_anonymous=False), make_survey()
    member = UserFactory()
    answer(named, member, single=1, areas=(0, 2), scale=5, text="Vi vill lära oss IOP.")
    answer(anonymous, member, text="Anonym text")
    section = user_export(user=member)["sections"]["survey_answers"]
    assert sorted(section["surveys_answered"]) == sorted(
        [named.title_sv, anonymous.title_sv]
    )
    [exported] = section["answers_to_surveys_that_are_not_anonymous"]
    assert exported["survey"] == named.title_sv
    by_question = {a["question"]: a for a in exported["answers"]}
    assert by_question["Sektor?"]["choices"] == ["Privat"]
    assert by_question["Områden?"]["choices"] == ["Finansiering", "Juridik"]
    assert by_question["Hur rustade?"]["scale_value"] == 5
    assert by_question["Berätta mer"]["text"] == "Vi vill lära oss IOP."
    assert "Anonym text" not in str(section)


def test_erasure_unlinks_named_answers_blanks_their_text_and_drops_participations():
    named, anonymous = make_survey(is_anonymous=False), make_survey()
    member, other = UserFactory(), UserFactory()
    answer(named, member, single=1, scale=5, text="Jag heter Greta och vill lära mig.")
    answer(anonymous, member, text="Anonym text som får publiceras")
    answer(named, other, text="Någon annans text")
    user_erase(user=member)

    erased = SurveyResponse.objects.get(survey=named, respondent__isnull=True)
    assert erased.may_publish_text is False
    texts = list(erased.answers.values_list("text", flat=True))
    assert "Jag heter Greta och vill lära mig." not in texts
    assert all(t == "" for t in texts)
    # The totals stay right: the choice and the scale value are kept without a person.
    single, _multiple, scale, _text = parts(named)
    assert erased.answers.get(question=single).choices.get().text_sv == "Privat"
    assert erased.answers.get(question=scale).scale_value == 5
    # Nothing else changed: another member's answer and the anonymous one.
    assert SurveyAnswer.objects.filter(text="Någon annans text").exists()
    assert SurveyAnswer.objects.filter(text="Anonym text som får publiceras").exists()
    assert not SurveyParticipation.objects.filter(survey=anonymous).exists()
    assert list(
        SurveyParticipation.objects.filter(survey=named).values_list("user", flat=True)
    ) == [other.pk]
