"""Simultaneous changes on PostgreSQL: one live organisation per number, one request
per person, and an organisation never loses its last administrator.

Threads are released at once by a barrier. On PostgreSQL only: the in-memory SQLite
test database locks whole tables between threads, so there the test would measure
the test database, not the code.
"""

import threading

from django.core.exceptions import ValidationError
from django.db import connection

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
            except ValidationError:
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


def test_two_proposals_of_one_number_at_once_make_one():
    _reference_data()
    sector = Sector.objects.get(slug="privat")
    number = org_number(9900)
    users = [UserFactory(), UserFactory()]
    outcomes = _race(
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
    _reference_data()
    org = OrganisationFactory()
    user = UserFactory()
    outcomes = _race(
        [lambda: membership_request(organisation=org, user=user, message="")] * 2
    )
    assert outcomes == ["done", "refused"]
    assert (
        OrganisationMembership.objects.filter(organisation=org, user=user).count() == 1
    )


def test_two_admins_demoting_each_other_at_once_keep_one():
    _reference_data()
    org = OrganisationFactory()
    first, second = (add_org_member(org, UserFactory(), admin=True) for _ in range(2))
    outcomes = _race(
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
    _reference_data()
    org = OrganisationFactory()
    rows = [add_org_member(org, UserFactory(), admin=True) for _ in range(2)]
    outcomes = _race(
        [lambda r=r: membership_remove(membership=r, actor=r.user) for r in rows]
    )
    assert outcomes == ["done", "refused"]
    assert org.memberships.filter(role=OrganisationRole.ADMIN).count() == 1
