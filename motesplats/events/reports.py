"""Reads for the organisers' tools: which events a person may manage, participant
search, figures, the CSV export, check-in counts, payments and message recipients.

Every function here runs a fixed number of queries, whatever the number of
registrations, so the admin pages stay fast at a 600-person summit.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from motesplats.accounts.selectors import users_consenting
from motesplats.core.i18n import current_language
from motesplats.core.spreadsheet import csv_safe
from motesplats.events.enums import (
    PaymentStatus,
    QuestionKind,
    RegistrationMode,
    RegistrationStatus,
)
from motesplats.events.models import (
    Booking,
    EventPage,
    Registration,
    RegistrationQuestion,
    TicketType,
)
from motesplats.events.services.capacity import Availability

# --- who may manage which event --------------------------------------------------------


def user_can_manage_event(user: Any, event: EventPage) -> bool:
    """Organisers are the people who may edit the event's (canonical) page."""
    if not getattr(user, "is_authenticated", False):
        return False
    return event.canonical.permissions_for_user(user).can_edit()


def events_manageable_by(user: Any) -> QuerySet[EventPage]:
    """The canonical events whose page `user` may edit (by group page permissions)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EventPage.objects.none()
    events = EventPage.objects.filter(locale=Locale.get_default())
    if user.is_superuser:
        return events
    pages = PagePermissionPolicy(Page).instances_user_has_any_permission_for(
        user, {"change"}
    )
    return events.filter(pk__in=pages.values("pk"))


def manageable_event_ids(user: Any) -> frozenset[int]:
    """`events_manageable_by` as a set of ids, read once per request: the admin asks
    on every menu render and record listing, so it is kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_motesplats_manageable_event_ids", None)
    if cached is None:
        cached = frozenset(events_manageable_by(user).values_list("pk", flat=True))
        user._motesplats_manageable_event_ids = cached
    return cached


def event_for_organiser(*, event_id: int) -> EventPage:
    """The canonical event behind `event_id` (either language's page), or 404."""
    event = EventPage.objects.filter(pk=event_id).select_related("locale").first()
    if event is None:
        raise Http404("No such event")
    return event.canonical


# --- the list of events ----------------------------------------------------------------


def _count(status, **extra) -> Count:
    return Count("registrations", filter=Q(registrations__status=status, **extra))


def event_list_for_organiser(*, user: Any, now=None) -> QuerySet[EventPage]:
    """The events `user` manages, upcoming (soonest first) before past (latest first).

    Each carries `n_confirmed`, `n_waiting`, `n_checked_in` and `places` (the event's
    total, else the sum of its ticket types' places, else None for no limit). One query.
    """
    now = now or timezone.now()
    ticket_places = (
        TicketType.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("capacity"))
        .values("total")
    )
    unlimited_ticket = TicketType.objects.filter(
        event=OuterRef("pk"), capacity__isnull=True
    )
    return (
        events_manageable_by(user)
        .select_related("node")
        .annotate(
            n_confirmed=_count(RegistrationStatus.CONFIRMED),
            n_waiting=_count(RegistrationStatus.WAITING),
            n_checked_in=_count(
                RegistrationStatus.CONFIRMED, registrations__checked_in_at__isnull=False
            ),
            ticket_places=Subquery(ticket_places),
            has_unlimited_ticket=Exists(unlimited_ticket),
            is_over=Case(When(ends_at__lt=now, then=1), default=0),
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at"))),
        )
        .order_by(
            "is_over",
            F("upcoming_start").asc(nulls_last=True),
            "-starts_at",
            "pk",
        )
    )


def event_places(event: Any) -> int | None:
    """Places in all for an annotated event from `event_list_for_organiser`."""
    if event.capacity is not None:
        return event.capacity
    if event.has_unlimited_ticket or event.ticket_places is None:
        return None
    return event.ticket_places


# --- participants ------------------------------------------------------------------------


def _word_filter(word: str) -> Q:
    # SQLite's LIKE folds case for ASCII letters only: "åsa" would miss "Åsa". Asking
    # for the usual spellings of the word covers names and organisations in practice.
    variants = {word}
    if connection.vendor == "sqlite":
        variants |= {word.lower(), word.upper(), word.capitalize()}
    query = Q()
    for variant in variants:
        query |= (
            Q(name__icontains=variant)
            | Q(email__icontains=variant)
            | Q(organisation__icontains=variant)
        )
    return query


def participant_search(
    *,
    event: EventPage,
    query: str = "",
    status: str = "",
    ticket_type: TicketType | None = None,
) -> QuerySet[Registration]:
    """Registrations of the event matching every word of `query` in name, e-mail or
    organisation, optionally of one status and ticket type, in name order."""
    registrations = Registration.objects.filter(event=event.canonical).select_related(
        "ticket_type"
    )
    for word in query.split()[:8]:
        registrations = registrations.filter(_word_filter(word))
    if status:
        registrations = registrations.filter(status=status)
    if ticket_type is not None:
        registrations = registrations.filter(ticket_type=ticket_type)
    return registrations.order_by("name", "pk")


