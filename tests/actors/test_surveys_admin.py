"""Building surveys in the admin: validation, and answered questions kept intact."""

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from motesplats.actors.enums import QuestionKind, SurveyStatus
from motesplats.actors.models import Survey, SurveyChoice, SurveyQuestion
from motesplats.core.models import AuditEntry
from motesplats.nodes.models import Node
from motesplats.nodes.services import national_editor_add, node_editor_add
from tests.factories import UserFactory, login_with_totp

from .test_surveys import answer, make_survey, options, parts

pytestmark = pytest.mark.django_db


def _login(client, user) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)


@pytest.fixture
def editor(client):
    user = UserFactory()
    national_editor_add(user=user)
    _login(client, user)
    return user


def _question(prefix: str, q: dict) -> dict:
    fields = {
        "id": "",
        "ORDER": "0",
        "DELETE": "",
        "kind": QuestionKind.SINGLE,
        "text_sv": "Fråga",
        "text_en": "Question",
        "help_sv": "",
        "help_en": "",
        "choices_sv": "",
        "choices_en": "",
        "scale_min": "1",
        "scale_max": "5",
        "scale_min_label_sv": "",
        "scale_min_label_en": "",
        "scale_max_label_sv": "",
        "scale_max_label_en": "",
    }
    fields.update(q)
    # A ticked checkbox is posted as "on"; an unticked one is not posted at all.
    if fields.pop("is_required", False):
        fields["is_required"] = "on"
    return {f"{prefix}-{k}": v for k, v in fields.items()}


