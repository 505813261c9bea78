"""The ticket raffle: open (publish the seed commitment), close (fix the entries), draw.

The steps follow the order that `docs/raffle.md` asks for, because that order is what
keeps the draw honest:

1. `raffle_open` makes the secret seed and stores its commitment in the same
   transaction that creates the raffle, so the commitment is public before anyone can
   apply.
2. `raffle_close` gives every application a key mechanically, in order of arrival,
   and fixes the list of entries (key and sector, nothing personal) and its digest.
3. `raffle_draw` runs `draw.run_draw` on exactly the stored seed, entries and quotas,
   gives the winners their places under the event lock, puts everyone else on the
   waiting list in the draw's order and only then reveals the seed.

Anyone can recompute step 3 from what steps 1 and 2 published (see `draw.py`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from motesplats.core.audit import log_action
from motesplats.core.mail import absolute_url, mail_language
from motesplats.events import draw
from motesplats.events.enums import (
    PaymentStatus,
    RaffleStatus,
    RegistrationMode,
    RegistrationStatus,
)
from motesplats.events.models import (
    Booking,
    EventPage,
    Raffle,
    Registration,
    TicketType,
)
from motesplats.taxonomy.models import Sector

from . import capacity, notifications

KEY_PREFIX = "A-"


class RaffleError(ValidationError):
    """A raffle step that cannot be taken; the message is for the organiser."""


def raffle_key(number: int) -> str:
    """The public key of the `number`-th application (1-based): A-0001, A-0002 …"""
    return f"{KEY_PREFIX}{number:04d}"


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _places_left(free: capacity.Availability, types: Iterable[TicketType]):
    """Places still free at the event, or None when nothing limits them.

    The event's total counts when it is set; the ticket types count only when every
    one of them has a limit (one without a limit lets anyone in through it).
    """
    limits = []
    event_left = free.event_left()
    if event_left is not None:
        limits.append(event_left)
    types = list(types)
    if types and all(t.capacity is not None for t in types):
        limits.append(sum(max(t.capacity - free.taken.get(t.pk, 0), 0) for t in types))
    return min(limits) if limits else None


def _clean_quotas(quotas: Any, places: int) -> dict[str, int]:
    if quotas is None:
        return {}
    if not isinstance(quotas, dict):
        raise RaffleError(_("Give the quotas per sector."), code="quotas")
    cleaned: dict[str, int] = {}
    for slug, number in quotas.items():
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise RaffleError(
                _("A quota must be a whole number, zero or more."), code="quotas"
            )
        if number:
            cleaned[str(slug)] = number
    known = set(
        Sector.objects.filter(slug__in=list(cleaned)).values_list("slug", flat=True)
    )
    unknown = sorted(set(cleaned) - known)
    if unknown:
        raise RaffleError(
            _("There is no sector called “%(slug)s”.") % {"slug": unknown[0]},
            code="quotas",
        )
    total = sum(cleaned.values())
    if total > places:
        raise RaffleError(
            _(
                "The quotas add up to %(total)s places, more than the %(places)s "
                "places in the raffle."
            )
            % {"total": total, "places": places},
            code="quotas",
        )
    return cleaned


# --- open ---------------------------------------------------------------------------


def raffle_open(
    *,
    event: EventPage,
    places: int,
    quotas: dict[str, int] | None,
    applications_close_at: datetime,
    actor: Any,
    now: datetime | None = None,
) -> Raffle:
    """Open the raffle of `event`'s places and publish the seed's commitment at once.

    The seed comes from the operating system's CSPRNG and stays secret until the
    draw; only its SHA-256 commitment is public. Quotas are places reserved per
    sector (by slug); together they may not exceed `places`, and `places` may not
    exceed the places left at the event.
    """
    event = event.canonical
    now = now or timezone.now()
    if event.registration_mode != RegistrationMode.RAFFLE:
        raise RaffleError(
            _(
                "Set the event's registration to “Raffle” and publish the page "
                "before you open a raffle."
            ),
            code="not_raffle",
        )
    if isinstance(places, bool) or not isinstance(places, int) or places < 1:
        raise RaffleError(
            _("The number of places must be a whole number, at least 1."),
            code="places",
        )
    if applications_close_at is None or applications_close_at <= now:
        raise RaffleError(
            _("Choose a time in the future for applications to close."),
            code="close_time",
        )
    if applications_close_at > event.starts_at:
        raise RaffleError(
            _("Applications must close before the event starts (%(starts)s).")
            % {"starts": _when(event.starts_at)},
            code="close_time",
        )
    quotas = _clean_quotas(quotas, places)
    with transaction.atomic():
        types = capacity.lock_event(event)
        if Raffle.objects.filter(event=event).exists():
            raise RaffleError(_("This event already has a raffle."), code="exists")
        left = _places_left(capacity.availability(event), types.values())
        if left is not None and places > left:
            raise RaffleError(
                _(
                    "The event has %(left)s places left, so at most %(left)s "
                    "places can be raffled."
                )
                % {"left": left},
                code="capacity",
            )
        seed = draw.new_seed()
        raffle = Raffle.objects.create(
            event=event,
            places=places,
            quotas=quotas,
            applications_close_at=applications_close_at,
            status=RaffleStatus.OPEN,
            commitment=draw.commitment(seed),
            seed=seed,
        )
        early = Registration.objects.filter(
            event=event, status=RegistrationStatus.APPLIED
        ).count()
        log_action(
            action="events.raffle.opened",
            actor=actor,
            obj=raffle,
            data={
                "event": event.pk,
                "places": places,
                "quotas": quotas,
                "applications_close_at": applications_close_at.isoformat(),
                "commitment": raffle.commitment,
                # Should be 0: applications made before the commitment was public.
                "applications_before_commitment": early,
            },
        )
    return raffle


# --- close --------------------------------------------------------------------------


def raffle_close(
    *,
    raffle: Raffle,
    actor: Any,
    now: datetime | None = None,
    early: bool = False,
) -> Raffle:
    """Close applications: give each a key in order of arrival and fix the entries.

    Before the announced closing time this needs `early=True` (an organiser's
    explicit choice). The entries hold each key and its sector slug, nothing else, so
    they can be published as they are.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = EventPage.objects.get(pk=raffle.event_id)
        capacity.lock_event(event)
        raffle = Raffle.objects.select_for_update().get(pk=raffle.pk)
        if raffle.status != RaffleStatus.OPEN:
            raise RaffleError(
                _("Applications to this raffle are already closed."), code="closed"
            )
        before_time = now < raffle.applications_close_at
        if before_time and not early:
            raise RaffleError(
                _(
                    "Applications are open until %(time)s. Tick the box to confirm "
                    "that you want to close them early."
                )
                % {"time": _when(raffle.applications_close_at)},
                code="too_early",
            )
        applications = list(
            Registration.objects.filter(event=event, status=RegistrationStatus.APPLIED)
            .select_related("sector")
            .order_by("created_at", "pk")
        )
        entries = []
        for number, registration in enumerate(applications, start=1):
            registration.raffle_key = raffle_key(number)
            entries.append(
                draw.Entry(
                    key=registration.raffle_key,
                    group=registration.sector.slug if registration.sector_id else "",
                )
            )
        Registration.objects.bulk_update(applications, ["raffle_key"], batch_size=500)
        raffle.entries_json = draw.canonical_entries_json(entries)
        raffle.entries_digest = draw.entries_digest(entries)
        raffle.status = RaffleStatus.COMMITTED
        raffle.committed_at = now
        raffle.save(
            update_fields=["entries_json", "entries_digest", "status", "committed_at"]
        )
        log_action(
            action="events.raffle.closed",
            actor=actor,
            obj=raffle,
            data={
                "event": event.pk,
                "entries": len(entries),
                "entries_digest": raffle.entries_digest,
                "early": before_time,
            },
        )
    ids = [registration.pk for registration in applications]
    transaction.on_commit(lambda: _mail_keys(ids))
    return raffle


