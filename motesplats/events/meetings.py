"""Reads for 1:1 meetings: who takes part, the directory of participants, a person's
meetings, the organisers' counts and the scheduler's input.

A participant is shown by what they consented to when opting in: their name (from the
registration), their organisation and sector (from their member profile's organisation
when they have one, else from the registration). Every list here is loaded with a fixed
number of queries whatever its length.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motesplats.events import meeting_scheduler as ms

# The calendar building blocks the programme's calendars use (same time zone, PRODID).
from motesplats.events.calendars import (
    _calendar,
    _finish,
    _vevent,
    event_location,
    uid_domain,
)
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import (
    EventPage,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingScheduleRun,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    MeetingWish,
    Registration,
)

# How many people one participant may mark "must meet".
MUST_CAP = 10

_DISPLAY = (
    "registration__sector",
    "registration__user__profile__organisation__sector",
)


def meetings_open(event: EventPage) -> bool:
    """Participants may opt in and mark others once the organisers have set slots."""
    return not event.is_past and event.meeting_slots.exists()


def confirmed_registration(*, user, event: EventPage) -> Registration | None:
    """The person's own confirmed place at the event (their account or address)."""
    if not getattr(user, "is_authenticated", False):
        return None
    match = Q(user=user)
    if user.email:
        match |= Q(email__iexact=user.email, user__isnull=True)
    return (
        Registration.objects.filter(
            match, event=event, status=RegistrationStatus.CONFIRMED
        )
        .order_by("created_at", "pk")
        .first()
    )


def eligible_participants(event: EventPage) -> QuerySet[MeetingParticipant]:
    """Opt-ins whose registration still holds a confirmed place."""
    return MeetingParticipant.objects.filter(
        event=event, registration__status=RegistrationStatus.CONFIRMED
    )


def participant_for(*, user, event: EventPage) -> MeetingParticipant | None:
    registration = confirmed_registration(user=user, event=event)
    if registration is None:
        return None
    return (
        MeetingParticipant.objects.filter(registration=registration)
        .select_related(*_DISPLAY)
        .prefetch_related("unavailable_slots")
        .first()
    )


@dataclass
class Shown:
    """What other participants see of one participant."""

    id: int
    name: str
    organisation: str
    sector: object  # taxonomy.Sector or None
    topic: str
    wish: str = ""  # the viewer's wish about this person
    their_wish: str = ""  # theirs about the viewer (shown only when mutual)


def shown(participant: MeetingParticipant | None) -> Shown | None:
    if participant is None:
        return None
    registration = participant.registration
    organisation_name = registration.organisation
    sector = registration.sector
    user = registration.user
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is not None and profile.organisation is not None:
        organisation_name = profile.organisation.name
        sector = profile.organisation.sector
    return Shown(
        id=participant.pk,
        name=registration.name,
        organisation=organisation_name,
        sector=sector,
        topic=participant.topic,
    )


@dataclass
class Directory:
    people: list[Shown]
    sectors: list  # sectors present, for the filter
    must_count: int
    total: int  # before filtering


def meeting_directory(*, event: EventPage, viewer: MeetingParticipant) -> Directory:
    """Every other eligible participant with the viewer's wish about them."""
    others = (
        eligible_participants(event)
        .exclude(pk=viewer.pk)
        .select_related(*_DISPLAY)
        .order_by("registration__name", "pk")
    )
    wishes = dict(
        MeetingRequest.objects.filter(requester=viewer).values_list("target_id", "wish")
    )
    theirs = dict(
        MeetingRequest.objects.filter(target=viewer)
        .exclude(wish=MeetingWish.NO)
        .values_list("requester_id", "wish")
    )
    people = []
    for participant in others:
        person = shown(participant)
        person.wish = wishes.get(person.id, "")
        # Someone's wish about the viewer is shown only once it is mutual.
        if person.wish in (MeetingWish.MUST, MeetingWish.WOULD):
            person.their_wish = theirs.get(person.id, "")
        people.append(person)
    sectors = {p.sector.pk: p.sector for p in people if p.sector is not None}
    return Directory(
        people=people,
        sectors=sorted(sectors.values(), key=lambda s: str(s.name)),
        must_count=sum(1 for w in wishes.values() if w == MeetingWish.MUST),
        total=len(people),
    )


def directory_filtered(directory: Directory, *, sector: str, text: str) -> Directory:
    """The people of one sector and/or whose name, organisation or topic has the words."""
    people = directory.people
    if sector:
        people = [p for p in people if p.sector is not None and p.sector.slug == sector]
    words = text.casefold().split()
    if words:
        people = [
            p
            for p in people
            if all(
                w in f"{p.name} {p.organisation} {p.topic}".casefold() for w in words
            )
        ]
    return Directory(
        people=people,
        sectors=directory.sectors,
        must_count=directory.must_count,
        total=directory.total,
    )


@dataclass
class MyMeeting:
    meeting: Meeting
    other: Shown | None
    cancelled: bool


def my_meetings(participant: MeetingParticipant) -> list[MyMeeting]:
    """The participant's published meetings (and those cancelled after publication)."""
    meetings = (
        Meeting.objects.filter(
            Q(first=participant) | Q(second=participant),
            published_at__isnull=False,
        )
        .select_related(
            "slot",
            "table",
            *(f"first__{path}" for path in _DISPLAY),
            *(f"second__{path}" for path in _DISPLAY),
            "first__registration",
            "second__registration",
        )
        .order_by("slot__starts_at", "table__number", "pk")
    )
    return [
        MyMeeting(
            meeting=m,
            other=shown(m.other(participant.pk)),
            cancelled=m.status == MeetingStatus.CANCELLED,
        )
        for m in meetings
    ]


