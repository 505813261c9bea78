"""Events: the listing's own filters (`events/listing.py`), and each event with its
programme (sessions, tracks, rooms, speakers who agreed to be shown)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema

from motesplats.api.pagination import Order
from motesplats.events.enums import EventKind
from motesplats.events.forms.listing import parse_event_filters
from motesplats.events.listing import (
    PAST,
    UPCOMING,
    events_attach_status,
    events_base,
    events_browse,
)
from motesplats.events.models import EventPage
from motesplats.events.programme import programme_sessions

from .common import (
    CSV_RESPONSE,
    CURSOR,
    DETAIL_ERRORS,
    FORMAT,
    LANG,
    LIMIT,
    LIST_ERRORS,
    UPDATED_SINCE,
    ApiError,
    FacetOut,
    Format,
    Lang,
    Ref,
    Since,
    detail_answer,
    facets_out,
    language_of,
    list_answer,
    locale_for,
    page_url,
    ref,
    refs,
)

router = Router(tags=["events"])

ALL = "all"
ORDERS = {
    UPCOMING: Order("upcoming", (("starts_at", False), ("pk", False))),
    PAST: Order("past", (("starts_at", True), ("pk", True))),
    ALL: Order("all", (("starts_at", False), ("pk", False))),
}


class StatusOut(Schema):
    code: str = Field(
        description=(
            "open, full, waitlist, raffle, soon, closed, none (no registration), "
            "ongoing or past."
        )
    )
    label: str = Field(description="The status as the website shows it.")
    participants: int | None = Field(description="For past events: how many came.")


class EventItemOut(Schema):
    id: uuid.UUID = Field(description="Stable id, the same for every language.")
    title: str = Field(description="Title in this language.")
    summary: str = Field(description="Short summary.")
    kind: str = Field(description="Kind of event (the `kind` filter).")
    kind_label: str = Field(description="The kind in the request's language.")
    format: str = Field(description="on_site, digital or hybrid.")
    starts_at: datetime = Field(description="Start (ISO 8601, with zone).")
    ends_at: datetime = Field(description="End (ISO 8601, with zone).")
    languages: str = Field(description="Languages spoken: sv, en or sv_en.")
    node: Ref | None = Field(description="The organising node.")
    themes: list[Ref] = Field(description="Themes.")
    county: Ref | None = Field(description="County (by code).")
    city: str = Field(description="City.")
    venue_name: str = Field(description="Venue.")
    status: StatusOut = Field(description="Registration or attendance status.")
    url: str = Field(description="The event's page on the website, in this language.")
    language: str = Field(description="Language of this version.")
    updated_at: datetime | None = Field(description="When last published (changed).")


class EventListOut(Schema):
    items: list[EventItemOut] = Field(description="One page of events.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many events match, over all pages.")
    facets: list[FacetOut] = Field(
        description="The events listing's filters with their counts."
    )


class SpeakerOut(Schema):
    name: str = Field(description="Name.")
    role: str = Field(description="speaker or moderator.")
    title: str = Field(
        description="Title and organisation, only when the speaker agreed to a "
        "public profile."
    )


class SessionOut(Schema):
    id: uuid.UUID = Field(description="Stable id of the session.")
    title: str = Field(description="Title in the request's language.")
    description: str = Field(description="Description.")
    kind: str = Field(description="keynote, seminar, workshop, panel, … or break.")
    starts_at: datetime = Field(description="Start.")
    ends_at: datetime = Field(description="End.")
    track: str | None = Field(description="Track, if any.")
    room: str | None = Field(description="Room, if any.")
    language: str = Field(description="Language spoken: sv, en or sv_en.")
    themes: list[Ref] = Field(description="Themes.")
    speakers: list[SpeakerOut] = Field(description="Speakers and moderators, in order.")


class CoOrganiserOut(Schema):
    name: str = Field(description="An organisation arranging the event with the node.")
    url: str = Field(description="Its website.")


class EventDetailOut(EventItemOut):
    address: str = Field(description="Street address.")
    accessibility: str = Field(description="Accessibility of the venue.")
    map_url: str = Field(description="Map link.")
    yearly_theme: str = Field(description="For a summit: this edition's theme.")
    edition: int | None = Field(description="For a recurring event: its number.")
    co_organisers: list[CoOrganiserOut] = Field(description="Co-organisers.")
    sessions: list[SessionOut] = Field(description="The programme, in time order.")


def event_item(request: HttpRequest, event: EventPage) -> dict:
    status = event.listing_status
    return {
        "id": event.translation_key,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "kind_label": str(EventKind(event.kind).label)
        if event.kind in EventKind.values
        else event.kind,
        "format": event.format,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "languages": event.languages,
        "node": ref(event.node),
        "themes": refs(event.themes.all()),
        "county": ref(event.county, "code"),
        "city": event.city,
        "venue_name": event.venue_name,
        "status": {
            "code": status.code,
            "label": str(status.label),
            "participants": status.participants,
        },
        "url": page_url(request, event),
        "language": event.locale.language_code,
        "updated_at": event.last_published_at,
    }


def _filter_errors(form) -> list[dict]:
    return [
        {"loc": ["query", field], "msg": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]


@router.get(
    "/events",
    response={200: EventListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Events: upcoming or past, with the listing's filters",
)
def events_list(
    request: HttpRequest,
    response: HttpResponse,
    *,
    lang: Lang | None = LANG,
    when: Literal["upcoming", "past", "all"] = Query(
        UPCOMING,
        description="upcoming (default, soonest first), past (latest first) or all.",
    ),
    kind: Annotated[
        list[str],
        Query(
            default_factory=list,
            description="Kind of event (repeat for any of several).",
        ),
    ],
    theme: Annotated[list[str], Query(default_factory=list, description="Theme slug.")],
    node: Annotated[
        list[str], Query(default_factory=list, description="Organising node's slug.")
    ],
    county: Annotated[
        list[str], Query(default_factory=list, description="County code.")
    ],
    event_format: Annotated[
        list[str],
        Query(default_factory=list, description="on_site, digital or hybrid."),
    ],
    date_from: str | None = Query(
        None, max_length=40, description="From this day (YYYY-MM-DD)."
    ),
    date_to: str | None = Query(
        None, max_length=40, description="To this day (YYYY-MM-DD)."
    ),
    updated_since: Since | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    """The same events as the website's listing for the same filters. The listing's
    on-site/digital filter is `event_format` here (`format` chooses JSON or CSV)."""
    language = language_of(request, lang)
    locale = locale_for(language)
    query = request.GET.copy()
    # `format` is the answer's format here; the listing's own is `event_format`.
    query.setlist("format", request.GET.getlist("event_format"))
    if when == ALL:
        query.pop("when", None)
    filters, date_form = parse_event_filters(query)
    if date_form.is_bound and date_form.errors:
        raise ApiError(422, _filter_errors(date_form))
    if when == ALL:
        upcoming, facets = events_browse(locale=locale, filters=filters)
        filters.when = PAST
        past, _facets = events_browse(locale=locale, filters=filters)
        items = events_base(locale=locale).filter(
            Q(pk__in=upcoming.values("pk")) | Q(pk__in=past.values("pk"))
        )
    else:
        items, facets = events_browse(locale=locale, filters=filters)
    # The raffle is read for the status of events with a raffle (events_attach_status).
    items = items.select_related("node", "county", "locale", "raffle").prefetch_related(
        "themes"
    )
    return list_answer(
        request,
        response,
        items,
        ORDERS[when],
        serialize=lambda event: event_item(request, event),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="events",
        columns=list(EventItemOut.model_fields),
        changed_field="last_published_at",
        updated_since=updated_since,
        extra={"facets": facets_out(facets)},
        before_serialize=events_attach_status,
    )


def session_out(session) -> dict:
    return {
        "id": session.guid,
        "title": str(session.title),
        "description": str(session.description),
        "kind": session.kind,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "track": str(session.track.name) if session.track_id else None,
        "room": session.room.name if session.room_id else None,
        "language": session.language,
        "themes": refs(session.themes.all()),
        "speakers": [
            {
                "name": person.speaker.name,
                "role": person.role,
                "title": person.speaker.title if person.speaker.public_consent else "",
            }
            for person in session.people.all()
        ],
    }


@router.get(
    "/events/{id}",
    response={200: EventDetailOut, **DETAIL_ERRORS},
    summary="One event with its programme",
)
def event_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    event = (
        events_base(locale=locale_for(language))
        .filter(translation_key=id)
        .select_related("node", "county", "locale")
        .first()
    )
    if event is None:
        raise ApiError(404, _("No published event with this id in this language."))
    events_attach_status([event])
    data = event_item(request, event) | {
        "address": event.address,
        "accessibility": event.accessibility,
        "map_url": event.map_url,
        "yearly_theme": event.yearly_theme,
        "edition": event.edition,
        "co_organisers": [
            {"name": c.name, "url": c.url} for c in event.co_organisers.all()
        ],
        "sessions": [session_out(s) for s in programme_sessions(event.canonical)],
    }
    return detail_answer(response, data, language, event.last_published_at)
