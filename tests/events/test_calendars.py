"""Calendar files and the frab schedule JSON: right wall-clock times in Stockholm summer
and winter, UIDs that never change, the C3VOC shape, and no private data."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone, translation

import icalendar
import pytest

from motesplats.events.calendars import (
    agenda_calendar,
    event_calendar,
    schedule_frab,
    session_calendar,
)
from motesplats.events.enums import EventFormat, EventLanguage, SessionKind
from motesplats.events.models import Room, Session, Track

from .factories import make_event
from .test_programme import add_person, add_session, english

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")
BASE = "https://motesplats.example/"


def parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def vevents(content: bytes) -> list:
    return parse(content).walk("VEVENT")


def session_on(event, when: datetime, minutes=60, **fields) -> Session:
    fields.setdefault("kind", SessionKind.SEMINAR)
    return Session.objects.create(
        event=event,
        title_sv=fields.pop("title_sv", "Pass"),
        starts_at=when,
        ends_at=when + timedelta(minutes=minutes),
        **fields,
    )


# --- iCalendar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [
        (datetime(2026, 7, 1, 10, 0, tzinfo=TZ), 8),  # summer time, UTC+2
        (datetime(2027, 1, 15, 10, 0, tzinfo=TZ), 9),  # winter time, UTC+1
    ],
)
def test_session_times_are_stockholm_wall_clock_in_summer_and_winter(local, utc_hour):
    event = make_event()
    session = session_on(event, local, title_sv="Tidspass")
    content = session_calendar(session, language="sv")
    calendar = parse(content)
    (entry,) = calendar.walk("VEVENT")
    start = entry.decoded("DTSTART")
    assert entry["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(UTC).hour == utc_hour
    assert entry.decoded("DTEND") - start == timedelta(hours=1)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert b"DTSTART;TZID=Europe/Stockholm:" in content


def test_vtimezone_describes_both_offsets():
    event = make_event()
    session = session_on(event, datetime(2026, 7, 1, 10, 0, tzinfo=TZ))
    (zone,) = parse(session_calendar(session, language="sv")).walk("VTIMEZONE")
    offsets = {part.decoded("TZOFFSETTO") for part in zone.subcomponents}
    assert {timedelta(hours=1), timedelta(hours=2)} <= offsets


def test_uids_are_stable_and_distinct():
    event = make_event()
    session = add_session(event, "Stabil")
    first = vevents(session_calendar(session, language="sv"))[0]["UID"]
    again = vevents(session_calendar(session, language="en"))[0]["UID"]
    event_uid = vevents(event_calendar(event, language="sv"))[0]["UID"]
    assert first == again
    assert str(session.guid) in first
    assert str(event.translation_key) in str(event_uid)
    assert "@" in event_uid
    assert event_uid != first


def test_event_calendar_has_the_event_in_the_chosen_language():
    event = make_event(address="Nordenskiöldsgatan 1")
    english_page = english(event, summary="Meet the network.")
    (swedish,) = vevents(event_calendar(event, language="sv"))
    (in_english,) = vevents(event_calendar(english_page, language="en"))
    assert str(swedish["SUMMARY"]) == event.title
    assert str(in_english["SUMMARY"]) == english_page.title
    assert str(in_english["DESCRIPTION"]) == "Meet the network."
    assert str(swedish["LOCATION"]) == "Orkanen, Nordenskiöldsgatan 1, Malmö"
    assert str(in_english["URL"]) == english_page.get_full_url()
    assert str(swedish["URL"]) == event.get_full_url()
    assert in_english["UID"] == swedish["UID"]
    assert in_english.decoded("DTSTART") == event.starts_at
    assert "DTSTAMP" in swedish


def test_digital_event_is_located_online():
    event = make_event(format=EventFormat.DIGITAL)
    with translation.override("en"):
        (entry,) = vevents(event_calendar(event, language="en"))
    assert str(entry["LOCATION"]) == "Online"


def test_session_calendar_names_room_speakers_and_links_the_session():
    event = make_event()
    room = Room.objects.create(event=event, name="Sal B")
    session = add_session(
        event,
        "Samverkan",
        title_en="Collaboration",
        description_en="How to work together.",
        room=room,
    )
    add_person(session, "Ida Lind")
    (entry,) = vevents(session_calendar(session, language="en"))
    assert str(entry["SUMMARY"]) == f"Collaboration ({event.title})"
    assert str(entry["LOCATION"]).startswith("Sal B, Orkanen")
    assert "Ida Lind" in str(entry["DESCRIPTION"])
    assert "How to work together." in str(entry["DESCRIPTION"])
    with translation.override("en"):
        path = reverse("events:session_detail", kwargs={"session_id": session.pk})
    assert str(entry["URL"]).endswith(path)
    assert "ida@example.org" not in session_calendar(session, language="en").decode()


def test_agenda_calendar_has_one_entry_per_session_and_a_name():
    first, second = make_event(), make_event(starts_in=timedelta(days=60))
    sessions = [add_session(first, "Ett"), add_session(second, "Två")]
    content = agenda_calendar(sessions, language="sv", name="Min agenda")
    calendar = parse(content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        f"Ett ({first.title})",
        f"Två ({second.title})",
    ]
    assert str(calendar["X-WR-CALNAME"]) == "Min agenda"
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 2


def test_calendar_views_serve_calendar_files(client):
    event = make_event()
    session = add_session(event, "Nedladdat")
    for url in (
        reverse("events:event_ics", kwargs={"event_id": event.pk}),
        reverse("events:session_ics", kwargs={"session_id": session.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        assert len(vevents(response.content)) == 1


# --- frab / C3VOC schedule JSON ------------------------------------------------------

# Required keys as listed in the C3VOC schema (https://c3voc.de/schedule/schema.json).
CONFERENCE_KEYS = {
    "title",
    "acronym",
    "days",
    "daysCount",
    "start",
    "end",
    "timeslot_duration",
}
DAY_KEYS = {"date", "day_end", "day_start", "index", "rooms"}
TALK_KEYS = {
    "abstract",
    "date",
    "duration",
    "guid",
    "id",
    "language",
    "links",
    "persons",
    "room",
    "slug",
    "start",
    "subtitle",
    "title",
    "track",
    "type",
    "url",
}
# The schema forbids other keys on conferences, days and talks.
CONFERENCE_ALLOWED = CONFERENCE_KEYS | {
    "description",
    "time_zone_name",
    "logo",
    "colors",
    "keywords",
    "url",
    "tracks",
    "rooms",
    "meta",
}
TALK_ALLOWED = TALK_KEYS | {
    "logo",
    "description",
    "recording_license",
    "do_not_record",
    "do_not_stream",
    "attachments",
    "answers",
}


@pytest.fixture
def conference():
    """A two-day event with rooms, a track and sessions with and without rooms."""
    # 09:00 to 17:00 the next day, local time, whatever the time of the run.
    now = timezone.now()
    day_one = (
        (now + timedelta(days=30))
        .astimezone(TZ)
        .replace(hour=9, minute=0, second=0, microsecond=0)
    )
    event = make_event(starts_in=day_one - now, hours=32)
    assert event.starts_at == day_one
    hall = Room.objects.create(event=event, name="Stora salen", sort_order=0)
    Room.objects.create(event=event, name="Lilla salen", sort_order=1)
    track = Track.objects.create(event=event, name_sv="Finansiering", slug="fin")
    keynote = session_on(
        event,
        day_one,
        minutes=45,
        title_sv="Öppningstal",
        title_en="Opening address",
        description_sv="Första stycket.\n\nAndra stycket.",
        kind=SessionKind.KEYNOTE,
        room=hall,
        track=track,
        language=EventLanguage.SV_EN,
    )
    add_person(keynote, "Klara Öppen", consent=True, bio_sv="Om Klara.")
    add_person(keynote, "Lars Tyst", consent=False, bio_sv="Hemlig bio.")
    session_on(
        event,
        day_one + timedelta(hours=1),
        minutes=15,
        title_sv="Fika",
        kind=SessionKind.BREAK,
    )
    session_on(
        event,
        day_one + timedelta(days=1, hours=1),
        minutes=90,
        title_sv="Verkstad",
        kind=SessionKind.WORKSHOP,
        room=hall,
        language=EventLanguage.EN,
    )
    return event, keynote


def test_schedule_has_the_c3voc_structure(conference):
    event, _keynote = conference
    data = schedule_frab(event, language="sv", base_url=BASE)
    assert data["$schema"] == "https://c3voc.de/schedule/schema.json"
    schedule = data["schedule"]
    assert {"version", "conference"} <= set(schedule)
    assert schedule["base_url"] == BASE
    conf = schedule["conference"]
    assert set(conf) >= CONFERENCE_KEYS
    assert set(conf) <= CONFERENCE_ALLOWED
    assert re.fullmatch(r"[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?", conf["acronym"])
    assert conf["time_zone_name"] == "Europe/Stockholm"
    assert conf["daysCount"] == 2
    assert len(conf["days"]) == 2
    assert conf["url"] == event.get_full_url()
    assert conf["tracks"] == [
        {"name": "Finansiering", "slug": "fin", "color": "#00594f"}
    ]
    for day in conf["days"]:
        assert set(day) == DAY_KEYS
        for talks in day["rooms"].values():
            for talk in talks:
                assert set(talk) >= TALK_KEYS
                assert set(talk) <= TALK_ALLOWED
                assert re.fullmatch(r"[0-9]+:[0-9]{2}", talk["duration"])
                assert re.fullmatch(r"[a-z0-9_-]+[a-z0-9]", talk["slug"])
                assert talk["links"] == []
                assert talk["attachments"] == []
                assert talk["do_not_record"] is False
    json.dumps(data)  # serialisable as it stands


def test_schedule_days_rooms_and_durations(conference):
    event, keynote = conference
    conf = schedule_frab(event, language="sv", base_url=BASE)["schedule"]["conference"]
    first, second = conf["days"]
    first_date = event.starts_at.astimezone(TZ).date()
    assert (first["index"], first["date"]) == (1, first_date.isoformat())
    assert second["date"] == (first_date + timedelta(days=1)).isoformat()
    assert [r["name"] for r in conf["rooms"]] == [
        "Stora salen",
        "Lilla salen",
        "Plenum",  # sessions without a room, named in the schedule's language
    ]
    assert all(len(r["guid"]) == 36 for r in conf["rooms"])
    (talk,) = first["rooms"]["Stora salen"]
    assert talk["guid"] == str(keynote.guid)
    assert talk["id"] == keynote.pk
    assert talk["start"] == "09:00"
    assert talk["duration"] == "00:45"
    assert talk["date"] == keynote.starts_at.astimezone(TZ).isoformat()
    assert talk["date"].endswith(("+01:00", "+02:00"))
    assert talk["track"] == "Finansiering"
    assert talk["type"] == "keynote"
    assert talk["language"] == "sv"
    assert talk["abstract"] == "Första stycket."
    assert talk["description"] == "Första stycket.\n\nAndra stycket."
    (fika,) = first["rooms"]["Plenum"]
    assert (fika["title"], fika["room"], fika["track"]) == ("Fika", "Plenum", None)
    assert first["rooms"]["Lilla salen"] == []
    (workshop,) = second["rooms"]["Stora salen"]
    assert workshop["duration"] == "01:30"
    assert workshop["language"] == "en"
    assert first["day_start"] <= talk["date"]
    assert conf["timeslot_duration"] == "00:15"


def test_schedule_persons_are_public_names_with_consented_bios_only(conference):
    event, _keynote = conference
    data = schedule_frab(event, language="sv", base_url=BASE)
    day = data["schedule"]["conference"]["days"][0]
    persons = day["rooms"]["Stora salen"][0]["persons"]
    assert persons[0]["name"] == "Klara Öppen"
    assert persons[0]["public_name"] == "Klara Öppen"
    assert persons[0]["biography"] == "Om Klara."
    assert set(persons[1]) == {"id", "name", "public_name"}
    text = json.dumps(data, ensure_ascii=False)
    assert "Hemlig bio." not in text
    assert "@" not in text
    assert "example.org" not in text


def test_schedule_in_english_uses_english_titles_and_urls(conference):
    event, keynote = conference
    english_page = english(event)
    data = schedule_frab(english_page, language="en", base_url=BASE)
    conf = data["schedule"]["conference"]
    talk = conf["days"][0]["rooms"]["Stora salen"][0]
    assert conf["title"] == english_page.title
    assert talk["title"] == "Opening address"
    assert talk["url"] == f"{BASE}en/events/sessions/{keynote.pk}/"


def test_digital_event_puts_roomless_sessions_online():
    event = make_event(format=EventFormat.DIGITAL)
    add_session(event, "Webbinarium")
    with translation.override("en"):
        conf = schedule_frab(event, language="en", base_url=BASE)["schedule"][
            "conference"
        ]
    assert [r["name"] for r in conf["rooms"]] == ["Online"]
    assert conf["days"][0]["rooms"]["Online"][0]["room"] == "Online"


def test_schedule_json_view(client, conference):
    event, _keynote = conference
    with translation.override("en"):
        url = reverse("events:schedule_json", kwargs={"event_id": event.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["schedule"]["base_url"] == "http://testserver/"
    assert "@" not in response.content.decode()


def test_schedule_json_of_unknown_event_is_404(client):
    url = reverse("events:schedule_json", kwargs={"event_id": 999999})
    assert client.get(url).status_code == 404
