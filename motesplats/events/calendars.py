"""Calendar files (iCalendar, RFC 5545) and the frab/C3VOC schedule JSON.

Times are written in Europe/Stockholm with a TZID and a VTIMEZONE, so a calendar shows
the same wall-clock time the programme does, summer or winter. UIDs are built from
identifiers that never change (the event's translation key, the session's guid), so a
subscribed calendar updates an entry instead of adding a copy.

Sessions without a room appear in the schedule JSON under a room named after the event's
format: "Online" ("Digitalt") for a digital event, "Plenary" ("Plenum") otherwise — the
room everyone is in when nothing else is said.
"""

import math
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

import icalendar

from motesplats.core.i18n import localized
from motesplats.events.enums import EventFormat, EventLanguage
from motesplats.events.models import EventPage, Session
from motesplats.events.programme import (
    events_in_language,
    programme_sessions,
    speaker_bio,
)

TIME_ZONE_NAME = "Europe/Stockholm"
TIME_ZONE = ZoneInfo(TIME_ZONE_NAME)
PRODID = "-//Mötesplats//Evenemang//SV"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
# Subscribed agendas: how often calendar apps should fetch again.
REFRESH = timedelta(hours=6)
# Track colours for schedule apps (all 4.5:1 or better against white).
TRACK_COLOURS = ("#00594f", "#6a3d9a", "#a3400f", "#1f5fa8", "#7a5a00", "#b3005e")


def uid_domain() -> str:
    """The domain part of calendar UIDs: a setting, else the site's host name."""
    configured = getattr(settings, "EVENTS_CALENDAR_UID_DOMAIN", "")
    if configured:
        return configured
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).hostname
    return host or "motesplats.localhost"


def event_uid(event: EventPage) -> str:
    return f"event-{event.translation_key}@{uid_domain()}"


def session_uid(session: Session) -> str:
    return f"session-{session.guid}@{uid_domain()}"


def _local(value: datetime) -> datetime:
    return value.astimezone(TIME_ZONE)


def _language(language: str | None) -> str:
    return (language or settings.LANGUAGE_CODE).split("-")[0]


def _site_root(page: EventPage) -> str:
    """`https://host` of the site the page lives on (no trailing slash)."""
    parts = page.get_url_parts()
    root = parts[1] if parts else ""
    return (root or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


def _page_url(page: EventPage) -> str:
    return page.get_full_url() or ""


def session_url(session: Session, *, root: str, language: str) -> str:
    with translation.override(language):
        path = reverse("events:session_detail", kwargs={"session_id": session.pk})
    return f"{root}{path}"


def event_location(event: EventPage, *, language: str) -> str:
    """Venue, address and city; "Online" for a digital event (in `language`)."""
    with translation.override(language):
        online = _("Online")
        if event.format == EventFormat.DIGITAL:
            return online
        place = ", ".join(p for p in (event.venue_name, event.address, event.city) if p)
        if not place:
            return online
        if event.format == EventFormat.HYBRID:
            return _("%(place)s and online") % {"place": place}
        return place


def _calendar(*, language: str, name: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    calendar.add("x-wr-timezone", TIME_ZONE_NAME)
    return calendar


def _finish(calendar: icalendar.Calendar, starts: Iterable[datetime]) -> bytes:
    """Add the VTIMEZONE for the years the entries span, and serialise."""
    years = [value.astimezone(TIME_ZONE).year for value in starts]
    if years:
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 12, 1),
            last_date=date(max(years) + 1, 1, 31),
        )
    return calendar.to_ical()


def _vevent(
    *,
    uid: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    url: str,
    description: str,
    stamp: datetime,
    sequence: int | None = None,
    modified: datetime | None = None,
    cancelled: bool = False,
) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", uid)
    entry.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    entry.add("dtstart", _local(starts_at))
    entry.add("dtend", _local(ends_at))
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    if url:
        entry.add("url", url)
    if description:
        entry.add("description", description)
    if sequence is not None:
        entry.add("sequence", sequence)
    if modified is not None:
        entry.add("last-modified", modified.astimezone(ZoneInfo("UTC")))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


