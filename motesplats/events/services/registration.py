"""Writes on registrations: book, cancel, change, the waiting list and check-in."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.actors.validators import normalize_org_number
from motesplats.core.audit import log_action
from motesplats.events.enums import (
    HOLDING,
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
    SessionSignup,
    TicketType,
)

from . import capacity, notifications


class RegistrationError(ValidationError):
    """A booking that cannot be made; the message is for the person registering."""


@dataclass
class Participant:
    ticket_type: TicketType
    name: str
    email: str
    organisation: str = ""
    sector: Any = None
    county: Any = None
    answers: dict[str, Any] = field(default_factory=dict)
    health_answers: dict[str, Any] = field(default_factory=dict)
    health_consent: bool = False
    motivation: str = ""
    user: Any = None


@dataclass
class Invoice:
    organisation: str
    org_number: str
    reference: str
    address: str
    email: str


@dataclass
class BookingResult:
    booking: Booking
    registrations: list[Registration]
    created: bool

    @property
    def confirmed(self) -> list[Registration]:
        return [
            r for r in self.registrations if r.status == RegistrationStatus.CONFIRMED
        ]

    @property
    def waiting(self) -> list[Registration]:
        return [r for r in self.registrations if r.status == RegistrationStatus.WAITING]


def _check_request(
    event: EventPage, participants: list[Participant], invoice: Invoice | None, now
) -> None:
    if not event.registration_is_open(now):
        raise RegistrationError(
            _("Registration for this event is not open."), code="closed"
        )
    if event.registration_mode == RegistrationMode.RAFFLE:
        raffle = Raffle.objects.filter(event=event).first()
        if (
            raffle is None
            or raffle.status != RaffleStatus.OPEN
            or now >= raffle.applications_close_at
        ):
            raise RegistrationError(
                _("Applications for the raffle are not open."), code="raffle_closed"
            )
    if not participants:
        raise RegistrationError(_("Add at least one participant."), code="empty")
    emails = [p.email.strip().lower() for p in participants]
    if len(set(emails)) != len(emails):
        raise RegistrationError(
            _("Each participant needs an e-mail address of their own."),
            code="duplicate_email",
        )
    per_type: dict[int, int] = {}
    for p in participants:
        if p.ticket_type.event_id != event.pk:
            raise RegistrationError(_("Choose a ticket for this event."), code="ticket")
        if not p.ticket_type.on_sale(now):
            raise RegistrationError(
                _("The ticket “%(ticket)s” is not on sale now.")
                % {"ticket": p.ticket_type},
                code="not_on_sale",
            )
        per_type[p.ticket_type.pk] = per_type.get(p.ticket_type.pk, 0) + 1
        if per_type[p.ticket_type.pk] > p.ticket_type.max_per_booking:
            raise RegistrationError(
                _("At most %(n)s tickets of the kind “%(ticket)s” per booking.")
                % {"n": p.ticket_type.max_per_booking, "ticket": p.ticket_type},
                code="too_many",
            )
        if p.health_answers and not p.health_consent:
            raise RegistrationError(
                _("Health-related answers need the participant's explicit consent."),
                code="consent",
            )
        if (
            event.registration_mode == RegistrationMode.RAFFLE
            and not p.motivation.strip()
        ):
            raise RegistrationError(
                _("Write a motivation: the places are drawn among the applications."),
                code="motivation",
            )
    if any(p.ticket_type.is_paid for p in participants):
        if invoice is None or not invoice.organisation.strip():
            raise RegistrationError(
                _(
                    "Paid tickets are invoiced: give the organisation's invoice details."
                ),
                code="invoice",
            )
        invoice.org_number = normalize_org_number(invoice.org_number)


def _already_registered(event: EventPage, emails: list[str]) -> list[str]:
    return list(
        Registration.objects.filter(
            event=event,
            email__in=emails,
            status__in=[
                *HOLDING,
                RegistrationStatus.WAITING,
                RegistrationStatus.APPLIED,
            ],
        ).values_list("email", flat=True)
    )


def booking_create(
    *,
    event: EventPage,
    name: str,
    email: str,
    participants: list[Participant],
    language: str = "sv",
    user: Any = None,
    invoice: Invoice | None = None,
    submission_key: str | None = None,
    join_waiting_list: bool = True,
    now=None,
) -> BookingResult:
    """Book places for one or more participants, never more than there are.

    Each participant gets a confirmed place while places last, else a place on the
    waiting list (when the event keeps one and `join_waiting_list`), else the whole
    booking is refused. In a raffle every participant is an application. Sending the
    same `submission_key` twice returns the first booking.
    """
    event = event.canonical
    now = now or timezone.now()
    if submission_key:
        existing = Booking.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return BookingResult(existing, list(existing.registrations.all()), False)
    _check_request(event, participants, invoice, now)
    emails = [p.email.strip().lower() for p in participants]
    try:
        with transaction.atomic():
            result = _book_locked(
                event=event,
                name=name,
                email=email,
                participants=participants,
                emails=emails,
                language=language,
                user=user,
                invoice=invoice,
                submission_key=submission_key,
                join_waiting_list=join_waiting_list,
                now=now,
            )
    except IntegrityError as exc:
        # Only a concurrent submission of the same form or the same person gets here
        # (the lock makes a seat clash impossible); the constraints kept the data right.
        if submission_key:
            existing = Booking.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return BookingResult(
                    existing, list(existing.registrations.all()), False
                )
        if _already_registered(event, emails):
            raise RegistrationError(
                _(
                    "Someone with this e-mail address is already registered for the event."
                ),
                code="already_registered",
            ) from exc
        raise RegistrationError(
            _("Very many are registering right now. Please try again in a moment."),
            code="busy",
        ) from exc
    except OperationalError as exc:
        raise RegistrationError(
            _("Very many are registering right now. Please try again in a moment."),
            code="busy",
        ) from exc
    transaction.on_commit(
        lambda: notifications.booking_confirmation(booking_id=result.booking.pk)
    )
    return result


def _book_locked(
    *,
    event,
    name,
    email,
    participants,
    emails,
    language,
    user,
    invoice,
    submission_key,
    join_waiting_list,
    now,
) -> BookingResult:
    types = capacity.lock_event(event)
    # People waiting come before newcomers: places freed by an expired offer, or added
    # by raising a capacity, are offered to the queue before anyone new books.
    if not _expire_offers_locked(event, now):
        _promote_locked(event, now)
    taken = _already_registered(event, emails)
    if taken:
        raise RegistrationError(
            _("%(emails)s is already registered for this event.")
            % {"emails": ", ".join(sorted(taken))},
            code="already_registered",
        )
    free = capacity.availability(event)
    seats = capacity.SeatMap(event)
    raffle = event.registration_mode == RegistrationMode.RAFFLE
    statuses = []
    for p in participants:
        ticket_type = types[p.ticket_type.pk]
        if raffle:
            statuses.append(RegistrationStatus.APPLIED)
            continue
        left = free.left(ticket_type)
        if left is None or left > 0:
            free.take(ticket_type)
            statuses.append(RegistrationStatus.CONFIRMED)
        elif event.waiting_list and join_waiting_list:
            statuses.append(RegistrationStatus.WAITING)
        else:
            raise RegistrationError(
                _("Sorry, “%(ticket)s” is fully booked.") % {"ticket": ticket_type},
                code="sold_out",
            )
    if capacity.race_window is not None:
        capacity.race_window()
    booking = Booking(
        event=event,
        user=user if getattr(user, "is_authenticated", False) else None,
        name=name.strip(),
        email=email.strip().lower(),
        language=language,
        submission_key=submission_key or None,
    )
    total = Decimal("0.00")
    for p, status in zip(participants, statuses, strict=True):
        if status == RegistrationStatus.CONFIRMED:
            total += types[p.ticket_type.pk].price
    # Kept whenever a paid ticket was asked for: a raffle application or a place on
    # the waiting list costs nothing yet, but is invoiced once it becomes a place.
    if invoice is not None and any(p.ticket_type.is_paid for p in participants):
        booking.invoice_organisation = invoice.organisation.strip()
        booking.invoice_org_number = invoice.org_number
        booking.invoice_reference = invoice.reference.strip()
        booking.invoice_address = invoice.address.strip()
        booking.invoice_email = (invoice.email or email).strip().lower()
    booking.total = total
    booking.payment_status = (
        PaymentStatus.INVOICE_PENDING if total > 0 else PaymentStatus.NOT_REQUIRED
    )
    booking.save()
    registrations = []
    for p, address, status in zip(participants, emails, statuses, strict=True):
        registration = Registration(
            booking=booking,
            event=event,
            ticket_type=types[p.ticket_type.pk],
            status=status,
            user=p.user if getattr(p.user, "is_authenticated", False) else None,
            name=p.name.strip(),
            email=address,
            organisation=p.organisation.strip(),
            sector=p.sector,
            county=p.county,
            language=language,
            answers=p.answers,
            health_answers=p.health_answers if p.health_consent else {},
            health_consent_at=now if p.health_consent and p.health_answers else None,
            motivation=p.motivation.strip(),
        )
        if status == RegistrationStatus.CONFIRMED:
            seats.assign(
                registration, registration.ticket_type, event, free.event_capacity
            )
        registration.save()
        registrations.append(registration)
    log_action(
        action="events.booking.created",
        actor=user,
        obj=booking,
        data={
            "event": event.pk,
            "statuses": [str(s) for s in statuses],
        },
    )
    return BookingResult(booking, registrations, True)


# --- cancellation and the waiting list ------------------------------------------------


def registration_cancel(
    *, registration: Registration, actor: Any = None, now=None
) -> None:
    """Cancel a place (or a place in the queue); a freed place goes to the next in line."""
    now = now or timezone.now()
    with transaction.atomic():
        event = registration.event
        capacity.lock_event(event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (
            RegistrationStatus.CANCELLED,
            RegistrationStatus.EXPIRED,
        ):
            return
        freed = registration.holds_place
        registration.status = RegistrationStatus.CANCELLED
        capacity.release_seat(registration)
        registration.offer_expires_at = None
        registration.save()
        _recompute_total(registration.booking)
        log_action(
            action="events.registration.cancelled",
            actor=actor,
            obj=registration,
            data={"event": event.pk, "freed_place": freed},
        )
        if freed:
            _release_session_places(registration)
            _promote_locked(event, now)


def _release_session_places(registration: Registration) -> None:
    """Without a place at the event, the person's workshop seats go to others."""
    who = Q(user__email__iexact=registration.email)
    if registration.user_id:
        who |= Q(user_id=registration.user_id)
    released = SessionSignup.objects.filter(who, session__event=registration.event)
    count, _rows = released.delete()
    if count:
        log_action(
            action="events.session_signup.released",
            obj=registration,
            data={"signups": count},
        )


