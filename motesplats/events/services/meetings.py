"""Writes for 1:1 meetings: opting in and out, marking others, slots and tables, running
the scheduler, publishing.

Every refusal is a `MeetingError` with a message for the person and changes nothing.
The scheduler runs outside any transaction (it may take its whole time limit); its
result is stored in one transaction that first checks that nothing it relied on (the
published meetings) changed meanwhile.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motesplats.core.audit import log_action
from motesplats.core.mail import absolute_url, mail_language
from motesplats.events import meeting_scheduler as ms
from motesplats.events.enums import RegistrationStatus
from motesplats.events.meetings import (
    MUST_CAP,
    eligible_participants,
    my_meetings,
    scheduler_problem,
)
from motesplats.events.models import (
    EventPage,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingRunState,
    MeetingScheduleRun,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    MeetingWish,
    Registration,
)

MAX_SLOTS = 48
MAX_TABLES = 500
MAX_TIME_LIMIT_S = 120


class MeetingError(ValidationError):
    """A step that cannot be taken; the message is for the person who tried."""


# --- Participants ----------------------------------------------------------------


@transaction.atomic
def meeting_optin(
    *,
    registration: Registration,
    topic: str,
    consent: bool,
    unavailable_slots=(),
    actor=None,
) -> MeetingParticipant:
    """Opt in to 1:1 meetings (or change topic and unavailable slots)."""
    event = registration.event
    if registration.status != RegistrationStatus.CONFIRMED:
        raise MeetingError(_("Only participants with a confirmed place can take part."))
    if event.is_past:
        raise MeetingError(_("The event is over."))
    if not consent:
        raise MeetingError(
            _(
                "To take part, agree that other participants see your name, "
                "organisation and sector."
            ),
            code="consent",
        )
    slots = list(unavailable_slots)
    if any(slot.event_id != event.pk for slot in slots):
        raise MeetingError(_("That slot is not part of this event."))
    participant, created = MeetingParticipant.objects.select_for_update().get_or_create(
        registration=registration,
        defaults={
            "event": event,
            "topic": topic.strip(),
            "consent_at": timezone.now(),
        },
    )
    if not created:
        participant.topic = topic.strip()
        participant.save(update_fields=["topic", "updated_at"])
    participant.unavailable_slots.set(slots)
    log_action(
        action="events.meeting_participant.optin"
        if created
        else "events.meeting_participant.change",
        actor=actor,
        obj=participant,
        data={"event": event.pk},
    )
    return participant


def _cancel_meetings(meetings) -> int:
    """Drafts go; published meetings are cancelled, so the other person sees it."""
    meetings.filter(status=MeetingStatus.DRAFT).delete()
    return meetings.filter(status=MeetingStatus.PUBLISHED).update(
        status=MeetingStatus.CANCELLED, cancelled_at=timezone.now()
    )


@transaction.atomic
def meeting_optout(*, participant: MeetingParticipant, actor=None) -> None:
    """Leave 1:1 meetings: the opt-in and every request by or about the person go;
    their meetings are cancelled."""
    _cancel_meetings(
        Meeting.objects.filter(Q(first=participant) | Q(second=participant))
    )
    log_action(
        action="events.meeting_participant.optout",
        actor=actor,
        obj=participant,
        data={"event": participant.event_id},
    )
    participant.delete()


@transaction.atomic
def meeting_request_set(
    *, requester: MeetingParticipant, target_id: int, wish: str, actor=None
) -> MeetingRequest | None:
    """Mark another participant must-meet, would-like or no; "" clears the mark."""
    if wish not in ("", *MeetingWish.values):
        raise MeetingError(_("Choose must meet, would like to meet or rather not."))
    target = (
        eligible_participants(requester.event)
        .filter(pk=target_id, event_id=requester.event_id)
        .first()
    )
    if target is None:
        raise MeetingError(_("That person does not take part in 1:1 meetings here."))
    if target.pk == requester.pk:
        raise MeetingError(_("You cannot ask to meet yourself."))
    # Serialise one person's marks so the cap holds under double submissions.
    MeetingParticipant.objects.select_for_update().filter(pk=requester.pk).first()
    existing = MeetingRequest.objects.filter(requester=requester, target=target).first()
    if wish == "":
        if existing is not None:
            existing.delete()
            log_action(
                action="events.meeting_request.clear",
                actor=actor,
                data={"event": requester.event_id},
            )
        return None
    if wish == MeetingWish.MUST and (existing is None or existing.wish != wish):
        musts = MeetingRequest.objects.filter(
            requester=requester, wish=MeetingWish.MUST
        ).count()
        if musts >= MUST_CAP:
            raise MeetingError(
                _(
                    "You can mark at most %(cap)d people as must meet. Change one of "
                    "them to would like first."
                )
                % {"cap": MUST_CAP},
                code="cap",
            )
    if existing is None:
        existing = MeetingRequest.objects.create(
            event_id=requester.event_id, requester=requester, target=target, wish=wish
        )
    elif existing.wish != wish:
        existing.wish = wish
        existing.save(update_fields=["wish", "updated_at"])
    log_action(
        action="events.meeting_request.set",
        actor=actor,
        obj=existing,
        data={"event": requester.event_id, "wish": wish},
    )
    return existing


# --- Slots and tables ----------------------------------------------------------------


@transaction.atomic
def meeting_slots_create(
    *,
    event: EventPage,
    first_start: datetime,
    minutes: int,
    count: int,
    pause_minutes: int = 0,
    actor=None,
) -> list[MeetingSlot]:
    """`count` slots of `minutes`, the first at `first_start`, with pauses between."""
    if not 1 <= count <= MAX_SLOTS:
        raise MeetingError(
            _("Make between 1 and %(max)d slots at a time.") % {"max": MAX_SLOTS},
            code="count",
        )
    if not 5 <= minutes <= 240:
        raise MeetingError(_("A slot lasts between 5 and 240 minutes."), code="minutes")
    if not 0 <= pause_minutes <= 120:
        raise MeetingError(
            _("A pause lasts between 0 and 120 minutes."), code="pause_minutes"
        )
    EventPage.objects.select_for_update().filter(pk=event.pk).first()
    length, step = (
        timedelta(minutes=minutes),
        timedelta(minutes=minutes + pause_minutes),
    )
    new = [
        MeetingSlot(
            event=event,
            starts_at=first_start + i * step,
            ends_at=first_start + i * step + length,
        )
        for i in range(count)
    ]
    start, end = new[0].starts_at, new[-1].ends_at
    if start < event.starts_at - timedelta(days=1) or end > event.ends_at + timedelta(
        days=1
    ):
        raise MeetingError(
            _("The slots must lie within the event's days."), code="first_start"
        )
    overlapping = MeetingSlot.objects.filter(
        event=event, starts_at__lt=end, ends_at__gt=start
    )
    for slot in overlapping:
        if any(s.starts_at < slot.ends_at and s.ends_at > slot.starts_at for s in new):
            raise MeetingError(
                _("These slots would overlap the slot %(slot)s that already exists.")
                % {"slot": _slot_label(slot)},
                code="first_start",
            )
    created = MeetingSlot.objects.bulk_create(new)
    log_action(
        action="events.meeting_slot.create",
        actor=actor,
        obj=event,
        data={"count": count, "minutes": minutes, "start": first_start.isoformat()},
    )
    return created


def _slot_label(slot: MeetingSlot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


@transaction.atomic
def meeting_slot_delete(*, slot: MeetingSlot, actor=None) -> None:
    if slot.meetings.filter(status=MeetingStatus.PUBLISHED).exists():
        raise MeetingError(
            _(
                "Meetings in this slot are published; participants count on them. "
                "The slot stays."
            )
        )
    slot.meetings.all().delete()  # drafts and cancelled ones
    log_action(
        action="events.meeting_slot.delete",
        actor=actor,
        obj=slot.event,
        data={"slot": _slot_label(slot)},
    )
    slot.delete()


@transaction.atomic
def meeting_tables_set(*, event: EventPage, count: int, actor=None) -> int:
    """Tables numbered 1 to `count`; fewer tables drop the draft meetings on them."""
    if not 1 <= count <= MAX_TABLES:
        raise MeetingError(
            _("Between 1 and %(max)d tables.") % {"max": MAX_TABLES}, code="count"
        )
    EventPage.objects.select_for_update().filter(pk=event.pk).first()
    surplus = MeetingTable.objects.filter(event=event, number__gt=count)
    if Meeting.objects.filter(
        table__in=surplus, status=MeetingStatus.PUBLISHED
    ).exists():
        raise MeetingError(
            _(
                "Some of the tables you would remove have published meetings. "
                "Keep at least as many tables as the highest number in use."
            ),
            code="count",
        )
    Meeting.objects.filter(table__in=surplus).delete()
    surplus.delete()
    have = set(
        MeetingTable.objects.filter(event=event).values_list("number", flat=True)
    )
    MeetingTable.objects.bulk_create(
        [
            MeetingTable(event=event, number=n)
            for n in range(1, count + 1)
            if n not in have
        ]
    )
    log_action(
        action="events.meeting_table.set", actor=actor, obj=event, data={"count": count}
    )
    return count


# --- Scheduling ----------------------------------------------------------------------


@transaction.atomic
def meeting_schedule_start(
    *, event: EventPage, actor=None, time_limit_s: int = 30
) -> MeetingScheduleRun:
    """Queue a scheduler run; with the immediate backend it has run on return."""
    from motesplats.events.tasks import run_meeting_schedule  # noqa: PLC0415 -- cycle

    if not event.meeting_slots.exists() or not event.meeting_tables.exists():
        raise MeetingError(_("Set slots and tables first."))
    if event.is_past:
        raise MeetingError(_("The event is over."))
    time_limit_s = max(1, min(int(time_limit_s), MAX_TIME_LIMIT_S))
    busy = MeetingScheduleRun.objects.filter(
        event=event,
        state__in=(MeetingRunState.QUEUED, MeetingRunState.RUNNING),
        created_at__gt=timezone.now() - timedelta(seconds=2 * MAX_TIME_LIMIT_S),
    )
    if busy.exists():
        raise MeetingError(_("The scheduler is already running for this event."))
    run = MeetingScheduleRun.objects.create(
        event=event,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        time_limit_s=time_limit_s,
    )
    log_action(action="events.meeting_schedule.start", actor=actor, obj=event)
    transaction.on_commit(lambda: run_meeting_schedule.enqueue(run_id=run.pk))
    return run


def meeting_schedule_execute(*, run: MeetingScheduleRun) -> MeetingScheduleRun:
    """Solve and store the result as draft meetings (published ones stay put)."""
    event = run.event
    MeetingScheduleRun.objects.filter(pk=run.pk).update(state=MeetingRunState.RUNNING)
    try:
        with transaction.atomic():
            # People who left cannot keep published meetings: cancel those first.
            gone = Meeting.objects.filter(event=event).exclude(
                first__in=eligible_participants(event),
                second__in=eligible_participants(event),
            )
            _cancel_meetings(gone)
        problem = scheduler_problem(event)
        result = ms.solve(
            problem,
            time_limit_s=run.time_limit_s,
            workers=getattr(settings, "MEETINGS_SCHEDULER_WORKERS", 2),
        )
        broken = ms.check(problem, result.meetings)
        if broken:  # never store a schedule that breaks a rule
            raise ms.SchedulingError("rules: " + "; ".join(broken[:3]))
        with transaction.atomic():
            EventPage.objects.select_for_update().filter(pk=event.pk).first()
            if scheduler_problem(event).locked != problem.locked:
                raise ms.SchedulingError(
                    "changed: published meetings changed while the scheduler ran"
                )
            Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).delete()
            locked = set(problem.locked)
            Meeting.objects.bulk_create(
                [
                    Meeting(
                        event=event,
                        slot_id=m.slot,
                        table_id=m.table,
                        first_id=m.a,
                        second_id=m.b,
                    )
                    for m in result.meetings
                    if m not in locked
                ]
            )
            run.state = MeetingRunState.DONE
            run.result = {
                "participants": len(problem.participants),
                "requests": len(problem.requests),
                "scheduled": len(result.meetings),
                "new": len(result.meetings) - len(locked),
                "kept": len(locked),
                "objective": result.objective,
                "bound": result.bound,
                "gap": round(result.gap, 5),
                "status": result.status,
                "solve_s": round(result.solve_s, 2),
                "greedy_scheduled": len(result.greedy.meetings),
                "greedy_objective": result.greedy.objective,
            }
            run.finished_at = timezone.now()
            run.save(update_fields=["state", "result", "finished_at"])
            log_action(
                action="events.meeting_schedule.done",
                actor=run.started_by,
                obj=event,
                data=run.result,
            )
    except (ms.SchedulingError, IntegrityError) as error:
        # "<code>: <detail>"; the organisers read the code's message (RUN_ERRORS).
        text = str(error)
        if isinstance(error, IntegrityError):
            text = f"conflict: {text}"
        elif not text.startswith(("rules:", "changed:")):
            text = f"rules: {text}"
        run.state = MeetingRunState.FAILED
        run.error = text[:300]
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
    return run


@transaction.atomic
def meetings_publish(*, event: EventPage, actor=None) -> int:
    """Publish the draft meetings; each participant with a new meeting gets a mail."""
    EventPage.objects.select_for_update().filter(pk=event.pk).first()
    drafts = Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT)
    people = set()
    for first, second in drafts.values_list("first_id", "second_id"):
        people.update((first, second))
    count = drafts.update(status=MeetingStatus.PUBLISHED, published_at=timezone.now())
    if not count:
        raise MeetingError(_("There are no draft meetings to publish."))
    log_action(
        action="events.meeting_schedule.publish",
        actor=actor,
        obj=event,
        data={"meetings": count},
    )
    from motesplats.events.tasks import mail_meeting_agendas  # noqa: PLC0415 -- cycle

    ids = sorted(p for p in people if p is not None)
    transaction.on_commit(lambda: mail_meeting_agendas.enqueue(participant_ids=ids))
    return count


def meetings_mail_agendas(*, participant_ids: list[int]) -> int:
    """Each participant's agenda, in the language they registered in."""
    # Imported here: the selectors module imports the services (as notifications says).
    from motesplats.events.registration_selectors import (  # noqa: PLC0415
        event_in_language,
    )

    sent = 0
    participants = MeetingParticipant.objects.filter(
        pk__in=participant_ids
    ).select_related("registration", "event", "event__locale")
    for participant in participants:
        registration = participant.registration
        if not registration.email:
            continue
        language = mail_language(registration.language)
        with translation.override(language):
            context = {
                "name": registration.name,
                "event": event_in_language(event=participant.event, language=language),
                "meetings": [m for m in my_meetings(participant) if not m.cancelled],
                "agenda_url": absolute_url(
                    reverse(
                        "events:meetings_mine",
                        kwargs={"event_id": participant.event_id},
                    )
                ),
            }
            subject = render_to_string(
                "events/meetings/email_agenda_subject.txt", context
            )
            text = render_to_string("events/meetings/email_agenda.txt", context)
        message = EmailMultiAlternatives(
            " ".join(subject.split()), text, None, [registration.email]
        )
        message.send()
        sent += 1
    return sent
