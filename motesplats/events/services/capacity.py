"""Places: the lock, the availability count and seat numbers.

Availability is always computed from the rows, never kept as a counter, and only after
the lock is held (READ COMMITTED on PostgreSQL, so the count sees every commit made by
earlier lock holders). The lock is a row lock on every ticket type of the event, taken
in primary-key order so two transactions can never deadlock; on SQLite the write
transaction itself (BEGIN IMMEDIATE) serialises writers. Seat numbers and the database
constraints on them are the last line of defence: even without the lock, no more rows
than places can hold a seat.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from motesplats.events.enums import HOLDING, RegistrationMode
from motesplats.events.models import EventPage, Raffle, Registration, TicketType

LOCK_TIMEOUT = "10s"

# Called between the availability check and the insert; tests use it to widen the
# window a race would need (as pretix's concurrency tests do). None in production.
race_window: Callable[[], None] | None = None


def lock_event(event: EventPage) -> dict[int, TicketType]:
    """Lock the event's places for this transaction; return its ticket types, fresh."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    types = TicketType.objects.select_for_update().filter(event=event).order_by("pk")
    return {t.pk: t for t in types}


@dataclass
class Availability:
    event_capacity: int | None
    event_taken: int
    taken: dict[int, int]  # ticket type id → places held

    def event_left(self) -> int | None:
        if self.event_capacity is None:
            return None
        return max(self.event_capacity - self.event_taken, 0)

    def left(self, ticket_type: TicketType) -> int | None:
        """Places left for this ticket type, counting the event's total; None = no limit."""
        limits = []
        if ticket_type.capacity is not None:
            limits.append(
                max(ticket_type.capacity - self.taken.get(ticket_type.pk, 0), 0)
            )
        event_left = self.event_left()
        if event_left is not None:
            limits.append(event_left)
        return min(limits) if limits else None

    def take(self, ticket_type: TicketType) -> None:
        self.taken[ticket_type.pk] = self.taken.get(ticket_type.pk, 0) + 1
        self.event_taken += 1


def event_capacity(event: EventPage) -> int | None:
    """The event's total places; a raffle's places cap it (what the waiting list gets)."""
    total = event.capacity
    if event.registration_mode == RegistrationMode.RAFFLE:
        places = (
            Raffle.objects.filter(event=event).values_list("places", flat=True).first()
        )
        if places is not None:
            total = places if total is None else min(total, places)
    return total


def availability(event: EventPage) -> Availability:
    """Places held per ticket type and in all: one query (two for a raffle)."""
    rows = (
        Registration.objects.filter(event=event, status__in=HOLDING)
        .values("ticket_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    taken = {row["ticket_type"]: row["n"] for row in rows}
    return Availability(
        event_capacity=event_capacity(event),
        event_taken=sum(taken.values()),
        taken=taken,
    )


class SeatMap:
    """Free seat numbers of one event, read once under the lock."""

    def __init__(self, event: EventPage) -> None:
        rows = Registration.objects.filter(
            Q(seat__isnull=False) | Q(event_seat__isnull=False), event=event
        ).values_list("ticket_type_id", "seat", "event_seat")
        self.used: dict[int, set[int]] = {}
        self.event_used: set[int] = set()
        for type_id, seat, event_seat in rows:
            if seat is not None:
                self.used.setdefault(type_id, set()).add(seat)
            if event_seat is not None:
                self.event_used.add(event_seat)

    @staticmethod
    def _first_free(used: set[int]) -> int:
        seat = 1
        while seat in used:
            seat += 1
        return seat

    def assign(
        self,
        registration: Registration,
        ticket_type: TicketType,
        event: EventPage,
        total: int | None = None,
    ) -> None:
        """Give `registration` the lowest free seat(s); the constraints check the limit.

        `total` is the event's effective total (`Availability.event_capacity`) when the
        caller has it; otherwise the event's own capacity.
        """
        total = event.capacity if total is None else total
        if ticket_type.capacity is not None:
            used = self.used.setdefault(ticket_type.pk, set())
            registration.seat = self._first_free(used)
            registration.seat_limit = ticket_type.capacity
            used.add(registration.seat)
        if total is not None:
            registration.event_seat = self._first_free(self.event_used)
            registration.event_seat_limit = total
            self.event_used.add(registration.event_seat)


def release_seat(registration: Registration) -> None:
    registration.seat = registration.seat_limit = None
    registration.event_seat = registration.event_seat_limit = None
