"""Events' personal data: export, erasure and retention."""

from datetime import timedelta

from django.utils import timezone

import pytest

from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import (
    AgendaStar,
    Booking,
    Registration,
    Session,
    SessionSignup,
    Speaker,
)
from motesplats.events.services.registration import Participant, booking_create
from tests.factories import UserFactory

from .factories import book, make_event

pytestmark = pytest.mark.django_db


def _register(event, user, **extra):
    ticket = event.ticket_types.first()
    return booking_create(
        event=event,
        name="Sara Exempel",
        email=user.email,
        user=user,
        participants=[
            Participant(
                ticket_type=ticket,
                name="Sara Exempel",
                email=user.email,
                organisation="Exempelkommunen",
                user=user,
                **extra,
            )
        ],
    )


def test_export_holds_bookings_registrations_and_programme():
    user = UserFactory(email="sara@example.org")
    event = make_event()
    _register(
        event,
        user,
        health_answers={"q1": "Vegetarisk"},
        health_consent=True,
        answers={"q2": "Kommun"},
    )
    session = Session.objects.create(
        event=event,
        title_sv="Workshop",
        kind="workshop",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
    )
    AgendaStar.objects.create(user=user, session=session)
    Speaker.objects.create(name="Sara Exempel", user=user, email=user.email)
    sections = user_export(user=user)["sections"]
    registrations = sections["event_registrations"]["registrations"]
    assert registrations[0]["organisation"] == "Exempelkommunen"
    assert registrations[0]["health_answers"] == {"q1": "Vegetarisk"}
    assert sections["event_registrations"]["bookings"][0]["email"] == "sara@example.org"
    programme = sections["event_programme"]
    assert programme["starred_sessions"][0]["session"] == "Workshop"
    assert programme["speaker_profiles"][0]["email"] == "sara@example.org"


def test_erasure_gives_up_the_place_and_leaves_no_trace(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="sara@example.org")
    event = make_event(tickets=[{"capacity": 1}])
    _register(event, user, health_answers={"q1": "Nötter"}, health_consent=True)
    waiting = book(event, "Bo Ek").waiting[0]
    session = Session.objects.create(
        event=event,
        title_sv="Workshop",
        kind="workshop",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
        capacity=5,
        signup_required=True,
    )
    SessionSignup.objects.create(session=session, user=user, seat=1, seat_limit=5)
    speaker = Speaker.objects.create(
        name="Sara Exempel",
        user=user,
        email=user.email,
        bio_sv="Forskare",
        public_consent=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=user)
    assert not Registration.objects.filter(email="sara@example.org").exists()
    assert not Booking.objects.filter(email="sara@example.org").exists()
    scrubbed = Registration.objects.get(event=event, name="–")
    assert scrubbed.status == RegistrationStatus.CANCELLED
    assert scrubbed.health_answers == {}
    assert scrubbed.organisation == ""
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED  # the freed place moved on
    assert not SessionSignup.objects.filter(session=session).exists()
    # The public appearance goes with its name (the sessions no longer list it).
    assert not Speaker.objects.filter(pk=speaker.pk).exists()


def test_retention_removes_health_answers_after_the_event_and_the_rest_later():
    event = make_event(starts_in=timedelta(days=-3))
    registration = Registration.objects.create(
        booking=Booking.objects.create(
            event=event, name="Anna Berg", email="anna@example.org"
        ),
        event=event,
        ticket_type=event.ticket_types.first(),
        status=RegistrationStatus.CONFIRMED,
        name="Anna Berg",
        email="anna@example.org",
        organisation="Exempelföreningen",
        health_answers={"q1": "Gluten"},
        health_consent_at=timezone.now() - timedelta(days=10),
    )
    with_health = (
        Registration.objects.filter(event__ends_at__lt=timezone.now())
        .exclude(health_answers={})
        .count()
    )
    counts = user_purge_expired()
    registration.refresh_from_db()
    assert counts["event_health_answers"] == with_health
    assert registration.health_answers == {}
    assert registration.name == "Anna Berg"  # kept until the retention period is over
    later = timezone.now() + timedelta(days=400)
    due = (
        Registration.objects.filter(event__ends_at__lt=later - timedelta(days=365))
        .exclude(name="–")
        .count()
    )
    counts = user_purge_expired(now=later)
    registration.refresh_from_db()
    assert counts["event_registrations"] == due
    assert (registration.name, registration.email, registration.organisation) == (
        "–",
        "",
        "",
    )
    assert (
        registration.status == RegistrationStatus.CONFIRMED
    )  # attendance figure stays


def test_erasing_a_booker_leaves_the_colleagues_they_booked_for():
    user = UserFactory(email="sara@example.org")
    event = make_event()
    ticket = event.ticket_types.first()
    booking_create(
        event=event,
        name="Sara Exempel",
        email=user.email,
        user=user,
        participants=[
            Participant(ticket_type=ticket, name="Sara Exempel", email=user.email),
            Participant(
                ticket_type=ticket, name="Kim Kollega", email="kim@example.org"
            ),
        ],
    )
    export = user_export(user=user)["sections"]["event_registrations"]
    assert [r["name"] for r in export["registrations"]] == ["Sara Exempel"]
    user_erase(user=user)
    colleague = Registration.objects.get(email="kim@example.org")
    assert colleague.status == RegistrationStatus.CONFIRMED
    assert colleague.name == "Kim Kollega"
