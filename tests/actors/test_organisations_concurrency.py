"""Simultaneous changes on PostgreSQL: one live organisation per number, one request
per person, and an organisation never loses its last administrator.

Threads are released at once by a barrier. On PostgreSQL only: the in-memory SQLite
test database locks whole tables between threads, so there the test would measure
the test database, not the code.
"""

import functools

from django.core.exceptions import ValidationError

import pytest

from motesplats.actors.enums import OrganisationRole
from motesplats.actors.models import Organisation, OrganisationMembership
from motesplats.actors.services.organisations import (
    membership_remove,
    membership_request,
    membership_set_role,
    organisation_propose,
)
from motesplats.taxonomy.models import Sector
from tests.actors.factories import OrganisationFactory, add_org_member, org_number
from tests.concurrency import race as race_calls
from tests.concurrency import reference_data_after_flush
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The services say no by raising ValidationError.
race = functools.partial(race_calls, refused=(ValidationError,))


def test_two_proposals_of_one_number_at_once_make_one():
    reference_data_after_flush()
    sector = Sector.objects.get(slug="privat")
    number = org_number(9900)
    users = [UserFactory(), UserFactory()]
    outcomes = race(
        [
            lambda u=u, n=n: organisation_propose(
                user=u,
                data={
                    "name": f"Samma Bolag {n} AB",
                    "org_number": number,
                    "sector": sector,
                },
                confirm_similar=True,
            )
            for n, u in enumerate(users)
        ]
    )
    assert outcomes == ["done", "refused"]
    assert Organisation.objects.filter(org_number=number).count() == 1


def test_a_double_click_on_join_makes_one_request():
    reference_data_after_flush()
    org = OrganisationFactory()
    user = UserFactory()
    outcomes = race(
        [lambda: membership_request(organisation=org, user=user, message="")] * 2
    )
    assert outcomes == ["done", "refused"]
    assert (
        OrganisationMembership.objects.filter(organisation=org, user=user).count() == 1
    )


def test_two_admins_demoting_each_other_at_once_keep_one():
    reference_data_after_flush()
    org = OrganisationFactory()
    first, second = (add_org_member(org, UserFactory(), admin=True) for _ in range(2))
    outcomes = race(
        [
            lambda: membership_set_role(
                membership=second, actor=first.user, role=OrganisationRole.MEMBER
            ),
            lambda: membership_set_role(
                membership=first, actor=second.user, role=OrganisationRole.MEMBER
            ),
        ]
    )
    assert outcomes == ["done", "refused"]
    assert org.memberships.filter(role=OrganisationRole.ADMIN).count() == 1


def test_two_admins_leaving_at_once_leave_one():
    reference_data_after_flush()
    org = OrganisationFactory()
    rows = [add_org_member(org, UserFactory(), admin=True) for _ in range(2)]
    outcomes = race(
        [lambda r=r: membership_remove(membership=r, actor=r.user) for r in rows]
    )
    assert outcomes == ["done", "refused"]
    assert org.memberships.filter(role=OrganisationRole.ADMIN).count() == 1
