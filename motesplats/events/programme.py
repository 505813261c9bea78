"""Reads on the programme: sessions by day and time, filters, speakers, agendas.

Every function here costs a fixed number of queries whatever the number of sessions:
tracks, rooms and the signed-up count come with the sessions, themes and people are
prefetched once (pinned in tests/events/test_programme.py at two programme sizes).
Sessions always belong to the canonical event page (see `EventPage.canonical`).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motesplats.core.i18n import localized
from motesplats.events.enums import SessionKind
from motesplats.events.models import (
    AgendaStar,
    EventPage,
    Session,
    SessionPerson,
    SessionSignup,
    Speaker,
    Track,
)
from motesplats.taxonomy.models import Theme

# How long after it ended a session stays in a member's agenda and calendar feed.
AGENDA_KEEPS_PAST = timedelta(days=30)


def _with_details(queryset: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with everything a programme shows: three queries for any number."""
    people = SessionPerson.objects.select_related("speaker").order_by(
        "sort_order", "pk"
    )
    return (
        queryset.select_related("track", "room")
        .prefetch_related(
            Prefetch(
                "themes", queryset=Theme.objects.order_by("sort_order", "name_sv")
            ),
            Prefetch("people", queryset=people),
        )
        .annotate(signup_count=Count("signups", distinct=True))
        .order_by("starts_at", "track__sort_order", "room__sort_order", "pk")
    )


@dataclass(frozen=True)
class ProgrammeFilters:
    """The visitor's filter choice; empty strings mean "all"."""

    track: str = ""
    theme: str = ""
    kind: str = ""

    @property
    def active(self) -> bool:
        return bool(self.track or self.theme or self.kind)

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def programme_sessions(
    event: EventPage, *, filters: ProgrammeFilters | None = None
) -> list[Session]:
    """The sessions of the (canonical) event, in time order, filtered when asked."""
    queryset = Session.objects.filter(event=event)
    filters = filters or ProgrammeFilters()
    if filters.track:
        queryset = queryset.filter(track__slug=filters.track)
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return list(_with_details(queryset))


# --- grouping by day and start time ------------------------------------------------


@dataclass
class TimeSlot:
    starts_at: datetime
    sessions: list[Session] = field(default_factory=list)

    @property
    def ends_at(self) -> datetime:
        return max(s.ends_at for s in self.sessions)


@dataclass
class ProgrammeDay:
    date: date
    slots: list[TimeSlot] = field(default_factory=list)

    @property
    def session_count(self) -> int:
        return sum(len(slot.sessions) for slot in self.slots)


def programme_days(sessions: list[Session]) -> list[ProgrammeDay]:
    """Group sessions (already in time order) by local day, then by start time."""
    days: dict[date, ProgrammeDay] = {}
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        day = days.setdefault(start.date(), ProgrammeDay(date=start.date()))
        if not day.slots or day.slots[-1].starts_at != start:
            day.slots.append(TimeSlot(starts_at=start))
        day.slots[-1].sessions.append(session)
    return sorted(days.values(), key=lambda d: d.date)


# --- filter options ----------------------------------------------------------------


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    count: int


@dataclass
class FilterOptions:
    tracks: list[FilterOption]
    themes: list[FilterOption]
    kinds: list[FilterOption]

    @property
    def any(self) -> bool:
        return bool(self.tracks or self.themes or self.kinds)

    def clean(self, data) -> tuple[ProgrammeFilters, list[str]]:
        """The filters in `data` (a QueryDict) that exist here; the names of the rest."""
        chosen, unknown = {}, []
        for key, options in (
            ("track", self.tracks),
            ("theme", self.themes),
            ("kind", self.kinds),
        ):
            value = (data.get(key) or "").strip()
            if value and value not in {o.value for o in options}:
                unknown.append(key)
                value = ""
            chosen[key] = value
        return ProgrammeFilters(**chosen), unknown


