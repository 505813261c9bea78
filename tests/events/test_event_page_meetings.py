"""The event page leads to 1:1 meetings when the organisers offer them."""

from django.urls import reverse

from wagtail.models import Locale

import pytest

from motesplats.events.models import EventPage, MeetingSlot

pytestmark = pytest.mark.django_db


def test_event_page_links_to_meetings_only_when_slots_exist(client, en):
    offering = EventPage.objects.filter(
        pk__in=MeetingSlot.objects.values("event"), locale__language_code="sv"
    ).first()
    assert offering is not None, "the demo summit offers 1:1 meetings"
    english = offering.get_translation(Locale.objects.get(language_code="en"))
    link = reverse("events:meetings", args=[english.pk])
    assert link in client.get(english.url).content.decode()
    other = (
        EventPage.objects.live()
        .filter(locale__language_code="en")
        .exclude(translation_key=offering.translation_key)
        .first()
    )
    html = client.get(other.url).content.decode()
    assert "/meetings/" not in html
