"""Impact model parts on their own pages: stakeholders, steps, links (refused when
backward), indicators, values per period, stories with consent; parts of another model
are a 404."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.impact.enums import Level
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    IndicatorValue,
    Stakeholder,
    Story,
)
from tests.impact.model_factories import make_full_model, make_model, step

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"impact:{name}", kwargs=kwargs)


# --- parts ------------------------------------------------------------------------------


def test_add_a_stakeholder_and_a_step(client):
    model = make_model()
    client.force_login(model.created_by)
    response = client.post(
        url("part_add", uuid=model.uuid, kind="stakeholder"),
        {"name": "Föräldrar", "description": "", "kind": "contributing"},
    )
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get(model=model)
    response = client.post(
        url("part_add", uuid=model.uuid, kind="step"),
        {
            "level": "activity",
            "title": "Föräldraträffar",
            "stakeholder": stakeholder.pk,
        },
    )
    assert response.status_code == 302
    assert ChangeStep.objects.get(model=model).stakeholder == stakeholder


def test_step_with_errors_is_400(client, en):
    model = make_model()
    client.force_login(model.created_by)
    response = client.post(
        url("part_add", uuid=model.uuid, kind="step"), {"level": "nope", "title": ""}
    )
    assert response.status_code == 400
    assert "Write a title for the step." in response.content.decode()
    assert not ChangeStep.objects.filter(model=model).exists()


def test_backward_link_is_refused_with_a_message(client, en):
    model = make_model()
    outcome = step(model, Level.OUTCOME, "Effekt")
    activity = step(model, Level.ACTIVITY, "Aktivitet")
    client.force_login(model.created_by)
    response = client.post(
        url("part_add", uuid=model.uuid, kind="link"),
        {"source": outcome.pk, "target": activity.pk, "evidence_grade": "none"},
    )
    assert response.status_code == 400
    assert "cannot lead back" in response.content.decode()
    assert not ChangeLink.objects.filter(model=model).exists()


def test_edit_a_link_keeps_it(client):
    model, steps, _ind = make_full_model()
    link = ChangeLink.objects.get(source=steps[Level.OUTPUT])
    client.force_login(model.created_by)
    response = client.post(
        url("part_edit", uuid=model.uuid, kind="link", pk=link.pk),
        {
            "source": steps[Level.ACTIVITY].pk,
            "target": steps[Level.IMPACT].pk,
            "assumption": "Ny",
            "evidence_grade": "independent",
        },
    )
    assert response.status_code == 302
    moved = ChangeLink.objects.get(pk=link.pk)
    assert (moved.source, moved.target) == (steps[Level.ACTIVITY], steps[Level.IMPACT])


def test_parts_of_another_model_are_404(client):
    mine = make_model()
    other, steps, indicator = make_full_model()
    client.force_login(mine.created_by)
    link = ChangeLink.objects.filter(model=other).first()
    for kind, pk in (
        ("link", link.pk),
        ("step", steps[Level.INPUT].pk),
        ("indicator", indicator.pk),
    ):
        assert (
            client.get(url("part_edit", uuid=mine.uuid, kind=kind, pk=pk)).status_code
            == 404
        )
        assert (
            client.post(
                url("part_delete", uuid=mine.uuid, kind=kind, pk=pk)
            ).status_code
            == 404
        )
    assert ChangeLink.objects.filter(pk=link.pk).exists()


def test_record_a_value_replaces_the_same_period(client):
    model, _steps, indicator = make_full_model()
    client.force_login(model.created_by)
    data = {"period_start": "2025-07-01", "period_end": "2025-12-31", "value": "70"}
    response = client.post(url("value_add", uuid=model.uuid, pk=indicator.pk), data)
    assert response.status_code == 302
    assert indicator.values.count() == 2
    assert indicator.values.get(period_start=datetime.date(2025, 7, 1)).value == 70


def test_value_with_errors_is_400(client):
    model, _steps, indicator = make_full_model()
    client.force_login(model.created_by)
    response = client.post(
        url("value_add", uuid=model.uuid, pk=indicator.pk),
        {"period_start": "2025-12-31", "period_end": "2025-01-01", "value": "x"},
    )
    assert response.status_code == 400
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2


def test_story_needs_consent_and_shows_the_version(client, en):
    model, steps, _ind = make_full_model()
    Story.objects.filter(step__model=model).delete()
    client.force_login(model.created_by)
    page = client.get(url("part_add", uuid=model.uuid, kind="story")).content.decode()
    assert "impact-story-2025-1" in page
    data = {
        "step": steps[Level.OUTCOME].pk,
        "title": "En berättelse",
        "text": "Det blev bättre.",
        "teller": "deltagare, 19 år",
        "consent_method": "oral",
        "consent_given_on": timezone.localdate().isoformat(),
    }
    response = client.post(url("part_add", uuid=model.uuid, kind="story"), data)
    assert response.status_code == 400
    assert "has agreed" in response.content.decode()
    assert not Story.objects.filter(step__model=model).exists()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("part_add", uuid=model.uuid, kind="story"),
        {**data, "consent": "on", "consent_given_on": future},
    )
    assert response.status_code == 400
    assert not Story.objects.filter(step__model=model).exists()
    response = client.post(
        url("part_add", uuid=model.uuid, kind="story"), {**data, "consent": "on"}
    )
    assert response.status_code == 302
    story = Story.objects.get(step__model=model)
    assert story.recorded_by == model.created_by
    assert story.consent_text_version == "impact-story-2025-1"


def test_delete_a_step_asks_first(client):
    model, steps, _ind = make_full_model()
    client.force_login(model.created_by)
    target = steps[Level.INPUT]
    page = client.get(url("part_delete", uuid=model.uuid, kind="step", pk=target.pk))
    assert page.status_code == 200
    assert ChangeStep.objects.filter(pk=target.pk).exists()
    client.post(url("part_delete", uuid=model.uuid, kind="step", pk=target.pk))
    assert not ChangeStep.objects.filter(pk=target.pk).exists()
