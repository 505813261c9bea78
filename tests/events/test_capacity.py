"""Places are never oversold; the waiting list takes over when an event is full."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services.registration import (
    RegistrationError,
    offer_accept,
    offers_expire,
    registration_cancel,
)

from .factories import book, make_event

pytestmark = pytest.mark.django_db


def statuses(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("status", flat=True)
    )


def test_places_run_out_then_the_waiting_list_fills():
    event = make_event(tickets=[{"capacity": 2}])
    book(event, "Anna Berg")
    book(event, "Bo Ek")
    third = book(event, "Cecilia Lund")
    assert statuses(event) == ["confirmed", "confirmed", "waiting"]
    assert third.waiting
    assert not third.confirmed
    seats = sorted(
        Registration.objects.filter(event=event, seat__isnull=False).values_list(
            "seat", flat=True
        )
    )
    assert seats == [1, 2]


def test_event_total_limits_across_ticket_types():
    event = make_event(capacity=3, tickets=[{"capacity": 2}, {"name_sv": "Student"}])
    general, student = event.ticket_types.all()
    book(event, "Anna Berg", "Bo Ek", ticket=general)
    book(event, "Cecilia Lund", ticket=student)
    result = book(event, "David Holm", ticket=student)
    assert result.waiting
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3


def test_full_event_without_waiting_list_refuses_and_saves_nothing():
    event = make_event(tickets=[{"capacity": 1}], waiting_list=False)
    book(event, "Anna Berg")
    before = Registration.objects.count()
    with pytest.raises(RegistrationError) as info:
        book(event, "Bo Ek")
    assert info.value.code == "sold_out"
    assert Registration.objects.count() == before


def test_same_person_cannot_register_twice():
    event = make_event()
    book(event, "Anna Berg")
    with pytest.raises(RegistrationError) as info:
        book(event, "Anna Berg")
    assert info.value.code == "already_registered"
    assert Registration.objects.filter(event=event).count() == 1


def test_the_same_submission_twice_gives_one_booking():
    event = make_event()
    first = book(event, "Anna Berg", submission_key="form-123")
    second = book(event, "Anna Berg", submission_key="form-123")
    assert second.booking.pk == first.booking.pk
    assert second.created is False
    assert Registration.objects.filter(event=event).count() == 1


def test_database_refuses_a_seat_beyond_the_limit():
    event = make_event(tickets=[{"capacity": 1}])
    registration = book(event, "Anna Berg").confirmed[0]
    registration.pk = None
    registration.email = "annan@example.org"
    registration.ticket_code = "another-code"
    registration.seat = 2  # over the limit of 1
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


def test_database_refuses_two_rows_on_one_seat():
    event = make_event(tickets=[{"capacity": 5}])
    registration = book(event, "Anna Berg").confirmed[0]
    registration.pk = None
    registration.email = "annan@example.org"
    registration.ticket_code = "another-code"
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


def test_cancellation_frees_the_place_and_offers_it_to_the_next(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg").confirmed[0]
    waiting = book(event, "Bo Ek").waiting[0]
    later = book(event, "Cecilia Lund").waiting[0]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert waiting.seat == 1
    assert waiting.offer_expires_at > timezone.now()
    assert later.status == RegistrationStatus.WAITING
    assert [m.to for m in mailoutbox] == [["bo.ek@example.org"]]
    offer_accept(registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_an_offer_not_taken_passes_on():
    event = make_event(tickets=[{"capacity": 1}], offer_hours=24)
    first = book(event, "Anna Berg").confirmed[0]
    offered = book(event, "Bo Ek").waiting[0]
    next_in_line = book(event, "Cecilia Lund").waiting[0]
    registration_cancel(registration=first)
    assert offers_expire(now=timezone.now() + timedelta(hours=25)) == 1
    offered.refresh_from_db()
    next_in_line.refresh_from_db()
    assert offered.status == RegistrationStatus.EXPIRED
    assert offered.seat is None
    assert next_in_line.status == RegistrationStatus.OFFERED
    with pytest.raises(RegistrationError):
        offer_accept(registration=offered)


def test_cancelling_a_place_releases_the_persons_workshop_seats():
    from motesplats.events.models import Session, SessionSignup  # noqa: PLC0415
    from tests.factories import UserFactory  # noqa: PLC0415

    event = make_event()
    user = UserFactory(email="anna.berg@example.org")
    registration = book(event, "Anna Berg").confirmed[0]
    session = Session.objects.create(
        event=event,
        title_sv="Verkstad",
        kind="workshop",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
        capacity=10,
        signup_required=True,
    )
    SessionSignup.objects.create(session=session, user=user, seat=1, seat_limit=10)
    registration_cancel(registration=registration)
    assert not SessionSignup.objects.filter(session=session).exists()


def test_a_raised_capacity_goes_to_the_waiting_list_before_newcomers():
    event = make_event(tickets=[{"capacity": 1}])
    book(event, "Anna Berg")
    waiting = book(event, "Bo Ek").waiting[0]
    ticket = event.ticket_types.get()
    ticket.capacity = 2
    ticket.save()
    newcomer = book(event, "Cecilia Lund").registrations[0]
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert newcomer.status == RegistrationStatus.WAITING


def test_the_tick_offers_a_raised_capacity_without_a_booking():
    event = make_event(tickets=[{"capacity": 1}])
    book(event, "Anna Berg")
    waiting = book(event, "Bo Ek").waiting[0]
    event.ticket_types.update(capacity=2)
    assert offers_expire() == 0
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED


def test_accepting_an_expired_offer_passes_the_place_on_for_real():
    event = make_event(tickets=[{"capacity": 1}], offer_hours=1)
    first = book(event, "Anna Berg").confirmed[0]
    offered = book(event, "Bo Ek").waiting[0]
    next_in_line = book(event, "Cecilia Lund").waiting[0]
    registration_cancel(registration=first)
    with pytest.raises(RegistrationError) as info:
        offer_accept(registration=offered, now=timezone.now() + timedelta(hours=2))
    assert info.value.code == "expired"
    next_in_line.refresh_from_db()
    assert next_in_line.status == RegistrationStatus.OFFERED


def test_a_paid_place_on_the_waiting_list_keeps_the_invoice_details():
    from motesplats.events.services.registration import (  # noqa: PLC0415
        Invoice,
        Participant,
        booking_create,
    )

    event = make_event(tickets=[{"capacity": 1, "price": "500"}])
    ticket = event.ticket_types.get()
    invoice = Invoice("Exempelkommunen", "212000-1355", "Ref 1", "Box 1, Malmö", "")

    def paid(name):
        email = f"{name.split()[0].lower()}@example.org"
        return booking_create(
            event=event,
            name=name,
            email=email,
            participants=[Participant(ticket_type=ticket, name=name, email=email)],
            invoice=invoice,
        )

    paid("Anna Berg")
    waiting = paid("Bo Ek")
    assert waiting.waiting
    assert waiting.booking.invoice_organisation == "Exempelkommunen"
