"""A sell-out rush on PostgreSQL: exactly as many confirmed places as there are.

200 threads are released at once by a barrier against 50 places. PostgreSQL here takes
100 connections, so the threads queue for a connection (at most 60 at a time) the way
requests queue for a server worker; every one of them still races for the same places.
The negative control removes the lock and the seat numbers and widens the window between
the availability check and the insert: then the same test sees more than 50 confirmed,
which proves it would catch a race. A second control removes only the lock: the seat
constraints alone still keep the count at 50.
"""

import threading
import time

from django.db import connection

import pytest

from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services import capacity
from motesplats.events.services.registration import (
    Participant,
    RegistrationError,
    booking_create,
)
from tests.factories import load_node_after_flush

from .factories import make_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 200
PLACES = 50
CONNECTIONS = threading.BoundedSemaphore(60)


def _rush(event, threads=THREADS) -> dict[str, int]:
    ticket = event.ticket_types.get()
    barrier = threading.Barrier(threads)
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def count(key: str) -> None:
        with lock:
            outcomes[key] = outcomes.get(key, 0) + 1

    def worker(n: int) -> None:
        try:
            barrier.wait()
            with CONNECTIONS:
                try:
                    email = f"rusare{n}@example.org"
                    result = booking_create(
                        event=event,
                        name=f"Rusare {n}",
                        email=email,
                        participants=[
                            Participant(
                                ticket_type=ticket, name=f"Rusare {n}", email=email
                            )
                        ],
                    )
                    count(result.registrations[0].status)
                except RegistrationError as exc:
                    count(f"refused:{exc.code}")
                finally:
                    connection.close()
        except BaseException as exc:  # noqa: BLE001 -- counted and asserted by the test
            count(f"error:{type(exc).__name__}")

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return outcomes


def test_two_hundred_at_once_for_fifty_places_on_postgresql():
    assert connection.vendor == "postgresql"
    load_node_after_flush()
    event = make_event(tickets=[{"capacity": PLACES}], waiting_list=True)
    outcomes = _rush(event)
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    )
    assert outcomes == {"confirmed": PLACES, "waiting": THREADS - PLACES}
    assert confirmed.count() == PLACES
    assert sorted(confirmed.values_list("seat", flat=True)) == list(
        range(1, PLACES + 1)
    )
    assert Registration.objects.filter(event=event).count() == THREADS


def test_without_a_waiting_list_the_rest_are_refused():
    load_node_after_flush()
    event = make_event(capacity=PLACES, waiting_list=False)
    outcomes = _rush(event)
    assert outcomes == {"confirmed": PLACES, "refused:sold_out": THREADS - PLACES}
    assert Registration.objects.filter(event=event).count() == PLACES


def _without_lock(monkeypatch) -> None:
    monkeypatch.setattr(
        capacity,
        "lock_event",
        lambda event: {t.pk: t for t in event.ticket_types.all()},
    )


def _widen_race_window():
    time.sleep(0.05)


def test_negative_control_without_lock_and_seats_the_rush_oversells(monkeypatch):
    load_node_after_flush()
    event = make_event(tickets=[{"capacity": PLACES}], waiting_list=True)
    _without_lock(monkeypatch)
    monkeypatch.setattr(capacity.SeatMap, "assign", lambda self, *args: None)
    monkeypatch.setattr(capacity, "race_window", _widen_race_window)
    _rush(event)
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).count()
    assert confirmed > PLACES  # the race the real code prevents


def test_without_the_lock_the_seat_constraints_still_hold(monkeypatch):
    load_node_after_flush()
    event = make_event(tickets=[{"capacity": PLACES}], waiting_list=True)
    _without_lock(monkeypatch)
    monkeypatch.setattr(capacity, "race_window", _widen_race_window)
    outcomes = _rush(event)
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).count()
    assert confirmed <= PLACES
    assert outcomes.get("refused:busy", 0) > 0  # clashes were caught by the database
    assert not any(key.startswith("error:") for key in outcomes)