def programme_filter_options(event: EventPage) -> FilterOptions:
    """Tracks, themes and kinds that occur in the programme, each with its count.

    Counts are over the whole programme, so an option never reads "(0)" because of
    another filter. Four queries.
    """
    tracks = [
        FilterOption(t.slug, str(t.name), t.n)
        for t in Track.objects.filter(event=event)
        .annotate(n=Count("sessions"))
        .filter(n__gt=0)
        .order_by("sort_order", "pk")
    ]
    through = Session.themes.through
    theme_counts = dict(
        through.objects.filter(session__event=event)
        .values_list("theme_id")
        .annotate(n=Count("session_id", distinct=True))
        .order_by()
    )
    themes = [
        FilterOption(t.slug, str(t.name), theme_counts[t.pk])
        for t in Theme.objects.filter(pk__in=theme_counts).order_by(
            "sort_order", "name_sv"
        )
    ]
    kind_counts = Counter(
        dict(
            Session.objects.filter(event=event)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    kinds = [
        FilterOption(value, str(label), kind_counts[value])
        for value, label in SessionKind.choices
        if kind_counts[value]
    ]
    return FilterOptions(tracks=tracks, themes=themes, kinds=kinds)


def programme_counts(event: EventPage) -> dict[str, int]:
    """Number of sessions and of days with sessions: one query."""
    starts = Session.objects.filter(event=event).values_list("starts_at", flat=True)
    days = {timezone.localtime(value).date() for value in starts}
    return {"sessions": len(starts), "days": len(days)}


# --- single sessions and speakers ----------------------------------------------------


def session_for_display(*, session_id: int) -> Session:
    """A session of a published event, with its details; 404 otherwise."""
    session = (
        _with_details(Session.objects.filter(pk=session_id, event__live=True))
        .select_related("event")
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def public_speaker(*, speaker_id: int) -> Speaker:
    """A speaker who agreed to a public profile; everyone else is a 404."""
    speaker = Speaker.objects.filter(pk=speaker_id, public_consent=True).first()
    if speaker is None:
        raise Http404("No such speaker")
    return speaker


def speaker_sessions(speaker: Speaker) -> list[Session]:
    """The speaker's sessions at published events, with the event."""
    return list(
        _with_details(
            Session.objects.filter(people__speaker=speaker, event__live=True)
        ).select_related("event")
    )


def speaker_bio(speaker: Speaker, language: str | None = None) -> str:
    """The biography when the speaker consented to publish it, else nothing."""
    return localized(speaker, "bio", language) if speaker.public_consent else ""


# --- the member's own marks and agenda ----------------------------------------------


@dataclass(frozen=True)
class AgendaMarks:
    starred: frozenset[int]
    signed_up: frozenset[int]


NO_MARKS = AgendaMarks(frozenset(), frozenset())


def agenda_marks(*, user, event: EventPage | None = None) -> AgendaMarks:
    """Ids of the sessions `user` starred and signed up for (in `event`): two queries."""
    if user is None or not user.is_authenticated:
        return NO_MARKS
    scope = Q(user=user) & (Q(session__event=event) if event is not None else Q())
    starred = AgendaStar.objects.filter(scope).values_list("session_id", flat=True)
    signed = SessionSignup.objects.filter(scope).values_list("session_id", flat=True)
    return AgendaMarks(frozenset(starred), frozenset(signed))


def agenda_sessions(*, user, now: datetime | None = None) -> list[Session]:
    """The member's starred and signed-up sessions at published events, upcoming first.

    Sessions that ended more than `AGENDA_KEEPS_PAST` ago drop out.
    """
    now = now or timezone.now()
    mine = Q(stars__user=user) | Q(signups__user=user)
    ids = (
        Session.objects.filter(mine, event__live=True)
        .filter(ends_at__gte=now - AGENDA_KEEPS_PAST)
        .values("pk")
    )
    return list(
        _with_details(Session.objects.filter(pk__in=ids)).select_related("event")
    )


def places_left(session: Session) -> int | None:
    """Free places of a sign-up session (`signup_count` from the selectors); else None."""
    if not session.signup_required:
        return None
    capacity = session.effective_capacity
    if capacity is None:
        return None
    taken = getattr(session, "signup_count", None)
    if taken is None:
        taken = session.signups.count()
    return max(capacity - taken, 0)


def events_in_language(events, language: str) -> dict[int, EventPage]:
    """Canonical event id → its live page in `language` (itself when untranslated).

    One query for any number of events.
    """
    by_key = {e.translation_key: e for e in events}
    if not by_key:
        return {}
    found = {
        page.translation_key: page
        for page in EventPage.objects.live()
        .filter(translation_key__in=by_key, locale__language_code=language)
        .select_related("locale")
    }
    return {e.pk: found.get(key, e) for key, e in by_key.items()}


# --- the agenda's calendar address ---------------------------------------------------

AGENDA_TOKEN_SALT = "motesplats.events.agenda-calendar"  # noqa: S105 -- a salt, not a secret


def agenda_token(user) -> str:
    """A secret address part for the member's agenda feed (signed, own salt)."""
    return signing.Signer(salt=AGENDA_TOKEN_SALT).sign(str(user.pk))


def agenda_owner(token: str):
    """The active member a token was made for; 404 for any other string."""
    try:
        user_id = int(signing.Signer(salt=AGENDA_TOKEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise Http404("No such agenda") from exc
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404("No such agenda")
    return user
