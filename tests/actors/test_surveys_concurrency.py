"""Simultaneous submits on PostgreSQL: one response per form, one per member.

Threads are released at once by a barrier. The unique submission key and the unique
participation (survey, member) decide; the loser of each race is told it answered
already (or, for the same form, simply thanked), never given an error.
"""

import threading
import uuid

from django.db import connection

import pytest

from motesplats.actors.models import SurveyParticipation, SurveyResponse
from motesplats.actors.services.surveys import (
    AlreadyAnsweredError,
    AnswerInput,
    survey_respond,
)
from tests.factories import UserFactory

from .test_surveys import make_survey, options, parts

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


def _race(survey, *, user, keys: list[str]) -> dict[str, int]:
    single = parts(survey)[0]
    answers = [AnswerInput(single.pk, choice_ids=(options(single)[0],))]
    barrier = threading.Barrier(len(keys))
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def worker(key: str) -> None:
        try:
            barrier.wait()
            try:
                created = survey_respond(
                    survey=survey, user=user, answers=answers, submission_key=key
                )
                outcome = "stored" if created else "seen"
            except AlreadyAnsweredError:
                outcome = "answered"
            finally:
                connection.close()
        except BaseException as exc:  # noqa: BLE001 -- counted and asserted by the test
            outcome = f"error:{type(exc).__name__}"
        with lock:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_the_same_form_sent_at_once_is_stored_once():
    assert connection.vendor == "postgresql"
    survey = make_survey()
    outcomes = _race(survey, user=None, keys=["same-form-key-0123456789"] * THREADS)
    assert outcomes == {"stored": 1, "seen": THREADS - 1}
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_member_sending_several_forms_at_once_answers_once():
    survey = make_survey()
    member = UserFactory()
    keys = [uuid.uuid4().hex for _ in range(THREADS)]
    outcomes = _race(survey, user=member, keys=keys)
    assert outcomes == {"stored": 1, "answered": THREADS - 1}
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert SurveyParticipation.objects.filter(survey=survey, user=member).count() == 1
