"""Impact models' personal data: export lists a member's models and recorded
stories; erasure unlinks them and deletes their unattached drafts; the purge removes
stories past RETENTION_IMPACT_STORY_DAYS and keeps younger ones."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

import pytest

from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.impact.enums import Level
from motesplats.impact.models import ImpactModel, Story
from tests.actors.factories import OrganisationFactory
from tests.factories import UserFactory
from tests.impact.model_factories import make_full_model, make_model, step

pytestmark = pytest.mark.django_db


def _story(model, *, days_ago=0, user=None):
    outcome = step(model, Level.OUTCOME, f"Effekt {days_ago}")
    return Story.objects.create(
        step=outcome,
        title=f"Berättelse {days_ago}",
        text="Det blev bättre.",
        teller="deltagare",
        consent_method="oral",
        consent_given_on=timezone.localdate() - timedelta(days=days_ago),
        consent_text_version="impact-story-2025-1",
        recorded_by=user or model.created_by,
    )


def test_export_lists_created_models_and_recorded_stories():
    user = UserFactory()
    model = make_model(user=user, title="Min modell")
    other = make_model(title="Någon annans modell")
    _story(other, user=user)
    section = user_export(user=user)["sections"]["impact_models"]
    assert [m["title"] for m in section["impact_models_created"]] == ["Min modell"]
    assert section["impact_models_created"][0]["status"] == model.status
    stories = section["stories_recorded"]
    assert [s["impact_model"] for s in stories] == ["Någon annans modell"]


def test_erasure_unlinks_and_deletes_unattached_drafts():
    user = UserFactory()
    lonely_draft = make_model(user=user, title="Ensamt utkast")
    published = make_model(user=user, title="Publicerad", published=True)
    org_draft = make_model(
        user=user, title="Organisationens utkast", organisation=OrganisationFactory()
    )
    other, _steps, _ind = make_full_model()
    story = _story(other, user=user)
    user_erase(user=user)
    assert not ImpactModel.objects.filter(pk=lonely_draft.pk).exists()
    published.refresh_from_db()
    org_draft.refresh_from_db()
    assert published.created_by is None
    assert org_draft.created_by is None
    story.refresh_from_db()
    assert story.recorded_by is None
    assert other.created_by is not None


def test_purge_removes_old_stories_and_keeps_young_ones():
    model = make_model()
    limit = settings.RETENTION_IMPACT_STORY_DAYS
    old = _story(model, days_ago=limit + 1)
    young = _story(model, days_ago=limit - 1)
    counts = user_purge_expired()
    assert counts["impact_stories"] >= 1
    assert not Story.objects.filter(pk=old.pk).exists()
    assert Story.objects.filter(pk=young.pk).exists()
    # A year on, the young one has passed its retention as well.
    user_purge_expired(now=timezone.now() + timedelta(days=365))
    assert not Story.objects.filter(pk=young.pk).exists()
