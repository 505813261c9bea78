"""Two clicks at once on PostgreSQL record one consent, never two."""

import pytest

from motesplats.accounts.models import ConsentRecord
from motesplats.accounts.services import consent_set
from tests.concurrency import race
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("clicks", [2, 6])
def test_simultaneous_gives_record_one_consent(clicks):
    user = UserFactory()
    outcomes = race(
        [
            lambda: consent_set(
                user=user, purpose="newsletter", given=True, source="race"
            )
            for _ in range(clicks)
        ],
        refused=(),
    )
    assert outcomes == ["done"] * clicks
    assert ConsentRecord.objects.filter(user=user, purpose="newsletter").count() == 1


def test_give_and_withdraw_at_once_leave_a_consistent_history():
    user = UserFactory()
    consent_set(user=user, purpose="photos", given=True, source="setup")
    outcomes = race(
        [
            lambda: consent_set(user=user, purpose="photos", given=False, source="a"),
            lambda: consent_set(user=user, purpose="photos", given=False, source="b"),
        ],
        refused=(),
    )
    assert outcomes == ["done", "done"]
    history = list(
        ConsentRecord.objects.filter(user=user)
        .order_by("id")
        .values_list("given", flat=True)
    )
    assert history == [True, False]