def registration_for_organiser(*, event: EventPage, registration_id: int):
    return (
        Registration.objects.filter(event=event.canonical, pk=registration_id)
        .select_related("ticket_type", "event")
        .first()
    )


# --- check-in ----------------------------------------------------------------------------


def checkin_counts(*, event: EventPage) -> dict[str, int]:
    """Checked in and confirmed: one query, read fresh on every call."""
    return Registration.objects.filter(
        event=event.canonical, status=RegistrationStatus.CONFIRMED
    ).aggregate(
        confirmed=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


# --- figures -----------------------------------------------------------------------------


@dataclass
class TicketFigures:
    ticket_type: TicketType
    confirmed: int
    offered: int
    waiting: int
    checked_in: int
    places: int | None
    places_left: int | None


@dataclass
class Figures:
    by_status: dict[str, int]
    checked_in: int
    no_shows: int | None  # None until the event has ended
    tickets: list[TicketFigures]
    by_sector: list[tuple[str, int]]
    by_county: list[tuple[str, int]]
    invoiced: Decimal
    paid: Decimal
    unpaid: Decimal
    bookings_invoiced: int
    bookings_paid: int
    places: int | None
    places_left: int | None

    @property
    def confirmed(self) -> int:
        return self.by_status.get(RegistrationStatus.CONFIRMED, 0)


def _grouped(registrations, prefix: str) -> list[tuple[str, int]]:
    """Counts per related name (sector or county), largest first, "Not stated" last."""
    rows = (
        registrations.values(f"{prefix}__name_sv", f"{prefix}__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n", f"{prefix}__name_sv")
    )
    english = current_language() == "en"
    named = []
    not_stated = 0
    for row in rows:
        name_sv, name_en = row[f"{prefix}__name_sv"], row[f"{prefix}__name_en"]
        if name_sv is None:
            not_stated += row["n"]
        else:
            named.append(((name_en if english and name_en else name_sv), row["n"]))
    if not_stated:
        named.append((_("Not stated"), not_stated))
    return named


def event_figures(*, event: EventPage, now=None) -> Figures:
    """The dashboard's figures: five queries whatever the size of the event.

    Sector and county count the confirmed participants.
    """
    now = now or timezone.now()
    event = event.canonical
    registrations = Registration.objects.filter(event=event)
    status_rows = registrations.values("status").annotate(n=Count("pk")).order_by()
    by_status = {row["status"]: row["n"] for row in status_rows}
    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED)
    attendance = confirmed.aggregate(
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    checked_in = attendance["checked_in"]
    no_shows = None
    if event.ends_at < now:
        no_shows = by_status.get(RegistrationStatus.CONFIRMED, 0) - checked_in

    ticket_types = TicketType.objects.filter(event=event).annotate(
        n_confirmed=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
        ),
        n_offered=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.OFFERED)
        ),
        n_waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
        n_checked_in=Count(
            "registrations",
            filter=Q(
                registrations__status=RegistrationStatus.CONFIRMED,
                registrations__checked_in_at__isnull=False,
            ),
        ),
    )
    ticket_types = list(ticket_types)
    held = {t.pk: t.n_confirmed + t.n_offered for t in ticket_types}
    free = Availability(
        event_capacity=event.capacity, event_taken=sum(held.values()), taken=held
    )
    tickets = [
        TicketFigures(
            ticket_type=t,
            confirmed=t.n_confirmed,
            offered=t.n_offered,
            waiting=t.n_waiting,
            checked_in=t.n_checked_in,
            places=t.capacity,
            places_left=free.left(t),
        )
        for t in ticket_types
    ]
    places = event.capacity
    if (
        places is None
        and ticket_types
        and all(t.capacity is not None for t in ticket_types)
    ):
        places = sum(t.capacity for t in ticket_types)
    places_left = None if places is None else max(places - free.event_taken, 0)

    money = Booking.objects.filter(event=event).aggregate(
        invoiced=Sum("total", filter=~Q(payment_status=PaymentStatus.NOT_REQUIRED)),
        paid=Sum("total", filter=Q(payment_status=PaymentStatus.PAID)),
        bookings_invoiced=Count(
            "pk", filter=~Q(payment_status=PaymentStatus.NOT_REQUIRED)
        ),
        bookings_paid=Count("pk", filter=Q(payment_status=PaymentStatus.PAID)),
    )
    invoiced = money["invoiced"] or Decimal("0.00")
    paid = money["paid"] or Decimal("0.00")
    return Figures(
        by_status=by_status,
        checked_in=checked_in,
        no_shows=no_shows,
        tickets=tickets,
        by_sector=_grouped(confirmed, "sector"),
        by_county=_grouped(confirmed, "county"),
        invoiced=invoiced,
        paid=paid,
        unpaid=invoiced - paid,
        bookings_invoiced=money["bookings_invoiced"],
        bookings_paid=money["bookings_paid"],
        places=places,
        places_left=places_left,
    )


# --- payments ----------------------------------------------------------------------------


