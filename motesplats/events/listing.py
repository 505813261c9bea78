"""Reads for lists of events: the listing with facets, the summit archive and the
upcoming events shown on theme and node pages.

Facets work like the knowledge bank's: within one facet the chosen values combine with
OR, across facets with AND, and each facet's counts are computed with every *other*
facet's filter applied. The page shown is in the visitor's language; its places and
registrations live on the canonical (Swedish) event, read for a whole list at once, so
a list costs the same number of queries whatever its length.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale

from motesplats.core.facets import FacetResult, facet_result
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Region, Theme

from .enums import (
    HOLDING,
    EventFormat,
    EventKind,
    RegistrationMode,
    RegistrationStatus,
)
from .models import EventPage, Registration, TicketType

UPCOMING = "upcoming"
PAST = "past"


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    lookup: str

    def accepts(self, value: str) -> bool:
        return 0 < len(value) <= 60 and value.isprintable()


FACETS = [
    Facet("kind", gettext_lazy("Kind of event"), "kind"),
    Facet("theme", gettext_lazy("Theme"), "themes__slug"),
    Facet("node", gettext_lazy("Node"), "node__slug"),
    Facet("county", gettext_lazy("County"), "county__code"),
    Facet("format", gettext_lazy("Format"), "format"),
]


@dataclass
class EventFilters:
    """What the visitor asked for, already checked (see `forms.listing`)."""

    when: str = UPCOMING
    selected: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_filtered(self) -> bool:
        return bool(self.selected or self.date_from or self.date_to)


@dataclass
class EventStatus:
    """What a card says about taking part: open, full, a raffle, or how many came."""

    code: str
    label: str
    participants: int | None = None


# --- the base and the filters ----------------------------------------------------------


def events_base(*, locale: Locale) -> QuerySet[EventPage]:
    """Every live, public event page in one language."""
    return EventPage.objects.live().public().filter(locale=locale)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_time(qs: QuerySet, filters: EventFilters, now: datetime) -> QuerySet:
    """Upcoming (not yet ended) or past, within the chosen dates.

    An event belongs to a date range when any part of it falls within the range, so a
    two-day summit shows up when either of its days is chosen.
    """
    qs = (
        qs.filter(ends_at__lt=now)
        if filters.when == PAST
        else qs.filter(ends_at__gte=now)
    )
    if filters.date_from:
        qs = qs.filter(ends_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(starts_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return qs


def _apply(qs: QuerySet, facet: Facet, values: Iterable[str]) -> QuerySet:
    values = list(values)
    if not values:
        return qs
    # A subquery keeps one row per page even when a many-to-many matches twice.
    matching = EventPage.objects.filter(**{f"{facet.lookup}__in": values}).values("pk")
    return qs.filter(pk__in=matching)


def _labels() -> dict[str, dict[str, str]]:
    """Display labels per facet value in display order, in the active language."""
    return {
        "kind": {k: str(v) for k, v in EventKind.choices},
        "format": {k: str(v) for k, v in EventFormat.choices},
        "theme": {t.slug: str(t.name) for t in Theme.objects.order_by("sort_order")},
        "node": {
            n.slug: str(n.name) for n in Node.objects.order_by("sort_order", "name_sv")
        },
        "county": {r.code: str(r.name) for r in Region.objects.order_by("code")},
    }


def events_browse(
    *, locale: Locale, filters: EventFilters, now: datetime | None = None
) -> tuple[QuerySet[EventPage], list[FacetResult]]:
    """The filtered events in date order and the facets with their counts.

    Upcoming events come soonest first, past events latest first.
    """
    now = now or timezone.now()
    base = _in_time(events_base(locale=locale), filters, now)
    filtered = base
    for facet in FACETS:
        filtered = _apply(filtered, facet, filters.selected.get(facet.key, []))
    labels = _labels()
    facets = []
    for facet in FACETS:
        others = base
        for other in FACETS:
            if other.key != facet.key:
                others = _apply(others, other, filters.selected.get(other.key, []))
        rows = (
            EventPage.objects.filter(pk__in=others.values("pk"))
            .exclude(**{f"{facet.lookup}__isnull": True})
            .order_by()  # Page's default ordering would split the groups
            .values(facet.lookup)
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {str(row[facet.lookup]): row["n"] for row in rows}
        chosen = set(filters.selected.get(facet.key, []))
        known = labels[facet.key]
        facets.append(
            facet_result(
                key=facet.key,
                label=str(facet.label),
                labels=known,
                counts=counts,
                chosen=chosen,
            )
        )
    ordering = ("-starts_at", "-pk") if filters.when == PAST else ("starts_at", "pk")
    items = filtered.select_related("node", "county").order_by(*ordering)
    return items, facets


# --- status: places, raffle, attendance -----------------------------------------------


def _places(tickets: list[dict], event_capacity: int | None, event_held: int, now):
    """ "open" while a ticket on sale has a place (counting the event's total), "full"
    when none has, "closed" when no ticket is on sale now."""
    if event_capacity is not None and event_held >= event_capacity:
        return "full"
    if not tickets:
        return "open"  # only the event's total limits the places
    on_sale = [
        t
        for t in tickets
        if (t["sale_starts_at"] is None or t["sale_starts_at"] <= now)
        and (t["sale_ends_at"] is None or now < t["sale_ends_at"])
    ]
    if not on_sale:
        return "closed"
    if any(t["capacity"] is None or t["held"] < t["capacity"] for t in on_sale):
        return "open"
    return "full"


def _date_label(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y")


def participants_figure(
    *, checked_in: int, confirmed: int, attendance: int | None
) -> int | None:
    """How many took part: those checked in, else those registered, else the figure
    an editor wrote down (archived editions kept no registrations here)."""
    if checked_in:
        return checked_in
    if confirmed:
        return confirmed
    return attendance


def _status(event: EventPage, canonical: EventPage, counts: dict, tickets, now):
    if event.ends_at < now:
        figure = participants_figure(
            checked_in=counts.get("checked_in", 0),
            confirmed=counts.get("confirmed", 0),
            attendance=canonical.attendance or event.attendance,
        )
        return EventStatus("past", _("Held"), figure)
    if event.starts_at <= now:
        return EventStatus("ongoing", _("Happening now"))
    mode = canonical.registration_mode
    if mode == RegistrationMode.NONE:
        return EventStatus("none", _("No registration needed"))
    if canonical.registration_opens_at and now < canonical.registration_opens_at:
        return EventStatus(
            "soon",
            _("Registration opens %(date)s")
            % {"date": _date_label(canonical.registration_opens_at)},
        )
    if not canonical.registration_is_open(now):
        return EventStatus("closed", _("Registration closed"))
    if mode == RegistrationMode.RAFFLE:
        raffle = getattr(canonical, "raffle", None)
        closes = (
            raffle.applications_close_at
            if raffle is not None
            else canonical.registration_closes_at
        )
        if closes:
            return EventStatus(
                "raffle",
                _("Raffle: apply by %(date)s") % {"date": _date_label(closes)},
            )
        return EventStatus("raffle", _("Raffle: apply for a place"))
    places = _places(tickets, canonical.capacity, counts.get("held", 0), now)
    if places == "closed":
        return EventStatus("closed", _("Registration closed"))
    if places == "full":
        if canonical.waiting_list:
            return EventStatus("waitlist", _("Full – waiting list"))
        return EventStatus("full", _("Fully booked"))
    return EventStatus("open", _("Registration open"))


def events_attach_status(
    events: Iterable[EventPage], *, now: datetime | None = None
) -> list[EventPage]:
    """Give each event `.listing_status` (an EventStatus) and its canonical page.

    Three queries for the whole list: the canonical pages (with their raffle), the
    registration counts and the ticket types with their places taken.
    """
    events = list(events)
    if not events:
        return events
    now = now or timezone.now()
    keys = {e.translation_key for e in events}
    canonicals = {
        c.translation_key: c
        for c in EventPage.objects.filter(
            translation_key__in=keys,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .select_related("locale", "raffle")
        .defer("body")
    }
    ids = [c.pk for c in canonicals.values()]
    counts = {
        row["event"]: row
        for row in Registration.objects.filter(event__in=ids)
        .values("event")
        .annotate(
            held=Count("pk", filter=Q(status__in=HOLDING)),
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
            checked_in=Count(
                "pk",
                filter=Q(
                    status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False
                ),
            ),
        )
        .order_by()
    }
    tickets: dict[int, list[dict]] = {}
    for row in (
        TicketType.objects.filter(event__in=ids, is_active=True)
        .annotate(
            held=Count("registrations", filter=Q(registrations__status__in=HOLDING))
        )
        .values("event", "capacity", "held", "sale_starts_at", "sale_ends_at")
        .order_by()
    ):
        tickets.setdefault(row["event"], []).append(row)
    for event in events:
        canonical = canonicals.get(event.translation_key, event)
        if canonical is not event and canonical.pk == event.pk:
            canonical = event
        event._canonical = canonical
        event.listing_status = _status(
            event,
            canonical,
            counts.get(canonical.pk, {}),
            tickets.get(canonical.pk, []),
            now,
        )
    return events


# --- the summit archive and upcoming events on other pages ---------------------------


@dataclass
class SummitEdition:
    event: EventPage
    is_next: bool

    @property
    def participants(self) -> int | None:
        return self.event.listing_status.participants


def summit_editions(
    *, locale: Locale, now: datetime | None = None
) -> list[SummitEdition]:
    """Every edition of the summit, newest first; the next one to come is marked."""
    now = now or timezone.now()
    summits = events_attach_status(
        events_base(locale=locale)
        .filter(kind=EventKind.SUMMIT)
        .select_related("node", "county")
        .order_by("-starts_at", "-pk"),
        now=now,
    )
    coming = [s for s in summits if s.ends_at >= now]
    next_one = min(coming, key=lambda s: s.starts_at) if coming else None
    return [SummitEdition(event=s, is_next=s is next_one) for s in summits]


def events_upcoming(
    *,
    locale: Locale,
    theme_id: int | None = None,
    node_id: int | None = None,
    limit: int = 4,
    now: datetime | None = None,
) -> list[EventPage]:
    """The next events of a theme or a node, soonest first, with their status."""
    now = now or timezone.now()
    qs = events_base(locale=locale).filter(ends_at__gte=now)
    if theme_id is not None:
        qs = qs.filter(
            pk__in=EventPage.objects.filter(themes__id=theme_id).values("pk")
        )
    if node_id is not None:
        qs = qs.filter(node_id=node_id)
    events = qs.select_related("node", "county").order_by("starts_at", "pk")[:limit]
    return events_attach_status(events, now=now)
