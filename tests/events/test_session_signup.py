"""Signing up for sessions with limited places: never more than the places, only for
registered participants, never two sessions at the same time."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.core.audit import AuditEntry
from motesplats.events.enums import RegistrationMode
from motesplats.events.models import Registration, SessionSignup
from motesplats.events.services.programme import (
    SignupError,
    agenda_star,
    agenda_unstar,
    session_signup,
    session_signup_cancel,
)
from tests.factories import UserFactory

from .factories import book, make_event
from .test_programme import add_session

pytestmark = pytest.mark.django_db


def registered(event, user=None):
    """A member with a confirmed place at `event`."""
    user = user or UserFactory()
    result = book(event, user.display_name)
    registration = result.registrations[0]
    registration.user = user
    registration.save(update_fields=["user"])
    return user


def workshop(event, *, capacity=2, **fields):
    fields.setdefault("hour", 13)
    return add_session(
        event, "Verkstad", signup_required=True, capacity=capacity, **fields
    )


def seats(session):
    return sorted(
        SessionSignup.objects.filter(session=session).values_list("seat", flat=True)
    )


def test_members_get_the_lowest_free_seat_up_to_the_capacity():
    event = make_event()
    session = workshop(event, capacity=2)
    first = session_signup(session=session, user=registered(event))
    second = session_signup(session=session, user=registered(event))
    assert (first.seat, second.seat) == (1, 2)
    assert first.seat_limit == 2


def test_full_session_is_refused_and_nothing_saved():
    event = make_event()
    session = workshop(event, capacity=1)
    session_signup(session=session, user=registered(event))
    late = registered(event)
    with pytest.raises(SignupError) as refused:
        session_signup(session=session, user=late)
    assert refused.value.code == "full"
    assert "full" in refused.value.messages[0]
    assert SessionSignup.objects.filter(session=session).count() == 1
    assert not SessionSignup.objects.filter(user=late).exists()


def test_cancelling_frees_the_seat_for_the_next_member():
    event = make_event()
    session = workshop(event, capacity=2)
    anna, bo, cecilia = (registered(event) for _ in range(3))
    session_signup(session=session, user=anna)
    session_signup(session=session, user=bo)
    assert session_signup_cancel(session=session, user=anna) is True
    assert session_signup_cancel(session=session, user=anna) is False
    third = session_signup(session=session, user=cecilia)
    assert third.seat == 1
    assert seats(session) == [1, 2]
    assert AuditEntry.objects.filter(action="events.session_signup.cancelled").exists()


def test_signing_up_twice_keeps_one_place():
    event = make_event()
    session = workshop(event)
    member = registered(event)
    first = session_signup(session=session, user=member)
    again = session_signup(session=session, user=member)
    assert again.pk == first.pk
    assert SessionSignup.objects.filter(session=session).count() == 1
    assert (
        AuditEntry.objects.filter(action="events.session_signup.created").count() == 1
    )


def test_overlapping_sign_up_is_refused():
    event = make_event()
    morning = workshop(event, hour=13, minutes=90)
    clash = workshop(event, hour=14, minutes=60)
    later = workshop(event, hour=14, minute=30, minutes=30)
    member = registered(event)
    session_signup(session=morning, user=member)
    with pytest.raises(SignupError) as refused:
        session_signup(session=clash, user=member)
    assert refused.value.code == "overlap"
    assert not SessionSignup.objects.filter(session=clash).exists()
    assert session_signup(session=later, user=member).seat == 1


def test_back_to_back_sessions_do_not_overlap():
    event = make_event()
    first = workshop(event, hour=13, minutes=60)
    second = workshop(event, hour=14, minutes=60)
    member = registered(event)
    session_signup(session=first, user=member)
    assert session_signup(session=second, user=member).seat == 1


def test_member_without_a_registration_is_refused():
    event = make_event()
    session = workshop(event)
    stranger = UserFactory()
    with pytest.raises(SignupError) as refused:
        session_signup(session=session, user=stranger)
    assert refused.value.code == "not_registered"
    assert not SessionSignup.objects.exists()


def test_waiting_list_place_is_not_enough():
    event = make_event(tickets=[{"capacity": 1}])
    session = workshop(event)
    registered(event)
    waiting = UserFactory()
    result = book(event, waiting.display_name)
    assert result.waiting
    Registration.objects.filter(pk=result.registrations[0].pk).update(user=waiting)
    with pytest.raises(SignupError):
        session_signup(session=session, user=waiting)


def test_registration_under_the_account_e_mail_counts():
    event = make_event()
    session = workshop(event)
    member = UserFactory()
    result = book(event, "Dana Ek")
    Registration.objects.filter(pk=result.registrations[0].pk).update(
        email=member.email.upper()
    )
    assert session_signup(session=session, user=member).seat == 1


def test_cancelled_registration_does_not_count():
    event = make_event()
    session = workshop(event)
    member = registered(event)
    Registration.objects.filter(user=member).update(status="cancelled")
    with pytest.raises(SignupError):
        session_signup(session=session, user=member)


def test_event_without_registration_lets_any_member_sign_up():
    event = make_event(mode=RegistrationMode.NONE)
    session = workshop(event)
    assert session_signup(session=session, user=UserFactory()).seat == 1


def test_session_without_sign_up_and_started_session_are_refused():
    event = make_event(mode=RegistrationMode.NONE)
    open_session = add_session(event, "Öppet pass")
    with pytest.raises(SignupError) as no_signup:
        session_signup(session=open_session, user=UserFactory())
    assert no_signup.value.code == "no_signup"
    started = workshop(event)
    later = timezone.now() + timedelta(days=60)
    with pytest.raises(SignupError) as too_late:
        session_signup(session=started, user=UserFactory(), now=later)
    assert too_late.value.code == "started"
    assert not SessionSignup.objects.exists()


def test_room_seats_are_the_capacity_when_the_session_has_none():
    from motesplats.events.models import Room  # noqa: PLC0415

    event = make_event(mode=RegistrationMode.NONE)
    room = Room.objects.create(event=event, name="Lilla salen", capacity=1)
    session = workshop(event, capacity=None, room=room)
    assert session_signup(session=session, user=UserFactory()).seat_limit == 1
    with pytest.raises(SignupError):
        session_signup(session=session, user=UserFactory())


def test_database_refuses_a_seat_beyond_the_limit():
    # The last line of defence if the lock were ever bypassed.
    event = make_event(mode=RegistrationMode.NONE)
    session = workshop(event, capacity=1)
    session_signup(session=session, user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionSignup.objects.create(
            session=session, user=UserFactory(), seat=2, seat_limit=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionSignup.objects.create(
            session=session, user=UserFactory(), seat=1, seat_limit=2
        )


def test_agenda_star_is_idempotent():
    session = add_session(make_event())
    member = UserFactory()
    assert agenda_star(session=session, user=member) is True
    assert agenda_star(session=session, user=member) is False
    assert agenda_unstar(session=session, user=member) is True
    assert agenda_unstar(session=session, user=member) is False


# --- through the pages ----------------------------------------------------------------


def signup_url(session, language="en"):
    with translation.override(language):
        return reverse("events:session_signup", kwargs={"session_id": session.pk})


def test_sign_up_and_cancel_through_the_session_page(client):
    event = make_event()
    session = workshop(event, capacity=3)
    member = registered(event)
    client.force_login(member)
    response = client.post(signup_url(session), {"action": "signup"}, follow=True)
    html = response.content.decode()
    assert SessionSignup.objects.filter(session=session, user=member).exists()
    assert "You have a place at" in html
    assert "Give up my place" in html
    assert "2 places left" in html
    client.post(signup_url(session), {"action": "cancel"})
    assert not SessionSignup.objects.filter(session=session).exists()


def test_refusal_is_explained_on_the_page(client):
    event = make_event()
    session = workshop(event)
    client.force_login(UserFactory())
    response = client.post(signup_url(session), {"action": "signup"}, follow=True)
    assert response.status_code == 200
    assert "Register for the event first" in response.content.decode()
    assert not SessionSignup.objects.exists()


def test_unknown_action_changes_nothing(client):
    event = make_event()
    session = workshop(event)
    client.force_login(registered(event))
    response = client.post(signup_url(session), {"action": "steal"}, follow=True)
    assert "Choose whether to sign up or to cancel." in response.content.decode()
    assert not SessionSignup.objects.exists()


def test_signed_out_sign_up_goes_to_login_with_next(client):
    event = make_event()
    session = workshop(event)
    response = client.post(signup_url(session), {"action": "signup"})
    assert response.status_code == 302
    with translation.override("en"):
        detail = reverse("events:session_detail", kwargs={"session_id": session.pk})
        login = reverse("account_login")
    assert response["Location"].startswith(login)
    assert response["Location"].endswith(f"?next={detail}")
    assert not SessionSignup.objects.exists()


def test_get_on_the_sign_up_address_is_not_allowed(client):
    session = workshop(make_event())
    assert client.get(signup_url(session)).status_code == 405