def form(questions: list[dict], *, initial: int = 0, **fields) -> dict:
    data = {
        "title_sv": "Enkät om behov",
        "title_en": "Survey on needs",
        "slug": "enkat-om-behov",
        "intro_sv": "",
        "intro_en": "",
        "node": "",
        "audience": "all",
        "is_anonymous": "on",
        "results_public": "on",
        "status": SurveyStatus.DRAFT,
        "closes_at": "",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, q in enumerate(questions):
        data.update(_question(f"questions-{index}", {"ORDER": str(index), **q}))
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def existing(survey: Survey) -> list[dict]:
    """The survey's questions as the edit form posts them back unchanged."""
    rows = []
    for q in survey.questions.order_by("sort_order"):
        rows.append(
            {
                "id": str(q.pk),
                "kind": q.kind,
                "text_sv": q.text_sv,
                "text_en": q.text_en,
                "choices_sv": q.choices_sv,
                "choices_en": q.choices_en,
                "scale_min": str(q.scale_min),
                "scale_max": str(q.scale_max),
                "scale_min_label_en": q.scale_min_label_en,
                "scale_max_label_en": q.scale_max_label_en,
                "is_required": q.is_required,
            }
        )
    return rows


def edit_form(survey: Survey, rows: list[dict]) -> dict:
    return form(
        rows,
        initial=survey.questions.count(),
        title_sv=survey.title_sv,
        title_en=survey.title_en,
        slug=survey.slug,
        status=survey.status,
        is_anonymous="on" if survey.is_anonymous else None,
    )


ADD = "surveys:add"


def test_an_editor_builds_a_survey_and_its_options_become_choices(client, editor):
    data = form(
        [
            {
                "choices_sv": "Ja\nNej\n\n  Vet inte ",
                "choices_en": "Yes\nNo\nDon't know",
            },
            {
                "kind": QuestionKind.SCALE,
                "scale_min": "0",
                "scale_max": "10",
                "scale_min_label_sv": "Inte alls",
            },
            {"kind": QuestionKind.TEXT},
        ],
        status=SurveyStatus.OPEN,
    )
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(slug="enkat-om-behov")
    single, scale, text = survey.questions.order_by("sort_order")
    assert [(c.text_sv, c.text_en) for c in single.choices.all()] == [
        ("Ja", "Yes"),
        ("Nej", "No"),
        ("Vet inte", "Don't know"),
    ]
    assert (scale.scale_min, scale.scale_max) == (0, 10)
    assert not text.choices.exists()
    assert AuditEntry.objects.filter(
        action="actors.survey.created", actor=editor, object_id=str(survey.pk)
    ).exists()


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"choices_sv": "Bara en"}, "Write at least two options"),
        ({"choices_sv": "Ja\nja"}, "Each option must be different"),
        ({"choices_sv": "Ja\nNej", "choices_en": "Yes"}, "as many English options"),
        ({"choices_sv": "A\n" + "B" * 201}, "at most 200 characters"),
        (
            {"kind": QuestionKind.TEXT, "choices_sv": "Ja\nNej"},
            "Only single and multiple choice",
        ),
        (
            {"kind": QuestionKind.SCALE, "scale_min": "5", "scale_max": "5"},
            "must end above where it starts",
        ),
        (
            {"kind": QuestionKind.SCALE, "scale_min": "0", "scale_max": "20"},
            "A scale has at most 11 steps.",
        ),
        (
            {"kind": QuestionKind.SCALE, "scale_min": "-1", "scale_max": "5"},
            "Ensure this value is greater than or equal to 0.",
        ),
    ],
)
def test_a_badly_built_question_is_refused_and_nothing_is_saved(
    client, editor, question, message
):
    response = client.post(reverse(ADD), form([question]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Survey.objects.filter(slug="enkat-om-behov").exists()


def test_an_open_survey_needs_a_question(client, editor):
    response = client.post(reverse(ADD), form([], status=SurveyStatus.OPEN))
    assert response.status_code == 200
    assert "An open survey needs at least one question." in response.content.decode()
    assert not Survey.objects.filter(slug="enkat-om-behov").exists()


# --- editing after answers ------------------------------------------------------------


@pytest.fixture
def answered():
    survey = make_survey()
    answer(survey, single=0, areas=(0, 2), scale=4, text="Text")
    return survey


def _edit(client, survey, rows):
    return client.post(
        reverse("surveys:edit", args=[survey.pk]), edit_form(survey, rows)
    )


def test_an_answered_option_cannot_be_removed_or_reworded(client, editor, answered):
    single = parts(answered)[0]
    before = list(single.choices.values_list("pk", "text_sv"))
    for new in ("Privat\nIdéburen", "Offentlig sektor\nPrivat\nIdéburen"):
        rows = existing(answered)
        rows[0]["choices_sv"] = new
        rows[0]["choices_en"] = ""
        response = _edit(client, answered, rows)
        assert response.status_code == 200
        assert "These options have answers" in response.content.decode()
        assert "“Offentlig”" in response.content.decode()
    assert list(single.choices.values_list("pk", "text_sv")) == before
    single.refresh_from_db()
    assert single.choices_sv == "Offentlig\nPrivat\nIdéburen"


def test_options_can_be_added_and_reordered_after_answers(client, editor, answered):
    single = parts(answered)[0]
    answered_choice = options(single)[0]
    rows = existing(answered)
    rows[0]["choices_sv"] = "Akademin\nPrivat\nIdéburen\nOffentlig"
    rows[0]["choices_en"] = "Academia\nPrivate\nCivil society\nPublic"
    response = _edit(client, answered, rows)
    assert response.status_code == 302, response.content.decode()[:3000]
    choices = list(single.choices.order_by("sort_order"))
    assert [c.text_sv for c in choices] == [
        "Akademin",
        "Privat",
        "Idéburen",
        "Offentlig",
    ]
    # The answered option is the same row, so its answer still counts for it.
    assert choices[3].pk == answered_choice
    assert choices[3].chosen.count() == 1


def test_an_answered_question_cannot_change_kind_or_scale(client, editor, answered):
    rows = existing(answered)
    rows[0]["kind"] = QuestionKind.MULTIPLE
    rows[2]["scale_max"] = "7"
    response = _edit(client, answered, rows)
    body = response.content.decode()
    assert "its kind cannot change" in body
    assert "its scale cannot change" in body
    single, _m, scale, _t = parts(answered)
    assert single.kind == QuestionKind.SINGLE
    assert scale.scale_max == 5


def test_an_answered_question_cannot_be_removed(client, editor, answered):
    rows = existing(answered)
    rows[1]["DELETE"] = "1"
    response = _edit(client, answered, rows)
    assert response.status_code == 200
    assert "has answers and cannot be removed" in response.content.decode()
    assert answered.questions.count() == 4


def test_an_unanswered_question_can_be_removed(client, editor):
    survey = make_survey()
    rows = existing(survey)
    rows[1]["DELETE"] = "1"
    assert _edit(client, survey, rows).status_code == 302
    assert survey.questions.count() == 3
    assert not SurveyChoice.objects.filter(question__survey=survey, text_sv="Juridik")


def test_anonymity_cannot_change_once_answered(client, editor, answered):
    data = edit_form(answered, existing(answered))
    data.pop("is_anonymous")
    response = client.post(reverse("surveys:edit", args=[answered.pk]), data)
    assert response.status_code == 200
    assert "whether it is anonymous cannot change" in response.content.decode()
    answered.refresh_from_db()
    assert answered.is_anonymous is True


# --- who may build ---------------------------------------------------------------------


def test_members_cannot_open_the_survey_admin(client):
    member = UserFactory()
    _login(client, member)
    response = client.get(reverse("surveys:index"))
    assert response.status_code in (302, 403)
    assert client.post(reverse(ADD), form([{"choices_sv": "Ja\nNej"}])).status_code in (
        302,
        403,
    )
    assert not Survey.objects.filter(slug="enkat-om-behov").exists()


def test_node_editors_may_build_surveys(client):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=user)
    _login(client, user)
    assert client.get(reverse("surveys:index")).status_code == 200
    response = client.post(reverse(ADD), form([{"choices_sv": "Ja\nNej"}]))
    assert response.status_code == 302
    assert SurveyQuestion.objects.filter(survey__slug="enkat-om-behov").count() == 1


def test_an_answered_survey_can_be_deleted_whole(client, editor, answered):
    response = client.post(reverse("surveys:delete", args=[answered.pk]))
    assert response.status_code == 302
    assert not Survey.objects.filter(pk=answered.pk).exists()
    assert not SurveyQuestion.objects.filter(survey_id=answered.pk).exists()
    assert AuditEntry.objects.filter(
        action="actors.survey.deleted", actor=editor, data__id=answered.pk
    ).exists()
