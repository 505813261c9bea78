"""Writes on the programme: signing up for sessions with limited places, the agenda.

A sign-up takes a row lock on the session (`select_for_update`), counts the sign-ups
and only then inserts, all in one transaction — the pattern pretalx uses for attendee
sign-ups. The seat number (1 … capacity, unique per session) and the database checks on
it are the last line of defence should the lock ever be bypassed.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.core.audit import log_action
from motesplats.events.enums import RegistrationMode, RegistrationStatus
from motesplats.events.models import (
    AgendaStar,
    Registration,
    Session,
    SessionSignup,
)


class SignupError(ValidationError):
    """A sign-up that cannot be made; the message is for the member."""


def _require_member(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise SignupError(_("Log in to sign up for sessions."), code="login")


def _holds_confirmed_place(session: Session, user: Any) -> bool:
    """Whether the member has a confirmed registration for the session's event.

    A registration counts when it is linked to the account, or made with the account's
    e-mail address (someone booked on their behalf).
    """
    mine = Q(user=user)
    if user.email:
        mine |= Q(email__iexact=user.email)
    return Registration.objects.filter(
        mine, event_id=session.event_id, status=RegistrationStatus.CONFIRMED
    ).exists()


def _overlapping(session: Session, user: Any) -> Session | None:
    signup = (
        SessionSignup.objects.filter(
            user=user,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session")
        .first()
    )
    return signup.session if signup else None


def _first_free(used: set[int]) -> int:
    seat = 1
    while seat in used:
        seat += 1
    return seat


def session_signup(*, session: Session, user: Any, now=None) -> SessionSignup:
    """Give the member a place in a session with limited places.

    Refused (SignupError, nothing saved) when the session takes no sign-ups, has
    started, is full, when the member holds no confirmed place at an event that takes
    registrations, or when they already signed up for a session at the same time.
    Signing up twice returns the first sign-up.
    """
    _require_member(user)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = (
                # Lock the session row only: the room is an optional (outer) join.
                Session.objects.select_for_update(of=("self",))
                .select_related("event", "room")
                .get(pk=session.pk)
            )
            existing = SessionSignup.objects.filter(session=locked, user=user).first()
            if existing is not None:
                return existing
            _check_signup(locked, user, now)
            capacity = locked.effective_capacity
            used = set(
                SessionSignup.objects.filter(session=locked).values_list(
                    "seat", flat=True
                )
            )
            if len(used) >= capacity:
                raise SignupError(_("Sorry, this session is full."), code="full")
            signup = SessionSignup.objects.create(
                session=locked,
                user=user,
                seat=_first_free(used),
                seat_limit=capacity,
            )
            log_action(
                action="events.session_signup.created",
                actor=user,
                obj=locked,
                data={"session": locked.pk, "seat": signup.seat},
            )
    except IntegrityError as exc:
        # Only a double submission by the same member, or a seat clash the lock should
        # have made impossible, gets here; the constraints kept the data right.
        existing = SessionSignup.objects.filter(session=session, user=user).first()
        if existing is not None:
            return existing
        raise SignupError(_("Sorry, this session is full."), code="full") from exc
    except OperationalError as exc:
        raise SignupError(
            _("Very many are signing up right now. Please try again in a moment."),
            code="busy",
        ) from exc
    return signup


def _check_signup(session: Session, user: Any, now) -> None:
    if not session.signup_required or not session.effective_capacity:
        raise SignupError(
            _("This session needs no sign-up: just come."), code="no_signup"
        )
    if not session.event.live:
        raise SignupError(_("This event is not published."), code="not_live")
    if session.starts_at <= now:
        raise SignupError(
            _("The session has already started; sign-up is closed."), code="started"
        )
    if session.event.registration_mode != RegistrationMode.NONE and not (
        _holds_confirmed_place(session, user)
    ):
        raise SignupError(
            _(
                "Sign-up for sessions is for registered participants. Register for "
                "the event first."
            ),
            code="not_registered",
        )
    clash = _overlapping(session, user)
    if clash is not None:
        raise SignupError(
            _(
                "You are already signed up for “%(title)s” at the same time. Cancel "
                "that place first."
            )
            % {"title": clash.title},
            code="overlap",
        )


def session_signup_cancel(*, session: Session, user: Any) -> bool:
    """Give up the member's place; the seat is free for the next person at once.

    Returns whether there was a place to give up.
    """
    _require_member(user)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        signup = SessionSignup.objects.filter(session=locked, user=user).first()
        if signup is None:
            return False
        seat = signup.seat
        signup.delete()
        log_action(
            action="events.session_signup.cancelled",
            actor=user,
            obj=locked,
            data={"session": locked.pk, "seat": seat},
        )
    return True


def agenda_star(*, session: Session, user: Any) -> bool:
    """Put the session in the member's agenda; returns whether it was new."""
    _require_member(user)
    with transaction.atomic():
        _star, created = AgendaStar.objects.get_or_create(session=session, user=user)
        if created:
            log_action(
                action="events.agenda.starred",
                actor=user,
                obj=session,
                data={"session": session.pk},
            )
    return created


def agenda_unstar(*, session: Session, user: Any) -> bool:
    """Take the session out of the member's agenda; returns whether it was there."""
    _require_member(user)
    with transaction.atomic():
        deleted, _rows = AgendaStar.objects.filter(session=session, user=user).delete()
        if deleted:
            log_action(
                action="events.agenda.unstarred",
                actor=user,
                obj=session,
                data={"session": session.pk},
            )
    return bool(deleted)
