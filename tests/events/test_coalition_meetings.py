"""The coalition page lists the coalition's meetings (events app's section)."""

import datetime

from django.utils import timezone

import pytest

from motesplats.actors.sections import coalition_sections
from motesplats.events.coalition_meetings import coalition_meetings
from motesplats.events.models import EventPage
from tests.actors.factories import CoalitionFactory

pytestmark = pytest.mark.django_db


def _events(language):
    return EventPage.objects.live().filter(locale__language_code=language)


def _attach(coalition, page, *, days):
    """Point an event (both language versions) at the coalition, `days` from now."""
    start = timezone.now() + datetime.timedelta(days=days)
    EventPage.objects.filter(translation_key=page.translation_key).update(
        coalition=coalition,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


def test_section_lists_upcoming_and_past_meetings(client):
    coalition = CoalitionFactory()
    pages = list(_events("sv").order_by("pk")[:3])
    _attach(coalition, pages[0], days=10)
    _attach(coalition, pages[1], days=-10)
    english = {
        p.translation_key: p
        for p in _events("en").filter(
            translation_key__in=[p.translation_key for p in pages]
        )
    }
    html = client.get(f"/en/coalitions/{coalition.slug}/").content.decode()
    assert "Meetings" in html
    assert "Coming meetings" in html
    assert "Past meetings" in html
    assert english[pages[0].translation_key].title in html
    assert english[pages[1].translation_key].title in html
    assert english[pages[2].translation_key].url not in html


def test_no_section_without_meetings(rf):
    coalition = CoalitionFactory()
    request = rf.get("/")
    assert coalition_meetings(coalition, request) is None
    titles = [s.title for s in coalition_sections(coalition, request)]
    assert "Meetings" not in titles


def test_unpublished_meeting_is_not_listed(rf):
    coalition = CoalitionFactory()
    page = _events("sv").first()
    _attach(coalition, page, days=5)
    EventPage.objects.filter(translation_key=page.translation_key).update(live=False)
    assert coalition_meetings(coalition, rf.get("/")) is None