def bookings_to_invoice(*, event: EventPage, payment_status: str = "") -> QuerySet:
    """Bookings with something to pay (or paid), oldest first, with their people."""
    bookings = (
        Booking.objects.filter(event=event.canonical)
        .exclude(payment_status=PaymentStatus.NOT_REQUIRED)
        .select_related("paid_marked_by")
        .annotate(
            n_confirmed=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
            )
        )
        .order_by("created_at", "pk")
    )
    if payment_status:
        bookings = bookings.filter(payment_status=payment_status)
    return bookings


def booking_for_organiser(*, event: EventPage, booking_id: int) -> Booking | None:
    return Booking.objects.filter(event=event.canonical, pk=booking_id).first()


# --- messages and badges -----------------------------------------------------------------

AUDIENCE_CONFIRMED = "confirmed"
AUDIENCE_TICKET = "ticket"
AUDIENCE_WAITING = "waiting"


def message_recipients(
    *, event: EventPage, audience: str, ticket_type: TicketType | None = None
) -> QuerySet[Registration]:
    """Who a message to `audience` reaches: confirmed participants (all or of one
    ticket type) or the people on the waiting list."""
    registrations = Registration.objects.filter(event=event.canonical)
    if audience == AUDIENCE_WAITING:
        return registrations.filter(status=RegistrationStatus.WAITING).order_by("pk")
    registrations = registrations.filter(status=RegistrationStatus.CONFIRMED)
    if audience == AUDIENCE_TICKET:
        if ticket_type is None:
            return registrations.none()
        registrations = registrations.filter(ticket_type=ticket_type)
    return registrations.order_by("pk")


def badge_registrations(
    *, event: EventPage, ticket_type: TicketType | None = None
) -> QuerySet[Registration]:
    registrations = Registration.objects.filter(
        event=event.canonical, status=RegistrationStatus.CONFIRMED
    ).select_related("ticket_type")
    if ticket_type is not None:
        registrations = registrations.filter(ticket_type=ticket_type)
    return registrations.order_by("name", "pk")


# --- the CSV export ----------------------------------------------------------------------


def _answer_text(question: RegistrationQuestion, value: Any) -> str:
    if value is None or value == "":
        return ""
    if question.kind == QuestionKind.BOOLEAN or isinstance(value, bool):
        return (
            _("Yes") if value in (True, "true", "True", "1", "on", "yes") else _("No")
        )
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def photo_consenting(registrations) -> set[int]:
    """Ids of the registrations whose person has a standing consent to photos on their
    account (matched by the account, or by the registration's e-mail address). One query."""
    registrations = list(registrations)
    user_ids = {r.user_id for r in registrations if r.user_id}
    emails = {r.email.lower() for r in registrations if r.email}
    if not user_ids and not emails:
        return set()
    consenting = users_consenting(purpose="photos").filter(
        Q(pk__in=user_ids) | Q(email__in=emails)
    )
    ids, addresses = set(), set()
    for pk, email in consenting.values_list("pk", "email"):
        ids.add(pk)
        addresses.add(email.lower())
    return {
        r.pk
        for r in registrations
        if (r.user_id and r.user_id in ids)
        or (r.email and r.email.lower() in addresses)
    }


def participants_csv(
    *, event: EventPage, include_health: bool = False
) -> tuple[str, int]:
    """The participants as CSV text for Excel: one row per registration.

    Semicolons separate the columns, as Excel expects with Swedish settings (the comma
    is the decimal sign there). Health-related answers only with `include_health`.
    Returns the text (without the byte-order mark) and the number of rows. Four queries.
    """
    event = event.canonical
    questions = list(RegistrationQuestion.objects.filter(event=event))
    plain = [q for q in questions if not q.is_health_data]
    health = [q for q in questions if q.is_health_data] if include_health else []
    raffle = event.registration_mode == RegistrationMode.RAFFLE
    header = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Sector"),
        _("County"),
        _("Ticket type"),
        _("Status"),
        _("Registered at"),
        _("Checked in at"),
        _("Booked by"),
        _("Invoice organisation"),
        _("Payment"),
        _("Photo consent on account"),
    ]
    if raffle:
        header.append(_("Motivation"))
    header += [str(q.label) for q in plain]
    header += [str(q.label) for q in health]
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("ticket_type", "sector", "county", "booking")
        .order_by("created_at", "pk")
    )
    registrations = list(registrations)
    photos = photo_consenting(registrations)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_safe(cell) for cell in header])
    rows = 0
    for r in registrations:
        row = [
            r.name,
            r.email,
            r.organisation,
            r.sector.name if r.sector_id else "",
            r.county.name if r.county_id else "",
            r.ticket_type.name,
            r.get_status_display(),
            _local(r.created_at),
            _local(r.checked_in_at),
            r.booking.name,
            r.booking.invoice_organisation,
            r.booking.get_payment_status_display(),
            _("Yes") if r.pk in photos else _("No"),
        ]
        if raffle:
            row.append(r.motivation)
        answers = r.answers or {}
        row += [_answer_text(q, answers.get(q.key)) for q in plain]
        health_answers = r.health_answers or {}
        row += [_answer_text(q, health_answers.get(q.key)) for q in health]
        writer.writerow([csv_safe(cell) for cell in row])
        rows += 1
    return out.getvalue(), rows
