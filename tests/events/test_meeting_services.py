"""1:1 meeting services and personal data: opt-out, erasure, export, retention, the
scheduler's input from the database."""

from datetime import timedelta

from django.utils import timezone

import pytest

from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.events import meeting_scheduler
from motesplats.events.enums import RegistrationStatus
from motesplats.events.meetings import scheduler_problem
from motesplats.events.models import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingScheduleRun,
    MeetingStatus,
    MeetingWish,
)
from motesplats.events.services.meetings import (
    MeetingError,
    meeting_optin,
    meeting_request_set,
    meeting_schedule_execute,
    meeting_schedule_start,
    meetings_publish,
)

from .meeting_helpers import meeting_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(en):
    return meeting_event(slots=2, tables=2)


def _published(event, a, b, slot_index=0):
    meeting = Meeting.objects.create(
        event=event,
        slot=list(event.meeting_slots.all())[slot_index],
        table=event.meeting_tables.first(),
        first=a,
        second=b,
    )
    meetings_publish(event=event)
    return meeting


def test_erasure_removes_requests_and_cancels_meetings(event):
    user, _, ada = person(event, "Ada Andersson", topic="Hemligt ämne")
    _, _, bo = person(event, "Bo Berg")
    meeting_request_set(requester=ada, target_id=bo.pk, wish=MeetingWish.MUST)
    meeting_request_set(requester=bo, target_id=ada.pk, wish=MeetingWish.WOULD)
    meeting = _published(event, ada, bo)
    MeetingScheduleRun.objects.create(event=event, started_by=user)
    exported = user_export(user=user)["sections"]["event_meetings"]
    assert exported["meeting_opt_ins"][0]["topic"] == "Hemligt ämne"
    assert exported["meeting_requests"][0]["about"] == "Bo Berg"
    assert exported["meetings"][0]["with"] == "Bo Berg"

    user_erase(user=user)

    assert not MeetingParticipant.objects.filter(pk=ada.pk).exists()
    assert not MeetingRequest.objects.filter(requester_id=ada.pk).exists()
    assert not MeetingRequest.objects.filter(target_id=ada.pk).exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.first_id is None or meeting.second_id is None
    assert MeetingScheduleRun.objects.get(event=event).started_by is None
    dump = str(list(Meeting.objects.values())) + str(
        list(MeetingParticipant.objects.values())
    )
    assert "Hemligt ämne" not in dump


def test_a_registration_found_by_email_is_erased_too(event):
    # Registered by a colleague before having an account: found by the address.
    user, registration, ada = person(event, "Ada Andersson")
    registration.user = None
    registration.save(update_fields=["user"])
    user_erase(user=user)
    assert not MeetingParticipant.objects.filter(pk=ada.pk).exists()


def test_retention_deletes_meeting_data_after_the_event(event, settings):
    settings.RETENTION_MEETINGS_DAYS = 30
    _, _, ada = person(event, "Ada Andersson")
    _, _, bo = person(event, "Bo Berg")
    meeting_request_set(requester=ada, target_id=bo.pk, wish=MeetingWish.MUST)
    _published(event, ada, bo)
    counts = user_purge_expired(now=event.ends_at + timedelta(days=29))
    assert counts["event_meeting_participants"] == 0
    assert MeetingParticipant.objects.filter(event=event).count() == 2
    counts = user_purge_expired(now=event.ends_at + timedelta(days=31))
    assert counts["event_meetings"] == 1
    assert not MeetingParticipant.objects.filter(event=event).exists()
    assert not MeetingRequest.objects.filter(event=event).exists()
    assert not Meeting.objects.filter(event=event).exists()


def test_only_confirmed_places_may_opt_in(event):
    _, registration, _ = person(event, "Ada Andersson", optin=False)
    registration.status = RegistrationStatus.WAITING
    registration.save(update_fields=["status"])
    with pytest.raises(MeetingError):
        meeting_optin(registration=registration, topic="", consent=True)
    assert not MeetingParticipant.objects.filter(event=event).exists()


def test_a_cancelled_place_leaves_the_scheduler_and_its_meetings_are_cancelled(
    event, django_capture_on_commit_callbacks
):
    _, _, ada = person(event, "Ada Andersson")
    _, bo_registration, bo = person(event, "Bo Berg")
    _, _, cia = person(event, "Cia Carlsson")
    meeting_request_set(requester=ada, target_id=cia.pk, wish=MeetingWish.MUST)
    meeting = _published(event, ada, bo)
    bo_registration.status = RegistrationStatus.CANCELLED
    bo_registration.save(update_fields=["status"])
    problem = scheduler_problem(event)
    assert bo.pk not in {p.id for p in problem.participants}
    assert problem.locked == []
    with django_capture_on_commit_callbacks(execute=True):
        run = meeting_schedule_start(event=event, time_limit_s=5)
    run.refresh_from_db()
    assert run.state == "done"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert Meeting.objects.filter(
        event=event, status=MeetingStatus.DRAFT, first__in=[ada, cia]
    ).exists()


def test_a_run_that_finds_published_meetings_changed_stores_nothing(event, monkeypatch):
    _, _, ada = person(event, "Ada Andersson")
    _, _, bo = person(event, "Bo Berg")
    meeting_request_set(requester=ada, target_id=bo.pk, wish=MeetingWish.MUST)
    run = MeetingScheduleRun.objects.create(event=event, time_limit_s=5)
    real_solve = meeting_scheduler.solve

    def solve_while_someone_publishes(problem, **kwargs):
        result = real_solve(problem, **kwargs)
        Meeting.objects.create(
            event=event,
            slot=event.meeting_slots.last(),
            table=event.meeting_tables.last(),
            first=ada,
            second=bo,
            status=MeetingStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        return result

    monkeypatch.setattr(meeting_scheduler, "solve", solve_while_someone_publishes)
    run = meeting_schedule_execute(run=run)
    assert run.state == "failed"
    assert run.error.startswith("changed:")
    assert not Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).exists()


def test_a_second_run_while_one_is_running_is_refused(event):
    MeetingScheduleRun.objects.create(event=event, state="running")
    with pytest.raises(MeetingError):
        meeting_schedule_start(event=event)
    assert MeetingScheduleRun.objects.filter(event=event).count() == 1


def test_the_demo_has_an_event_with_meeting_requests():
    participants = MeetingParticipant.objects.filter(event__slug="si-summit-kommande")
    requests = MeetingRequest.objects.filter(event__slug="si-summit-kommande")
    assert participants.count() == 6
    assert requests.filter(wish=MeetingWish.MUST).count() == 4
    assert requests.filter(wish=MeetingWish.NO).count() == 1
    assert all(p.consent_at is not None and p.topic for p in participants)
