"""Simultaneous changes on PostgreSQL: a coalition never loses its last coordinator,
and a double click on "join" makes one membership.

Threads are released at once by a barrier. On PostgreSQL only: the in-memory SQLite
test database locks whole tables between threads, so there the test would measure
the test database, not the code.
"""

import functools

import pytest

from motesplats.actors.enums import CoalitionAccess, CoalitionRole, MembershipStatus
from motesplats.actors.services.coalitions import (
    CoalitionError,
    coalition_join,
    coalition_leave,
    coalition_member_set_role,
)
from tests.actors.factories import CoalitionFactory, add_coalition_member
from tests.concurrency import race as race_calls
from tests.concurrency import reference_data_after_flush
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The services say no by raising CoalitionError.
race = functools.partial(race_calls, refused=(CoalitionError,))


def test_two_coordinators_leaving_at_once_leave_one():
    reference_data_after_flush()
    coalition = CoalitionFactory()
    rows = [
        add_coalition_member(coalition, user=UserFactory(), coordinator=True)
        for _ in range(2)
    ]
    outcomes = race(
        [lambda r=row: coalition_leave(member=r, actor=r.user) for row in rows]
    )
    assert outcomes == ["done", "refused"]
    assert coalition.members.filter(role=CoalitionRole.COORDINATOR).count() == 1


def test_two_coordinators_stepping_down_at_once_keep_one():
    reference_data_after_flush()
    coalition = CoalitionFactory()
    rows = [
        add_coalition_member(coalition, user=UserFactory(), coordinator=True)
        for _ in range(2)
    ]
    outcomes = race(
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
    reference_data_after_flush()
    coalition = CoalitionFactory(access=CoalitionAccess.OPEN)
    user = UserFactory()
    outcomes = race(
        [lambda: coalition_join(coalition=coalition, user=user) for _ in range(4)]
    )
    assert outcomes == ["done", "refused", "refused", "refused"]
    assert (
        coalition.members.filter(user=user, status=MembershipStatus.ACTIVE).count() == 1
    )
