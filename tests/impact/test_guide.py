"""The guided mode: nine numbered steps with progress, each saving through the same
forms and services as the editing pages, errors as 400 with the error summary,
"add another" and "save and continue", resuming, and the review with what is missing."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.impact.enums import Level, ModelStatus
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    ImpactModel,
    Stakeholder,
    Story,
)
from tests.factories import UserFactory
from tests.impact.model_factories import make_model, step

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"impact:{name}", kwargs=kwargs)


def step_url(model, n):
    return url("guide_step", uuid=model.uuid, step=n)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_guide_needs_login(client):
    assert client.get(url("guide")).status_code == 302


def test_first_step_shows_progress_and_an_example(client, member, en):
    html = client.get(url("guide")).content.decode()
    assert "Step 1 of 9" in html
    assert 'aria-current="step"' in html
    assert "<ol>" in html
    assert "Example" in html
    assert 'id="id_title"' in html


def test_first_step_with_errors_is_400_and_saves_nothing(client, member, en):
    response = client.post(url("guide"), {"title": "", "language": "sv"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "Give the model a title." in html
    assert not ImpactModel.objects.filter(created_by=member).exists()


def test_first_step_creates_the_draft_and_goes_on(client, member):
    response = client.post(
        url("guide"), {"title": "Läxhjälp", "summary": "Kort", "language": "sv"}
    )
    model = ImpactModel.objects.get(created_by=member)
    assert response["Location"] == step_url(model, 2)
    assert model.guided_step == 1
    assert model.status == ModelStatus.DRAFT


def test_add_another_stays_and_continue_moves_on(client, member):
    model = make_model(user=member, guided_step=1)
    response = client.post(
        step_url(model, 2),
        {"action": "add", "name": "Elever", "kind": "beneficial"},
    )
    assert response["Location"] == step_url(model, 2)
    assert Stakeholder.objects.filter(model=model).count() == 1
    model.refresh_from_db()
    assert model.guided_step == 1
    response = client.post(
        step_url(model, 2), {"action": "next", "name": "", "kind": "beneficial"}
    )
    assert response["Location"] == step_url(model, 3)
    assert Stakeholder.objects.filter(model=model).count() == 1
    model.refresh_from_db()
    assert model.guided_step == 2


def test_continue_saves_what_was_written(client, member):
    model = make_model(user=member)
    response = client.post(
        step_url(model, 3),
        {"action": "next", "level": "activity", "title": "Läxhjälp tre kvällar"},
    )
    assert response["Location"] == step_url(model, 4)
    assert ChangeStep.objects.get(model=model).level == Level.ACTIVITY


def test_a_step_only_takes_its_own_levels(client, member, en):
    model = make_model(user=member)
    response = client.post(
        step_url(model, 3), {"action": "add", "level": "outcome", "title": "Fel nivå"}
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not ChangeStep.objects.filter(model=model).exists()


def test_outputs_step_sets_the_level_itself(client, member):
    model = make_model(user=member)
    client.post(
        step_url(model, 4),
        {"action": "add", "level": "impact", "title": "120 träffar per termin"},
    )
    assert ChangeStep.objects.get(model=model).level == Level.OUTPUT


def test_links_wait_for_two_steps(client, member, en):
    model = make_model(user=member)
    step(model, Level.ACTIVITY, "Läxhjälp")
    html = client.get(step_url(model, 6)).content.decode()
    assert "at least two steps" in html
    assert 'name="source"' not in html
    response = client.post(step_url(model, 6), {"action": "next"})
    assert response["Location"] == step_url(model, 7)


def test_backward_link_in_the_guide_is_400(client, member, en):
    model = make_model(user=member)
    activity = step(model, Level.ACTIVITY, "Läxhjälp")
    outcome = step(model, Level.OUTCOME, "Fler klarar matte")
    response = client.post(
        step_url(model, 6),
        {
            "action": "next",
            "source": outcome.pk,
            "target": activity.pk,
            "evidence_grade": "none",
        },
    )
    assert response.status_code == 400
    assert "cannot lead back" in response.content.decode()
    assert not ChangeLink.objects.filter(model=model).exists()
    model.refresh_from_db()
    assert model.guided_step == 0


def test_indicator_step_asks_only_the_basics(client, member):
    model = make_model(user=member)
    step(model, Level.OUTCOME, "Fler klarar matte")
    form = client.get(step_url(model, 7)).context["form"]
    assert set(form.fields) == {
        "step",
        "name",
        "unit",
        "baseline",
        "target",
        "higher_is_better",
    }


def test_story_step_without_consent_is_400(client, member, en):
    model = make_model(user=member)
    outcome = step(model, Level.OUTCOME, "Fler klarar matte")
    data = {
        "action": "next",
        "step": outcome.pk,
        "title": "Jag vågar fråga",
        "text": "Nu klarar jag provet.",
        "teller": "elev, 14 år",
        "consent_method": "written",
        "consent_given_on": timezone.localdate().isoformat(),
    }
    response = client.post(step_url(model, 8), data)
    assert response.status_code == 400
    assert "impact-story-2025-1" in response.content.decode()
    assert not Story.objects.filter(step__model=model).exists()
    response = client.post(step_url(model, 8), {**data, "consent": "on"})
    assert response["Location"] == step_url(model, 9)
    assert Story.objects.filter(step__model=model).count() == 1


def test_stories_are_optional(client, member):
    model = make_model(user=member)
    step(model, Level.OUTCOME, "Fler klarar matte")
    response = client.post(
        step_url(model, 8),
        {"action": "next", "consent_method": "", "consent_given_on": ""},
    )
    assert response["Location"] == step_url(model, 9)


def test_review_shows_the_diagram_and_what_is_missing(client, member, en):
    model = make_model(user=member)
    activity = step(model, Level.ACTIVITY, "Läxhjälp")
    outcome = step(model, Level.OUTCOME, "Fler klarar matte")
    ChangeLink.objects.create(model=model, source=activity, target=outcome)
    html = client.get(step_url(model, 9)).content.decode()
    assert "Step 9 of 9" in html
    assert 'role="img"' in html
    assert "The outcome “Fler klarar matte” has no indicator." in html
    assert "has no evidence" in html
    assert url("model_publish", uuid=model.uuid) in html


def test_publish_from_the_review(client, member):
    model = make_model(user=member)
    step(model, Level.OUTCOME, "Fler klarar matte")
    response = client.post(
        url("model_publish", uuid=model.uuid),
        {"publish": "1", "next": url("model_detail", uuid=model.uuid)},
    )
    assert response["Location"] == url("model_detail", uuid=model.uuid)
    model.refresh_from_db()
    assert model.status == ModelStatus.PUBLISHED


def test_first_step_of_an_existing_model_updates_it(client, member):
    model = make_model(user=member, guided_step=5)
    response = client.post(
        step_url(model, 1), {"title": "Nytt namn", "language": "en", "summary": ""}
    )
    assert response["Location"] == step_url(model, 2)
    model.refresh_from_db()
    assert model.title == "Nytt namn"
    assert model.guided_step == 5  # the furthest step reached is kept


def test_strangers_and_unknown_steps(client, member):
    draft = make_model()
    published = make_model(published=True)
    assert client.get(step_url(draft, 2)).status_code == 404
    assert client.get(step_url(published, 2)).status_code == 403
    mine = make_model(user=member)
    assert client.get(step_url(mine, 0)).status_code == 404
    assert client.get(step_url(mine, 10)).status_code == 404


def test_every_step_renders(client, member):
    model = make_model(user=member)
    step(model, Level.ACTIVITY, "Läxhjälp")
    step(model, Level.OUTCOME, "Fler klarar matte")
    for n in range(1, 10):
        assert client.get(step_url(model, n)).status_code == 200, n


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=st.text(max_size=250),
    summary=st.text(max_size=50),
    language=st.sampled_from(["sv", "en", "xx", ""]),
    level=st.sampled_from(["input", "activity", "outcome", "", "x"]),
    date=st.one_of(st.text(max_size=12), st.just("2026-01-01")),
)
def test_any_input_is_saved_or_refused_never_a_500(
    client, member, title, summary, language, level, date
):
    response = client.post(
        url("guide"), {"title": title, "summary": summary, "language": language}
    )
    assert response.status_code in (302, 400)
    model = make_model(user=member)
    response = client.post(
        step_url(model, 3), {"action": "add", "level": level, "title": title}
    )
    assert response.status_code in (302, 400)
    response = client.post(
        url("model_edit", uuid=model.uuid),
        {"title": title, "language": language, "period_start": date},
    )
    assert response.status_code in (302, 400)


def test_consent_date_in_the_future_is_refused(client, member, en):
    model = make_model(user=member)
    outcome = step(model, Level.OUTCOME, "Fler klarar matte")
    response = client.post(
        step_url(model, 8),
        {
            "action": "add",
            "step": outcome.pk,
            "title": "T",
            "text": "Text",
            "teller": "elev",
            "consent": "on",
            "consent_method": "oral",
            "consent_given_on": (
                timezone.localdate() + datetime.timedelta(days=1)
            ).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