def _recompute_total(booking: Booking) -> None:
    total = sum(
        (
            r.ticket_type.price
            for r in booking.registrations.filter(
                status=RegistrationStatus.CONFIRMED
            ).select_related("ticket_type")
        ),
        Decimal("0.00"),
    )
    if total != booking.total:
        booking.total = total
        if total == 0 and booking.payment_status == PaymentStatus.INVOICE_PENDING:
            booking.payment_status = PaymentStatus.NOT_REQUIRED
        booking.save(update_fields=["total", "payment_status"])


def waiting_queue(event: EventPage):
    """The waiting list in order: a raffle's drawn order first, then arrival."""
    from django.db.models import F  # noqa: PLC0415 -- local: only the ordering uses it

    return Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITING
    ).order_by(F("queue_rank").asc(nulls_last=True), "created_at", "pk")


def _promote_locked(event: EventPage, now) -> list[Registration]:
    """Offer free places to the next people in line (the caller holds the lock)."""
    queue = list(waiting_queue(event).select_related("ticket_type"))
    if not queue:  # the usual case on a booking: one query and done
        return []
    types = {t.pk: t for t in TicketType.objects.filter(event=event)}
    free = capacity.availability(event)
    seats = capacity.SeatMap(event)
    offered = []
    for registration in queue:
        ticket_type = types[registration.ticket_type_id]
        left = free.left(ticket_type)
        if free.event_left() == 0:
            break
        if left is not None and left <= 0:
            continue  # this ticket type is full; someone further down may fit
        free.take(ticket_type)
        registration.status = RegistrationStatus.OFFERED
        registration.offer_expires_at = now + timedelta(hours=event.offer_hours)
        seats.assign(registration, ticket_type, event, free.event_capacity)
        registration.save()
        offered.append(registration)
        log_action(
            action="events.waitlist.offered",
            obj=registration,
            data={
                "event": event.pk,
                "expires": registration.offer_expires_at.isoformat(),
            },
        )
    for registration in offered:
        pk = registration.pk
        transaction.on_commit(
            lambda pk=pk: notifications.waitlist_offer(registration_id=pk)
        )
    return offered


