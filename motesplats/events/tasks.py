"""Background tasks of the events app: thin shells that load by id and call a service."""

from django_tasks import task

from motesplats.events.models import MeetingScheduleRun
from motesplats.events.services.meetings import (
    meeting_schedule_execute,
    meetings_mail_agendas,
)


@task()
def run_meeting_schedule(*, run_id: int) -> None:
    """Run the 1:1 meeting scheduler for one queued run (can take its time limit)."""
    run = MeetingScheduleRun.objects.select_related("event").filter(pk=run_id).first()
    if run is not None:
        meeting_schedule_execute(run=run)


@task()
def mail_meeting_agendas(*, participant_ids: list[int]) -> None:
    """Each participant's 1:1 meetings by e-mail, after publication."""
    meetings_mail_agendas(participant_ids=participant_ids)
