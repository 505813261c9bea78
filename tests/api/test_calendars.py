"""iCalendar feeds of events: they parse with icalendar, keep Europe/Stockholm (a summer
and a winter event give the right UTC offsets), have stable UIDs, never carry the
meeting link, mark cancelled events and never show drafts or private events."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from wagtail.models import PageViewRestriction

import icalendar
import pytest

from motesplats.events.calendars import event_location
from motesplats.events.enums import EventFormat
from motesplats.events.models import EventPage
from tests.events.factories import make_event
from tests.events.test_programme import english

from .feeds_helpers import url

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")
CALENDARS = [
    ("feeds:all_ics", {}),
    ("feeds:node_ics", {"value": "malmo"}),
    ("feeds:theme_ics", {"value": "jamlik-halsa"}),
]


def calendar(client, name="feeds:node_ics", language="sv", **kwargs):
    kwargs = kwargs or ({"value": "malmo"} if name == "feeds:node_ics" else {})
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, icalendar.Calendar.from_ical(response.content)


def entry_for(parsed, event):
    uid = f"event-{event.translation_key}@"
    return next(e for e in parsed.walk("VEVENT") if str(e["UID"]).startswith(uid))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "kwargs"), CALENDARS)
def test_calendars_parse_and_keep_stockholm_time(client, name, kwargs, language):
    _response, parsed = calendar(client, name, language, **kwargs)
    assert parsed["VERSION"] == "2.0"
    assert parsed["X-WR-CALNAME"]
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    entries = parsed.walk("VEVENT")
    assert entries
    for entry in entries:
        assert entry["DTSTART"].params["TZID"] == "Europe/Stockholm"
        for key in ("UID", "DTSTAMP", "SUMMARY", "SEQUENCE", "LAST-MODIFIED", "STATUS"):
            assert key in entry, key


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [
        (datetime(2027, 7, 1, 10, 0, tzinfo=TZ), 8),  # summer time, UTC+2
        (datetime(2027, 1, 15, 10, 0, tzinfo=TZ), 9),  # winter time, UTC+1
    ],
)
def test_summer_and_winter_events_have_the_right_offsets(client, local, utc_hour):
    event = make_event(title="Tidsträff")
    event.starts_at = local
    event.ends_at = local + timedelta(hours=2)
    event.save_revision().publish()
    _response, parsed = calendar(client)
    entry = entry_for(parsed, event)
    start = entry.decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(UTC).hour == utc_hour
    offsets = {
        part.decoded("TZOFFSETTO")
        for zone in parsed.walk("VTIMEZONE")
        for part in zone.subcomponents
    }
    assert {timedelta(hours=1), timedelta(hours=2)} <= offsets


def test_uid_is_the_same_in_both_languages_and_url_is_the_page(client):
    event = make_event(title="Tvåspråkig träff")
    translated = english(event, title="Bilingual meeting")
    _r, swedish = calendar(client, "feeds:all_ics", "sv")
    _r, in_english = calendar(client, "feeds:all_ics", "en")
    sv_entry = entry_for(swedish, event)
    en_entry = entry_for(in_english, event)
    assert sv_entry["UID"] == en_entry["UID"]
    assert str(en_entry["SUMMARY"]) == "Bilingual meeting"
    assert str(en_entry["URL"]) == translated.get_full_url()
    assert str(sv_entry["URL"]) == event.get_full_url()


def test_the_meeting_link_is_never_in_a_calendar(client):
    secret = "https://meet.example.org/hemligt-rum-123"
    event = make_event(
        title="Digital träff", format=EventFormat.DIGITAL, online_url=secret
    )
    response, parsed = calendar(client)
    assert secret.encode() not in response.content
    assert str(entry_for(parsed, event)["LOCATION"]) == event_location(
        event, language="sv"
    )


def test_a_cancelled_event_is_marked_with_a_higher_sequence(client):
    event = make_event(title="Inställd träff")
    _r, parsed = calendar(client)
    before = entry_for(parsed, event)
    assert before["STATUS"] == "CONFIRMED"
    EventPage.objects.get(pk=event.pk).unpublish()  # as the admin does, from the row
    _r, parsed = calendar(client)
    after = entry_for(parsed, event)
    assert after["STATUS"] == "CANCELLED"
    assert int(after["SEQUENCE"]) >= int(before["SEQUENCE"])
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")
    assert "URL" not in after


def test_drafts_private_and_long_past_events_never_appear(client):
    private = make_event(title="Privat träff")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    EventPage.objects.get(pk=private.pk).unpublish()  # a private cancellation too
    old = make_event(title="Gammal träff", starts_in=timedelta(days=-400))
    draft = make_event(title="Utkastträff")
    draft.unpublish(log_action=False)
    draft.first_published_at = None
    draft.save()
    for name, kwargs in CALENDARS:
        response, _parsed = calendar(client, name, **kwargs)
        for title in ("Privat träff", "Gammal träff", "Utkastträff"):
            assert title.encode() not in response.content
    assert old.ends_at < timezone.now()


def test_calendar_is_cached_until_content_changes(
    client, django_assert_max_num_queries
):
    calendar(client)
    with django_assert_max_num_queries(0):
        calendar(client)
    make_event(title="Ny träff i kalendern")
    response, _parsed = calendar(client)
    assert "Ny träff i kalendern".encode() in response.content


@pytest.mark.parametrize("extra", [0, 5])
def test_query_count_is_flat(client, django_assert_max_num_queries, extra):
    for n in range(extra):
        make_event(title=f"Räknad träff {n}")
    with django_assert_max_num_queries(40):
        calendar(client)