def _expire_offers_locked(event: EventPage, now) -> int:
    expired = list(
        Registration.objects.filter(
            event=event, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
        )
    )
    for registration in expired:
        registration.status = RegistrationStatus.EXPIRED
        capacity.release_seat(registration)
        registration.save()
        log_action(action="events.waitlist.expired", obj=registration)
    if expired:
        _promote_locked(event, now)
    return len(expired)


def offers_expire(*, now=None) -> int:
    """Pass on every offer not taken in time, and offer places that appeared since
    (a capacity raised by the organisers) to the waiting list; run by `events_tick`.
    Returns the number of expired offers."""
    now = now or timezone.now()
    events = (
        Registration.objects.filter(
            Q(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
            | Q(status=RegistrationStatus.WAITING, event__ends_at__gt=now)
        )
        .values_list("event_id", flat=True)
        .distinct()
    )
    count = 0
    for event in EventPage.objects.filter(pk__in=list(events)):
        with transaction.atomic():
            capacity.lock_event(event)
            expired = _expire_offers_locked(event, now)
            if not expired:
                _promote_locked(event, now)
            count += expired
    return count


def offer_accept(*, registration: Registration, now=None) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        capacity.lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.OFFERED:
            raise RegistrationError(
                _("This offer is no longer open."), code="not_offered"
            )
        expired = bool(
            registration.offer_expires_at and registration.offer_expires_at <= now
        )
        if expired:
            _expire_offers_locked(registration.event, now)
        else:
            registration.status = RegistrationStatus.CONFIRMED
            registration.offer_expires_at = None
            registration.save()
            _recompute_total_after_confirm(registration)
            log_action(action="events.waitlist.accepted", obj=registration)
    if expired:
        # Raised after the commit: the place has really gone on to the next person.
        raise RegistrationError(
            _("The offer expired and the place has gone to the next person."),
            code="expired",
        )
    pk = registration.pk
    transaction.on_commit(lambda: notifications.offer_accepted(registration_id=pk))
    return registration


def _recompute_total_after_confirm(registration: Registration) -> None:
    booking = registration.booking
    booking.total = booking.total + registration.ticket_type.price
    if booking.total > 0 and booking.payment_status == PaymentStatus.NOT_REQUIRED:
        booking.payment_status = PaymentStatus.INVOICE_PENDING
    booking.save(update_fields=["total", "payment_status"])


def offer_decline(*, registration: Registration, now=None) -> None:
    """Say no to an offered place: it passes on to the next in line at once."""
    registration_cancel(registration=registration, now=now)


# --- check-in ----------------------------------------------------------------------


@dataclass
class CheckInResult:
    registration: Registration | None
    newly_checked_in: bool
    message: str


def registration_check_in(
    *, event: EventPage, code: str, actor: Any, now=None
) -> CheckInResult:
    """Check a ticket in. Several staff may scan the same ticket: it counts once."""
    now = now or timezone.now()
    event = event.canonical
    registration = (
        Registration.objects.filter(event=event, ticket_code=(code or "").strip())
        .select_related("ticket_type")
        .first()
    )
    if registration is None:
        return CheckInResult(None, False, _("No ticket for this event has that code."))
    if registration.status != RegistrationStatus.CONFIRMED:
        return CheckInResult(
            registration,
            False,
            _("This registration is not confirmed (%(status)s).")
            % {"status": registration.get_status_display()},
        )
    # A conditional update: of two staff scanning at once, exactly one changes the row.
    updated = Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=actor)
    registration.refresh_from_db()
    if updated:
        log_action(
            action="events.registration.checked_in", actor=actor, obj=registration
        )
        return CheckInResult(
            registration, True, _("Welcome, %(name)s!") % {"name": registration.name}
        )
    return CheckInResult(
        registration,
        False,
        _("Already checked in at %(time)s.")
        % {"time": timezone.localtime(registration.checked_in_at).strftime("%H:%M")},
    )
