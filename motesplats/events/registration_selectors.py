"""Reads for registration: where an event's registration stands, and self-service access.

`registration_state` answers what the registration box and the form need (is it open,
which tickets are on sale, how many places are left) in a fixed number of queries,
whatever the number of ticket types. `booking_access` resolves the key in a self-service
link: a booking's manage token shows the whole booking to the person who booked; a
participant key shows one participant only (it goes in the mail to a colleague who
was registered by someone else).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from motesplats.events.enums import (
    ACTIVE,
    RaffleStatus,
    RegistrationMode,
)
from motesplats.events.models import (
    Booking,
    EventPage,
    Raffle,
    Registration,
    TicketType,
)
from motesplats.events.services import capacity
from motesplats.events.services.registration import waiting_queue
from motesplats.events.services.tickets import participant_key

# States of an event's registration, as the box and the form tell them.
NONE = "none"  # the event takes no registrations
PAST = "past"
NOT_YET = "not_yet"
CLOSED = "closed"
NO_TICKETS = "no_tickets"
OPEN = "open"
FULL_WAITING = "full_waiting"  # full, but a waiting list takes new registrations
FULL = "full"
RAFFLE = "raffle"

FORM_STATES = (OPEN, FULL_WAITING, RAFFLE)


@dataclass
class TicketOffer:
    ticket: TicketType
    left: int | None  # None: no limit

    @property
    def sold_out(self) -> bool:
        return self.left is not None and self.left <= 0


@dataclass
class RegistrationState:
    event: EventPage  # the canonical event
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    offers: list[TicketOffer] = field(default_factory=list)
    raffle: Raffle | None = None

    @property
    def form_available(self) -> bool:
        return self.status in FORM_STATES

    @property
    def is_raffle(self) -> bool:
        return self.event.registration_mode == RegistrationMode.RAFFLE

    @property
    def waiting_list(self) -> bool:
        return bool(self.event.waiting_list) and not self.is_raffle

    def offer_for(self, ticket_id: int) -> TicketOffer | None:
        for offer in self.offers:
            if offer.ticket.pk == ticket_id:
                return offer
        return None


def registration_state(*, event: EventPage, now=None) -> RegistrationState:
    """Where registration for `event` stands now: 2 queries (3 for a raffle)."""
    now = now or timezone.now()
    event = event.canonical
    closes_at = event.registration_closes_at or event.starts_at
    state = RegistrationState(
        event=event,
        status=OPEN,
        opens_at=event.registration_opens_at,
        closes_at=closes_at,
    )
    if event.registration_mode == RegistrationMode.NONE:
        state.status = NONE
        return state
    if event.ends_at < now:
        state.status = PAST
        return state
    tickets = [
        t
        for t in TicketType.objects.filter(event=event, is_active=True)
        if t.on_sale(now)
    ]
    free = capacity.availability(event)
    state.offers = [TicketOffer(ticket=t, left=free.left(t)) for t in tickets]
    if state.is_raffle:
        state.raffle = Raffle.objects.filter(event=event).first()
    if event.registration_opens_at and now < event.registration_opens_at:
        state.status = NOT_YET
    elif now >= closes_at:
        state.status = CLOSED
    elif state.is_raffle:
        # Applications are taken only while the organisers' raffle is open.
        raffle = state.raffle
        if raffle is None:
            state.status = NOT_YET
        elif raffle.status != RaffleStatus.OPEN or now >= raffle.applications_close_at:
            state.status = CLOSED
            state.closes_at = min(closes_at, raffle.applications_close_at)
        elif not state.offers:
            state.status = NO_TICKETS
        else:
            state.status = RAFFLE
            state.closes_at = min(closes_at, raffle.applications_close_at)
    elif not state.offers:
        state.status = NO_TICKETS
    elif all(o.sold_out for o in state.offers):
        state.status = FULL_WAITING if event.waiting_list else FULL
    return state


def registrations_of_member(*, event: EventPage, user) -> list[Registration]:
    """The signed-in member's active registrations for `event`: one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Registration.objects.filter(event=event.canonical, status__in=ACTIVE)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("booking")
    )


# --- self-service access -----------------------------------------------------------

_PARTICIPANT_KEY = re.compile(r"^(\d{1,12})-([0-9a-f]{32})$")


def member_link_key(registration: Registration, user) -> str:
    """The link a member follows to their registration: the booking if it is theirs."""
    booking = registration.booking
    if booking.user_id == getattr(user, "pk", None) or (
        booking.email.lower() == (getattr(user, "email", "") or "").lower()
    ):
        return booking.manage_token
    return participant_key(registration)


@dataclass
class BookingAccess:
    """What a self-service link opens: a whole booking, or one participant of it."""

    key: str
    booking: Booking
    registrations: list[Registration]
    whole_booking: bool

    def registration(self, registration_id: int) -> Registration | None:
        for registration in self.registrations:
            if registration.pk == registration_id:
                return registration
        return None


_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]+")


def booking_access(*, key: str) -> BookingAccess | None:
    """Resolve a self-service key; None when it opens nothing. Two or three queries."""
    key = (key or "").strip()
    # Tokens are URL-safe base64 (or a participant key); anything else opens nothing
    # and never reaches the database (PostgreSQL refuses NUL bytes, for one).
    if not key or len(key) > 64 or not _TOKEN_CHARS.fullmatch(key):
        return None
    registrations = Registration.objects.select_related(
        "ticket_type", "sector", "county"
    ).order_by("pk")
    booking = (
        Booking.objects.filter(manage_token=key)
        .select_related("event", "event__locale")
        .first()
    )
    if booking is not None:
        return BookingAccess(
            key=key,
            booking=booking,
            registrations=list(registrations.filter(booking=booking)),
            whole_booking=True,
        )
    match = _PARTICIPANT_KEY.match(key)
    if match is None:
        return None
    registration = (
        registrations.filter(pk=int(match.group(1)))
        .select_related("booking", "booking__event", "booking__event__locale")
        .first()
    )
    if registration is None or not constant_time_compare(
        participant_key(registration), key
    ):
        return None
    return BookingAccess(
        key=key,
        booking=registration.booking,
        registrations=[registration],
        whole_booking=False,
    )


def queue_positions(*, event: EventPage) -> dict[int, int]:
    """Registration id → place in the waiting list (1 = next in line): one query."""
    ids = waiting_queue(event.canonical).values_list("pk", flat=True)
    return {pk: position for position, pk in enumerate(ids, start=1)}


def event_in_language(*, event: EventPage, language: str) -> EventPage:
    """The event as read in `language`: its published translation, else itself.

    Unlike `event_for_language` this never fails: a booking stays readable even when
    the event page has been unpublished.
    """
    if event.locale.language_code == language:
        return event
    translated = (
        EventPage.objects.live()
        .filter(translation_key=event.translation_key, locale__language_code=language)
        .select_related("locale", "county", "node")
        .first()
    )
    return translated or event