def event_sequence(page: EventPage, changed_at: datetime | None = None) -> int:
    """SEQUENCE: minutes from first publication to the latest change (a publication,
    or the cancellation), so it grows with every change and needs no stored counter."""
    first = page.first_published_at
    changed_at = changed_at or page.last_published_at
    if first is None or changed_at is None:
        return 0
    return max(0, int((changed_at - first).total_seconds() // 60))


def event_vevent(
    page: EventPage,
    *,
    language: str,
    stamp: datetime | None = None,
    cancelled_at: datetime | None = None,
) -> icalendar.Event:
    """One VEVENT for an event page that is already in `language`.

    The UID is the same in every language and calendar; SEQUENCE and LAST-MODIFIED
    follow the page's publications (DTSTAMP too unless `stamp` is given, so a feed's
    bytes stay the same until the event changes). The meeting link of an online event
    is never written: participants get it by e-mail. With `cancelled_at` the event is
    written as STATUS:CANCELLED, so subscribed calendars mark it instead of keeping a
    stale entry.
    """
    modified = cancelled_at or page.last_published_at
    summary = page.title
    if cancelled_at is not None:
        with translation.override(language):
            summary = _("Cancelled: %(title)s") % {"title": page.title}
    return _vevent(
        uid=event_uid(page),
        summary=summary,
        starts_at=page.starts_at,
        ends_at=page.ends_at,
        location=event_location(page, language=language),
        url="" if cancelled_at is not None else _page_url(page),
        description=page.summary,
        stamp=stamp or modified or timezone.now(),
        sequence=event_sequence(page, cancelled_at),
        modified=modified,
        cancelled=cancelled_at is not None,
    )


def _event_entry(page: EventPage, *, language: str, stamp: datetime):
    return event_vevent(page, language=language, stamp=stamp)


def _session_entry(
    session: Session, page: EventPage, *, language: str, root: str, stamp: datetime
):
    with translation.override(language):
        title = localized(session, "title", language)
        summary = f"{title} ({page.title})"
        location = event_location(page, language=language)
        if session.room_id:
            location = f"{session.room.name}, {location}"
        names = [person.speaker.name for person in session.people.all()]
        description = localized(session, "description", language)
        if names:
            description = "\n\n".join(
                filter(None, [description, _("With: %s") % ", ".join(names)])
            )
    return _vevent(
        uid=session_uid(session),
        summary=summary,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=location,
        url=session_url(session, root=root, language=language),
        description=description,
        stamp=stamp,
    )


def event_calendar(event: EventPage, *, language: str) -> bytes:
    """One VEVENT for the whole event, in `language` where the page is translated."""
    language = _language(language)
    canonical = event.canonical
    page = events_in_language([canonical], language)[canonical.pk]
    calendar = _calendar(language=language)
    calendar.add_component(_event_entry(page, language=language, stamp=timezone.now()))
    return _finish(calendar, [page.starts_at])


def events_calendar(
    pages: Iterable[EventPage],
    *,
    language: str,
    name: str,
    cancelled: dict[int, datetime] | None = None,
) -> bytes:
    """A subscribable calendar of events (pages already in `language`), one VEVENT
    each; `cancelled` maps the ids of cancelled events to when they were cancelled."""
    language = _language(language)
    pages = list(pages)
    cancelled = cancelled or {}
    calendar = _calendar(language=language, name=name)
    for page in pages:
        calendar.add_component(
            event_vevent(page, language=language, cancelled_at=cancelled.get(page.pk))
        )
    return _finish(calendar, [page.starts_at for page in pages])


def session_calendar(session: Session, *, language: str) -> bytes:
    """One VEVENT for one session."""
    return agenda_calendar([session], language=language, name=None)


def agenda_calendar(
    sessions: Iterable[Session], *, language: str, name: str | None
) -> bytes:
    """One VEVENT per session (a personal agenda); `name` titles a subscription."""
    language = _language(language)
    sessions = list(sessions)
    pages = events_in_language({s.event for s in sessions}, language)
    roots: dict[int, str] = {}
    stamp = timezone.now()
    calendar = _calendar(language=language, name=name)
    for session in sessions:
        page = pages[session.event_id]
        if page.pk not in roots:
            roots[page.pk] = _site_root(page)
        calendar.add_component(
            _session_entry(
                session, page, language=language, root=roots[page.pk], stamp=stamp
            )
        )
    return _finish(calendar, [s.starts_at for s in sessions])


# --- frab / C3VOC schedule JSON ----------------------------------------------------


def _hhmm(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _acronym(page: EventPage) -> str:
    """The C3VOC pattern wants lower-case letters, digits and underscores."""
    text = slugify(page.slug).replace("-", "_") or f"event_{page.pk}"
    return text if len(text) >= 4 else f"{text}_{page.pk:04d}"


def _room_guid(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{uid_domain()}/rooms/{key}"))


def _frab_language(value: str) -> str:
    # frab takes one language code; a session in both languages starts in Swedish.
    return "en" if value == EventLanguage.EN else "sv"


def _timeslot(sessions: list[Session]) -> str:
    """The largest step (5 to 60 minutes) that every start and duration fits."""
    step = 60
    for session in sessions:
        start = _local(session.starts_at)
        step = math.gcd(step, start.minute, _minutes(session))
    return _hhmm(timedelta(minutes=max(step, 5)))


def _minutes(session: Session) -> int:
    return int((session.ends_at - session.starts_at).total_seconds() // 60)


def _person(person, language: str) -> dict:
    speaker = person.speaker
    data = {"id": speaker.pk, "name": speaker.name, "public_name": speaker.name}
    bio = speaker_bio(speaker, language)
    if bio:
        data["biography"] = bio
    return data


def _abstract(text: str) -> str:
    return text.strip().split("\n\n", 1)[0].strip()


def schedule_frab(event: EventPage, *, language: str, base_url: str) -> dict:
    """The event's programme as frab-compatible schedule JSON (C3VOC schema).

    Speakers appear by name; a biography only with their public consent; e-mail
    addresses never.
    """
    language = _language(language)
    canonical = event.canonical
    page = events_in_language([canonical], language)[canonical.pk]
    sessions = programme_sessions(canonical)
    root = base_url.rstrip("/")
    acronym = _acronym(canonical)
    with translation.override(language):
        fallback_room = (
            _("Online") if canonical.format == EventFormat.DIGITAL else _("Plenary")
        )
        rooms: dict[str, dict] = {}
        for room in canonical.rooms.all():
            rooms.setdefault(
                room.name, {"name": room.name, "guid": _room_guid(room.pk)}
            )
        if any(s.room_id is None for s in sessions):
            rooms.setdefault(
                fallback_room,
                {
                    "name": fallback_room,
                    "guid": _room_guid(f"{canonical.translation_key}-{fallback_room}"),
                },
            )
        tracks = [
            {
                "name": str(track.name),
                "slug": track.slug,
                "color": TRACK_COLOURS[i % len(TRACK_COLOURS)],
            }
            for i, track in enumerate(canonical.tracks.all())
        ]
        first = _local(canonical.starts_at).date()
        last = max(
            [_local(canonical.ends_at).date()]
            + [_local(s.ends_at).date() for s in sessions]
        )
        first = min([first] + [_local(s.starts_at).date() for s in sessions])
        day_count = (last - first).days + 1
        days = []
        for index in range(day_count):
            day = first + timedelta(days=index)
            midnight = datetime.combine(day, time.min, tzinfo=TIME_ZONE)
            todays = [s for s in sessions if _local(s.starts_at).date() == day]
            starts = [s.starts_at for s in todays]
            ends = [s.ends_at for s in todays]
            if _local(canonical.starts_at).date() == day:
                starts.append(canonical.starts_at)
            if _local(canonical.ends_at).date() == day:
                ends.append(canonical.ends_at)
            day_start = min(starts, default=midnight)
            day_end = max(ends, default=midnight + timedelta(days=1))
            by_room: dict[str, list] = {name: [] for name in rooms}
            for session in todays:
                name = session.room.name if session.room_id else fallback_room
                by_room.setdefault(name, []).append(
                    _talk(
                        session,
                        language=language,
                        root=root,
                        room=name,
                        acronym=acronym,
                    )
                )
            days.append(
                {
                    "index": index + 1,
                    "date": day.isoformat(),
                    "day_start": _local(day_start).isoformat(),
                    "day_end": _local(day_end).isoformat(),
                    "rooms": by_room,
                }
            )
        version = (
            _local(page.last_published_at).strftime("%Y-%m-%d %H:%M")
            if page.last_published_at
            else "1"
        )
        return {
            "$schema": SCHEMA_URL,
            "generator": {"name": "Mötesplats", "version": "1"},
            "schedule": {
                "version": version,
                "base_url": f"{root}/",
                "conference": {
                    "acronym": acronym,
                    "title": page.title,
                    "start": first.isoformat(),
                    "end": last.isoformat(),
                    "daysCount": day_count,
                    "timeslot_duration": _timeslot(sessions),
                    "time_zone_name": TIME_ZONE_NAME,
                    "url": _page_url(page),
                    "rooms": list(rooms.values()),
                    "tracks": tracks,
                    "days": days,
                },
            },
        }


def _talk(session: Session, *, language: str, root: str, room: str, acronym: str):
    start = _local(session.starts_at)
    title = localized(session, "title", language)
    description = localized(session, "description", language)
    slug = slugify(f"{acronym}-{session.pk}-{title}")[:120].strip("-_")
    return {
        "guid": str(session.guid),
        "id": session.pk,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": _hhmm(session.ends_at - session.starts_at),
        "room": room,
        "slug": slug,
        "url": session_url(session, root=root, language=language),
        "title": title,
        "subtitle": "",
        "track": str(session.track.name) if session.track_id else None,
        "type": session.kind,
        "language": _frab_language(session.language),
        "abstract": _abstract(description),
        "description": description,
        "persons": [_person(p, language) for p in session.people.all()],
        "links": [],
        "attachments": [],
        "do_not_record": False,
    }
