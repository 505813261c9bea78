"""Two runs at once on PostgreSQL: only one of them claims a member's digest."""

from datetime import timedelta

from django.utils import timezone

import pytest

from motesplats.pages.follows.models import Digest, DigestSettings, Frequency
from motesplats.pages.follows.services import DigestBusy, digest_claim
from tests.concurrency import race, reference_data_after_flush
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_runs_at_once_claim_one_digest():
    reference_data_after_flush()
    user = UserFactory()
    DigestSettings.objects.create(
        user=user,
        frequency=Frequency.IMMEDIATELY,
        covered_until=timezone.now() - timedelta(hours=1),
    )
    now = timezone.now()
    outcomes = race(
        [lambda: digest_claim(user_id=user.pk, now=now) for _ in range(8)],
        refused=(DigestBusy,),
    )
    assert outcomes == ["done"] + ["refused"] * 7
    assert Digest.objects.filter(user=user).count() == 1
