"""The must-meet cap under simultaneous marks, on PostgreSQL.

Twenty marks by one participant are released at once, each for a different person,
when nine must-meets are already made: exactly one more may succeed. The negative
control takes the row lock away (and widens the window between the count and the
insert): then more than ten get through, which proves the test would catch the race.
"""

import threading
import time

from django.db import connection
from django.db.models import QuerySet

import pytest

from motesplats.events.meetings import MUST_CAP
from motesplats.events.models import MeetingRequest, MeetingWish
from motesplats.events.services.meetings import MeetingError, meeting_request_set
from tests.factories import load_node_after_flush

from .meeting_helpers import meeting_event, person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


def _setup():
    load_node_after_flush()
    event = meeting_event()
    _, _, me = person(event, "Bo Berg", user=False)
    others = [
        person(event, f"Person {i:02d}", user=False)[2]
        for i in range(MUST_CAP - 1 + THREADS)
    ]
    for other in others[: MUST_CAP - 1]:
        meeting_request_set(requester=me, target_id=other.pk, wish=MeetingWish.MUST)
    return me, others[MUST_CAP - 1 :]


def _race(me, targets) -> dict[str, int]:
    barrier = threading.Barrier(len(targets))
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def count(key: str) -> None:
        with lock:
            outcomes[key] = outcomes.get(key, 0) + 1

    def worker(target) -> None:
        try:
            barrier.wait()
            try:
                meeting_request_set(
                    requester=me, target_id=target.pk, wish=MeetingWish.MUST
                )
                count("saved")
            except MeetingError as exc:
                count(f"refused:{exc.code}")
            finally:
                connection.close()
        except BaseException as exc:  # noqa: BLE001 -- counted and asserted by the test
            count(f"error:{type(exc).__name__}")

    threads = [threading.Thread(target=worker, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_simultaneous_marks_keep_the_must_meet_cap():
    assert connection.vendor == "postgresql"
    me, targets = _setup()
    outcomes = _race(me, targets)
    assert outcomes == {"saved": 1, "refused:cap": THREADS - 1}
    assert (
        MeetingRequest.objects.filter(requester=me, wish=MeetingWish.MUST).count()
        == MUST_CAP
    )


def test_negative_control_without_the_lock_the_cap_breaks(monkeypatch):
    me, targets = _setup()
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *a, **k: self)
    real_count = QuerySet.count

    def slow_count(self):
        value = real_count(self)
        time.sleep(0.05)
        return value

    monkeypatch.setattr(QuerySet, "count", slow_count)
    _race(me, targets)
    musts = MeetingRequest.objects.filter(requester=me, wish=MeetingWish.MUST)
    assert real_count(musts) > MUST_CAP  # the race the lock prevents
