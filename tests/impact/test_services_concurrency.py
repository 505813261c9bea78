"""Simultaneous links on PostgreSQL: A→B and B→A added at the same moment cannot
close a circle together; exactly one wins.

Threads are released at once by a barrier. On PostgreSQL only: the in-memory SQLite
test database locks whole tables between threads, so there the test would measure the
test database, not the code.
"""

import functools

import pytest

from motesplats.impact.enums import Level
from motesplats.impact.models import ChangeLink
from motesplats.impact.services import ImpactError, link_save
from tests.concurrency import race as race_calls
from tests.concurrency import reference_data_after_flush
from tests.impact.model_factories import make_model, step

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

race = functools.partial(race_calls, refused=(ImpactError,))


def test_two_opposite_links_at_once_cannot_make_a_circle():
    reference_data_after_flush()
    model = make_model()
    a = step(model, Level.OUTCOME, "A")
    b = step(model, Level.OUTCOME, "B")
    user = model.created_by
    outcomes = race(
        [
            lambda: link_save(user=user, model=model, source=a, target=b),
            lambda: link_save(user=user, model=model, source=b, target=a),
        ]
    )
    assert outcomes == ["done", "refused"]
    assert ChangeLink.objects.filter(model=model).count() == 1


def test_a_circle_of_three_closed_from_two_sides_at_once():
    reference_data_after_flush()
    model = make_model()
    a, b, c = (step(model, Level.OUTCOME, t) for t in "ABC")
    user = model.created_by
    link_save(user=user, model=model, source=a, target=b)
    outcomes = race(
        [
            lambda: link_save(user=user, model=model, source=b, target=c),
            lambda: link_save(user=user, model=model, source=c, target=a),
        ]
    )
    assert outcomes == ["done", "refused"]
    assert ChangeLink.objects.filter(model=model).count() == 2