@dataclass
class Counts:
    participants: int = 0
    requests: int = 0
    must: int = 0
    would: int = 0
    no: int = 0
    mutual: int = 0
    slots: int = 0
    tables: int = 0
    draft: int = 0
    published: int = 0
    cancelled: int = 0
    asked_without_meeting: int = 0
    extra: dict = field(default_factory=dict)


def meeting_counts(event: EventPage) -> Counts:
    eligible = eligible_participants(event)
    requests = MeetingRequest.objects.filter(
        requester__in=eligible, target__in=eligible
    )
    by_wish = dict(
        requests.values_list("wish").annotate(n=Count("pk")).values_list("wish", "n")
    )
    wanted = set(
        requests.exclude(wish=MeetingWish.NO).values_list("requester_id", "target_id")
    )
    mutual = sum(1 for a, b in wanted if a < b and (b, a) in wanted)
    by_status = dict(
        Meeting.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    askers = {a for a, _ in wanted}
    met = set()
    for first, second in (
        Meeting.objects.filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("first_id", "second_id")
    ):
        met.update((first, second))
    return Counts(
        participants=eligible.count(),
        requests=sum(by_wish.values()),
        must=by_wish.get(MeetingWish.MUST, 0),
        would=by_wish.get(MeetingWish.WOULD, 0),
        no=by_wish.get(MeetingWish.NO, 0),
        mutual=mutual,
        slots=event.meeting_slots.count(),
        tables=event.meeting_tables.count(),
        draft=by_status.get(MeetingStatus.DRAFT, 0),
        published=by_status.get(MeetingStatus.PUBLISHED, 0),
        cancelled=by_status.get(MeetingStatus.CANCELLED, 0),
        asked_without_meeting=len(askers - met),
    )


def event_slots(event: EventPage) -> list[MeetingSlot]:
    return list(
        event.meeting_slots.annotate(
            meeting_count=Count(
                "meetings", filter=~Q(meetings__status=MeetingStatus.CANCELLED)
            )
        ).order_by("starts_at", "pk")
    )


def event_tables(event: EventPage) -> list[MeetingTable]:
    return list(event.meeting_tables.order_by("number"))


def schedule_overview(event: EventPage) -> list[Meeting]:
    """Every meeting of the event for the organisers, by slot and table."""
    return list(
        Meeting.objects.filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related(
            "slot",
            "table",
            "first__registration",
            "second__registration",
        )
        .order_by("slot__starts_at", "table__number", "pk")
    )


def latest_run(event: EventPage) -> MeetingScheduleRun | None:
    return MeetingScheduleRun.objects.filter(event=event).first()


def scheduler_problem(event: EventPage) -> ms.Problem:
    """The scheduler's input from the database; ids are the records' primary keys.

    Published meetings are locked: they stay where they are on every run."""
    participants = list(
        eligible_participants(event)
        .select_related(*_DISPLAY)
        .prefetch_related(Prefetch("unavailable_slots", to_attr="unavailable"))
        .order_by("pk")
    )
    people = []
    for participant in participants:
        sector = shown(participant).sector
        people.append(
            ms.Participant(
                participant.pk,
                sector.slug if sector is not None else None,
                frozenset(s.pk for s in participant.unavailable),
            )
        )
    ids = {p.id for p in people}
    requests = [
        ms.Request(requester, target, wish)
        for requester, target, wish in MeetingRequest.objects.filter(event=event)
        .order_by("created_at", "pk")
        .values_list("requester_id", "target_id", "wish")
        if requester in ids and target in ids
    ]
    locked = [
        ms.Meeting(*sorted((first, second)), slot, table)
        for first, second, slot, table in Meeting.objects.filter(
            event=event, status=MeetingStatus.PUBLISHED
        ).values_list("first_id", "second_id", "slot_id", "table_id")
        if first in ids and second in ids
    ]
    return ms.Problem(
        participants=people,
        requests=requests,
        slots=list(
            event.meeting_slots.order_by("starts_at", "pk").values_list("pk", flat=True)
        ),
        tables=list(
            event.meeting_tables.order_by("number").values_list("pk", flat=True)
        ),
        locked=locked,
    )


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@{uid_domain()}"


def meetings_calendar(
    page: EventPage, meetings: list[MyMeeting], *, language: str
) -> bytes:
    """A participant's meetings as iCalendar, Europe/Stockholm, one stable UID each.

    A cancelled meeting stays in the file with STATUS:CANCELLED, so a calendar that
    imported it before removes or strikes it."""
    stamp = timezone.now()
    with translation.override(language):
        calendar = _calendar(language=language, name=None)
        for item in meetings:
            meeting, other = item.meeting, item.other
            who = other.name if other is not None else _("a participant who left")
            table = str(meeting.table)
            entry = _vevent(
                uid=meeting_uid(meeting),
                summary=_("1:1 meeting with %(name)s") % {"name": who},
                starts_at=meeting.slot.starts_at,
                ends_at=meeting.slot.ends_at,
                location=", ".join(
                    filter(
                        None,
                        [
                            _("Table %(table)s") % {"table": table},
                            event_location(page, language=language),
                        ],
                    )
                ),
                url="",
                description="\n\n".join(
                    filter(
                        None,
                        [
                            page.title,
                            other.organisation if other is not None else "",
                            other.topic if other is not None else "",
                        ],
                    )
                ),
                stamp=stamp,
            )
            if item.cancelled:
                entry["status"] = "CANCELLED"
            calendar.add_component(entry)
    return _finish(calendar, [m.meeting.slot.starts_at for m in meetings])
