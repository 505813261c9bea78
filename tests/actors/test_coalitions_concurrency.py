"""Simultaneous changes on PostgreSQL: a coalition never loses its last coordinator,
and a double click on "join" makes one membership.

Threads are released at once by a barrier. On PostgreSQL only: the in-memory SQLite
test database locks whole tables between threads, so there the test would measure
the test database, not the code.
"""

import threading

from django.db import connection

import pytest

from motesplats.actors.enums import CoalitionAccess, CoalitionRole, MembershipStatus
from motesplats.actors.services.coalitions import (
    CoalitionError,
    coalition_join,
    coalition_leave,
    coalition_member_set_role,
)
from tests.actors.factories import CoalitionFactory, add_coalition_member
from tests.factories import UserFactory, _migration_rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _reference_data() -> None:
    from motesplats.taxonomy.services import taxonomy_load_reference  # noqa: PLC0415

    _migration_rows()
    taxonomy_load_reference()


def _race(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(call) -> None:
        try:
            barrier.wait()
            try:
                call()
                outcome = "done"
            except CoalitionError:
                outcome = "refused"
            finally:
                connection.close()
        except BaseException as exc:  # noqa: BLE001 -- asserted by the test
            outcome = f"error:{type(exc).__name__}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_coordinators_leaving_at_once_leave_one():
    _reference_data()
    coalition = CoalitionFactory()
    rows = [
        add_coalition_member(coalition, user=UserFactory(), coordinator=True)
        for _ in range(2)
    ]
    outcomes = _race(
        [lambda r=row: coalition_leave(member=r, actor=r.user) for row in rows]
    )
    assert outcomes == ["done", "refused"]
    assert coalition.members.filter(role=CoalitionRole.COORDINATOR).count() == 1


def test_two_coordinators_stepping_down_at_once_keep_one():
    _reference_data()
    coalition = CoalitionFactory()
    rows = [
        add_coalition_member(coalition, user=UserFactory(), coordinator=True)
        for _ in range(2)
    ]
    outcomes = _race(
        [
            lambda r=row: coalition_member_set_role(
                member=r, role=CoalitionRole.MEMBER, actor=r.user
            )
            for row in rows
        ]
    )
    assert outcomes == ["done", "refused"]
    assert coalition.members.filter(role=CoalitionRole.COORDINATOR).count() == 1


def test_double_join_makes_one_membership():
    _reference_data()
    coalition = CoalitionFactory(access=CoalitionAccess.OPEN)
    user = UserFactory()
    outcomes = _race(
        [lambda: coalition_join(coalition=coalition, user=user) for _ in range(4)]
    )
    assert outcomes == ["done", "refused", "refused", "refused"]
    assert (
        coalition.members.filter(user=user, status=MembershipStatus.ACTIVE).count() == 1
    )