def raffles_close_due(*, now: datetime | None = None) -> int:
    """Close every open raffle whose closing time has passed (the periodic tick).

    Returns how many were closed. A raffle closed by an organiser meanwhile is skipped.
    """
    now = now or timezone.now()
    closed = 0
    for raffle in Raffle.objects.filter(
        status=RaffleStatus.OPEN, applications_close_at__lte=now
    ).order_by("pk"):
        try:
            raffle_close(raffle=raffle, actor=None, now=now)
        except RaffleError:
            continue
        closed += 1
    return closed


# --- draw ---------------------------------------------------------------------------


@dataclass
class _Placed:
    confirmed: list[Registration]
    waiting: list[Registration]
    offered: list[Registration]
    unfilled: int


def raffle_draw(*, raffle: Raffle, actor: Any, now: datetime | None = None) -> Raffle:
    """Draw the places, give them out and reveal the seed.

    Only a closed raffle (entries published) can be drawn, and only once. Winners are
    confirmed with seat numbers, never beyond the places or the capacity left. The
    others wait in the draw's order (`queue_rank`), so a place given up later goes to
    the next in that order. A winner who withdrew before the draw leaves a place that
    is offered to the waiting list at once. Nothing changes when a step fails.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = EventPage.objects.get(pk=raffle.event_id)
        types = capacity.lock_event(event)
        raffle = Raffle.objects.select_for_update().get(pk=raffle.pk)
        if raffle.status == RaffleStatus.DRAWN:
            raise RaffleError(
                _("This raffle has already been drawn. A draw is never repeated."),
                code="drawn",
            )
        if raffle.status != RaffleStatus.COMMITTED:
            raise RaffleError(
                _(
                    "Close applications first: the list of entries must be "
                    "published before the draw."
                ),
                code="not_closed",
            )
        entries = draw.entries_from_json(raffle.entries_json)
        if draw.entries_digest(entries) != raffle.entries_digest or not (
            draw.verify_commitment(raffle.seed, raffle.commitment)
        ):
            raise RaffleError(
                _(
                    "The stored entries or seed do not match what was published, so "
                    "the draw was stopped. Contact the platform's administrators."
                ),
                code="integrity",
            )
        free = capacity.availability(event)
        left = _places_left(free, types.values())
        places = raffle.places if left is None else min(raffle.places, left)
        quotas = dict(raffle.quotas or {})
        reserved = sum(quotas.values())
        if places == 0:
            raise RaffleError(
                _("No places are left at the event, so there is nothing to draw."),
                code="capacity",
            )
        if reserved > places:
            raise RaffleError(
                _(
                    "Only %(places)s places are left at the event, fewer than the "
                    "%(reserved)s reserved by the quotas. Raise the number of places "
                    "first."
                )
                % {"places": places, "reserved": reserved},
                code="capacity",
            )
        result = draw.run_draw(
            seed=raffle.seed, entries=entries, places=places, quotas=quotas
        )
        placed = _place(event, types, free, result, now)
        raffle.status = RaffleStatus.DRAWN
        raffle.drawn_at = now
        raffle.result = {
            "places": places,
            "quotas": quotas,
            "winners": list(result.winners),
            "waiting": list(result.waiting),
        }
        raffle.save(update_fields=["status", "drawn_at", "result"])
        log_action(
            action="events.raffle.drawn",
            actor=actor,
            obj=raffle,
            data={
                "event": event.pk,
                "seed": raffle.seed,
                "places": places,
                "confirmed": len(placed.confirmed),
                "waiting": len(placed.waiting),
                "offered": len(placed.offered),
                "withdrawn_winners": placed.unfilled,
            },
        )
    bookings = sorted({r.booking_id for r in placed.confirmed})
    offered = [r.pk for r in placed.offered]
    waiting = [r.pk for r in placed.waiting]
    transaction.on_commit(lambda: _mail_result(bookings, offered, waiting))
    return raffle


def _place(
    event: EventPage,
    types: dict[int, TicketType],
    free: capacity.Availability,
    result: draw.DrawResult,
    now: datetime,
) -> _Placed:
    """Give the winners their places and rank the rest (the caller holds the lock)."""
    rows = Registration.objects.filter(event=event).filter(
        Q(status=RegistrationStatus.APPLIED) | ~Q(raffle_key="")
    )
    by_key = {r.raffle_key: r for r in rows if r.raffle_key}
    # Applications that reached the event after the entries were fixed: not in the
    # draw, so they wait after everyone in it, in order of arrival.
    late = sorted(
        (
            r
            for r in rows
            if not r.raffle_key and r.status == RegistrationStatus.APPLIED
        ),
        key=lambda r: (r.created_at, r.pk),
    )
    seats = capacity.SeatMap(event)
    confirmed: list[Registration] = []
    unfilled = 0
    for key in result.winners:
        registration = by_key.get(key)
        if registration is None or registration.status != RegistrationStatus.APPLIED:
            unfilled += 1  # withdrew (or was erased) after applications closed
            continue
        ticket_type = types[registration.ticket_type_id]
        ticket_left = free.left(ticket_type)
        if ticket_left is not None and ticket_left <= 0:
            raise RaffleError(
                _(
                    "The ticket type “%(ticket)s” has too few places for the people "
                    "drawn. Raise its number of places and draw again: the seed and "
                    "the entries are fixed, so the result will be the same."
                )
                % {"ticket": ticket_type},
                code="ticket_full",
            )
        free.take(ticket_type)
        registration.status = RegistrationStatus.CONFIRMED
        registration.queue_rank = None
        seats.assign(registration, ticket_type, event)
        confirmed.append(registration)
    waiting: list[Registration] = []
    for rank, key in enumerate(result.waiting, start=1):
        registration = by_key.get(key)
        if registration is None or registration.status != RegistrationStatus.APPLIED:
            continue
        registration.status = RegistrationStatus.WAITING
        registration.queue_rank = rank
        waiting.append(registration)
    for registration in late:
        registration.status = RegistrationStatus.WAITING
        registration.queue_rank = None
        waiting.append(registration)
    offered = _offer_unfilled(event, types, free, seats, waiting, unfilled, now)
    changed = confirmed + waiting
    for registration in changed:
        registration.updated_at = now
    Registration.objects.bulk_update(
        changed,
        [
            "status",
            "queue_rank",
            "seat",
            "seat_limit",
            "event_seat",
            "event_seat_limit",
            "offer_expires_at",
            "updated_at",
        ],
        batch_size=500,
    )
    _charge_winners(confirmed, types)
    for registration in offered:
        log_action(
            action="events.waitlist.offered",
            obj=registration,
            data={
                "event": event.pk,
                "expires": registration.offer_expires_at.isoformat(),
                "reason": "raffle_winner_withdrew",
            },
        )
    return _Placed(
        confirmed=confirmed,
        waiting=[r for r in waiting if r.status == RegistrationStatus.WAITING],
        offered=offered,
        unfilled=unfilled,
    )


def _offer_unfilled(event, types, free, seats, waiting, count, now):
    """Offer the places of winners who withdrew to the first in the waiting order.

    Exactly as many offers as places left unfilled by the draw: the raffle's number of
    places is the most that are given out, even when the event could hold more.
    """
    offered: list[Registration] = []
    for registration in waiting:
        if len(offered) >= count or free.event_left() == 0:
            break
        ticket_type = types[registration.ticket_type_id]
        ticket_left = free.left(ticket_type)
        if ticket_left is not None and ticket_left <= 0:
            continue
        free.take(ticket_type)
        registration.status = RegistrationStatus.OFFERED
        registration.offer_expires_at = now + timedelta(hours=event.offer_hours)
        seats.assign(registration, ticket_type, event)
        offered.append(registration)
    return offered


def _charge_winners(
    confirmed: list[Registration], types: dict[int, TicketType]
) -> None:
    """A won paid ticket is invoiced like a booked one: the booking's total follows."""
    booking_ids = {r.booking_id for r in confirmed if types[r.ticket_type_id].is_paid}
    if not booking_ids:
        return
    for booking in Booking.objects.filter(pk__in=booking_ids).prefetch_related(
        "registrations"
    ):
        total = sum(
            (
                types[r.ticket_type_id].price
                for r in booking.registrations.all()
                if r.status == RegistrationStatus.CONFIRMED
            ),
            Decimal("0.00"),
        )
        booking.total = total
        if total > 0 and booking.payment_status == PaymentStatus.NOT_REQUIRED:
            booking.payment_status = PaymentStatus.INVOICE_PENDING
        booking.save(update_fields=["total", "payment_status"])


# --- mail (after commit) --------------------------------------------------------------


def _send(template: str, registration: Registration, context: dict) -> None:
    """A raffle mail in the applicant's language, with the event's title in it."""
    from motesplats.events.registration_selectors import event_in_language  # noqa: PLC0415

    language = mail_language(registration.language)
    with translation.override(language):
        page = event_in_language(event=registration.event, language=language)
        context = {
            **context,
            "registration": registration,
            "event_title": page.title,
            "raffle_url": absolute_url(
                reverse("events:raffle", args=[registration.event_id])
            ),
        }
        subject = render_to_string(f"events/email/{template}_subject.txt", context)
        body = render_to_string(f"events/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [registration.email])


def _mail_keys(registration_ids: list[int]) -> None:
    """Tell each applicant their key, so they can find it in the published lists."""
    for registration in Registration.objects.filter(
        pk__in=registration_ids
    ).select_related("event"):
        if registration.email:
            _send("raffle_closed", registration, {})


def _mail_result(bookings: list[int], offered: list[int], waiting: list[int]) -> None:
    """Winners get their booking confirmation; the others their place in the queue.

    A booking with a winner is confirmed as a whole (the booker sees everyone's status,
    a colleague who waits hears it from that mail), so the raffle's own waiting-list
    message goes to the people in the other bookings.
    """
    for booking_id in bookings:
        notifications.booking_confirmation(booking_id=booking_id)
    for registration_id in offered:
        notifications.waitlist_offer(registration_id=registration_id)
    position = {pk: number for number, pk in enumerate(waiting, start=1)}
    confirmed_bookings = set(bookings)
    for registration in Registration.objects.filter(pk__in=waiting).select_related(
        "event"
    ):
        if registration.email and registration.booking_id not in confirmed_bookings:
            _send(
                "raffle_waiting", registration, {"position": position[registration.pk]}
            )


# --- reads ----------------------------------------------------------------------------
# Used by the public raffle page and the organisers' admin view. They live next to the
# writes because `selectors.py` is shared by the whole app; each is a fixed number of
# queries whatever the number of applications.


def raffle_for_event(event: EventPage) -> Raffle | None:
    return Raffle.objects.filter(event_id=event.canonical.pk).first()


def raffle_sector_names() -> dict[str, str]:
    """Sector names by slug, in the active language (one query)."""
    return {sector.slug: str(sector.name) for sector in Sector.objects.all()}


def raffle_application_count(event: EventPage) -> int:
    return Registration.objects.filter(
        event_id=event.canonical.pk, status=RegistrationStatus.APPLIED
    ).count()


def raffle_public_entries(raffle: Raffle) -> list[draw.Entry]:
    """The published entries, in key order (no query: they are stored as JSON)."""
    if not raffle.entries_json:
        return []
    return sorted(draw.entries_from_json(raffle.entries_json), key=lambda e: e.key)


def raffle_own_registrations(event: EventPage, user: Any) -> list[Registration]:
    """The signed-in person's applications, and those they made for colleagues."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Registration.objects.filter(event_id=event.canonical.pk)
        .filter(Q(user=user) | Q(booking__user=user))
        .filter(Q(status=RegistrationStatus.APPLIED) | ~Q(raffle_key=""))
        .order_by("created_at", "pk")
    )


def raffle_applications(event: EventPage) -> list[Registration]:
    """Everyone who applied, with motivation and sector, in order of arrival."""
    return list(
        Registration.objects.filter(event_id=event.canonical.pk)
        .filter(Q(status=RegistrationStatus.APPLIED) | ~Q(raffle_key=""))
        .select_related("sector", "ticket_type")
        .order_by("created_at", "pk")
    )


def raffle_verify_command(raffle: Raffle) -> str:
    """The exact command that rechecks a drawn raffle from its published data."""
    result = raffle.result or {}
    parts = [
        "python -m motesplats.events.draw verify",
        f"--seed {raffle.seed}",
        f"--commitment {raffle.commitment}",
        "--entries entries.json",
        f"--places {result.get('places', raffle.places)}",
    ]
    parts += [
        f"--quota {group}={number}"
        for group, number in sorted(result.get("quotas", raffle.quotas).items())
    ]
    parts.append(f"--entries-digest {raffle.entries_digest}")
    return " \\\n    ".join(parts)
