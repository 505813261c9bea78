"""Mail to people who register: content per language, attachments, who gets what."""

import io
from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format

import icalendar
import pytest
from PIL import Image

from motesplats.events.enums import RegistrationMode, RegistrationStatus
from motesplats.events.services import notifications
from motesplats.events.services.changes import registration_withdraw
from motesplats.events.services.registration import (
    Participant,
    booking_create,
    registration_cancel,
)
from motesplats.events.services.tickets import participant_key

from .factories import book, make_event
from .registration_helpers import english, open_raffle

pytestmark = pytest.mark.django_db


def weekday(event, language: str) -> str:
    with translation.override(language):
        return date_format(timezone.localtime(event.starts_at), "l")


def attachments_of(mail, mimetype: str) -> list:
    return [a for a in mail.attachments if a[2] == mimetype]


def html_of(mail) -> str:
    [(content, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    return content


def book_group(event, names, **kwargs):
    ticket = event.ticket_types.first()
    participants = [
        Participant(
            ticket_type=ticket,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
        )
        for name in names
    ]
    return booking_create(
        event=event,
        name=names[0],
        email=participants[0].email,
        participants=participants,
        **kwargs,
    )


def test_swedish_confirmation_has_the_booking_the_ticket_and_the_calendar(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(title="Nätverksträff om omsorg")
    with django_capture_on_commit_callbacks(execute=True):
        result = book(event, "Anna Berg")
    [mail] = mailoutbox
    assert mail.to == ["anna.berg@example.org"]
    assert "Nätverksträff om omsorg" in mail.subject
    assert weekday(event, "sv") in mail.body
    assert f"/bokning/{result.booking.manage_token}/" in mail.body
    assert mail.body.count("http://testserver/sv/") >= 1
    assert result.registrations[0].ticket_code in mail.body
    assert weekday(event, "sv") in html_of(mail)
    [png] = attachments_of(mail, "image/png")
    image = Image.open(io.BytesIO(png[1]))
    assert image.format == "PNG"
    [ics] = attachments_of(mail, "text/calendar")
    calendar = icalendar.Calendar.from_ical(ics[1])
    [entry] = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert entry["DTSTART"].dt == event.starts_at
    assert str(entry["SUMMARY"]) == "Nätverksträff om omsorg"


def test_english_booking_gets_english_mail_with_the_english_title(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    english(event, title="Network meeting on care")
    with django_capture_on_commit_callbacks(execute=True):
        book(event, "Anna Berg", language="en")
    [mail] = mailoutbox
    assert mail.subject == "Your registration: Network meeting on care"
    assert "Thank you for your registration" in mail.body
    assert weekday(event, "en") in mail.body
    assert "http://testserver/en/events/" in mail.body
    [ics] = attachments_of(mail, "text/calendar")
    [entry] = icalendar.Calendar.from_ical(ics[1]).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Network meeting on care"


def test_each_colleague_gets_their_own_ticket_without_the_booking_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        result = book_group(
            event, ["Anna Berg", "Bo Ek", "Cecilia Lund"], language="en"
        )
    assert [m.to[0] for m in mailoutbox] == [
        "anna@example.org",
        "bo@example.org",
        "cecilia@example.org",
    ]
    booker, bo_mail, _cecilia = mailoutbox
    # The booker's mail lists everyone, with one ticket image each.
    for name in ("Anna Berg", "Bo Ek", "Cecilia Lund"):
        assert name in booker.body
    assert len(attachments_of(booker, "image/png")) == 3
    # A colleague's mail has their own ticket and link, never the booking's.
    bo = result.registrations[1]
    assert bo_mail.subject.startswith("Your ticket:")
    assert result.booking.manage_token not in bo_mail.body
    assert result.booking.manage_token not in html_of(bo_mail)
    assert participant_key(bo) in bo_mail.body
    assert bo.ticket_code in bo_mail.body
    assert len(attachments_of(bo_mail, "image/png")) == 1


def test_waiting_list_mail_tells_the_place_in_the_queue(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(tickets=[{"capacity": 1}])
    book(event, "Anna Berg")
    with django_capture_on_commit_callbacks(execute=True):
        book_group(event, ["Bo Ek", "Cecilia Lund"], language="en")
    booker, colleague = mailoutbox
    assert "On the waiting list – number 1 in the queue" in booker.body
    assert "On the waiting list – number 2 in the queue" in booker.body
    assert not attachments_of(booker, "image/png")
    assert colleague.subject.startswith("You are on the waiting list:")
    assert "You are number 2 in the queue." in colleague.body


def test_raffle_application_gets_a_receipt(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(mode=RegistrationMode.RAFFLE)
    open_raffle(event)
    ticket = event.ticket_types.first()
    participants = [
        Participant(
            ticket_type=ticket,
            name=name,
            email=email,
            motivation="Vi bygger ett lokalt nätverk.",
        )
        for name, email in [
            ("Anna Berg", "anna@example.org"),
            ("Bo Ek", "bo@example.org"),
        ]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(
            event=event,
            name="Anna Berg",
            email="anna@example.org",
            participants=participants,
            language="en",
        )
    booker, colleague = mailoutbox
    assert booker.subject.startswith("Your application:")
    assert "Applied to the raffle" in booker.body
    assert colleague.subject.startswith("Your application is received:")
    assert not attachments_of(booker, "image/png")


def test_after_the_draw_the_booking_mail_tells_the_result(mailoutbox):
    event = make_event(mode=RegistrationMode.RAFFLE)
    open_raffle(event)
    ticket = event.ticket_types.first()
    result = booking_create(
        event=event,
        name="Anna Berg",
        email="anna@example.org",
        participants=[
            Participant(
                ticket_type=ticket,
                name="Anna Berg",
                email="anna@example.org",
                motivation="Vi bygger ett lokalt nätverk.",
            )
        ],
        language="en",
    )
    # What the draw leaves behind for a winner (the raffle service sends this mail).
    result.registrations[0].status = RegistrationStatus.CONFIRMED
    result.registrations[0].save()
    notifications.booking_confirmation(booking_id=result.booking.pk)
    [mail] = mailoutbox
    assert mail.subject.startswith("The result of the draw:")
    assert "The places have been drawn." in mail.body
    assert "Anna Berg (anna@example.org), Fri entré: Confirmed" in mail.body
    assert attachments_of(mail, "image/png")


def test_offer_mail_has_the_expiry_and_a_link_to_take_the_place(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(tickets=[{"capacity": 1}], offer_hours=24)
    first = book(event, "Anna Berg").registrations[0]
    result = book_group(event, ["Bo Ek", "Cecilia Lund"], language="en")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    [mail] = mailoutbox
    offered = result.registrations[0]
    offered.refresh_from_db()
    assert mail.to == ["bo@example.org"]
    assert mail.subject.startswith("A place is free for you:")
    with translation.override("en"):
        expiry = date_format(
            timezone.localtime(offered.offer_expires_at), "l j F Y, H:i"
        )
    assert expiry in mail.body
    assert f"/{offered.pk}/" in mail.body
    assert result.booking.manage_token in mail.body  # the booker's own address


def test_an_offer_to_a_colleague_also_tells_the_booker(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg").registrations[0]
    result = book_group(event, ["Bo Ek", "Cecilia Lund"], language="en")
    cecilia = result.registrations[1]
    # Bo leaves the queue, so Cecilia (registered by Bo) is next in line.
    registration_withdraw(registration=result.registrations[0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "bo@example.org",
        "cecilia@example.org",
    ]
    to_cecilia = next(m for m in mailoutbox if m.to == ["cecilia@example.org"])
    to_bo = next(m for m in mailoutbox if m.to == ["bo@example.org"])
    assert participant_key(cecilia) in to_cecilia.body
    assert result.booking.manage_token not in to_cecilia.body
    assert "Cecilia Lund, whom you registered" in to_bo.body
    assert result.booking.manage_token in to_bo.body


def test_cancellation_receipt(mailoutbox, django_capture_on_commit_callbacks):
    event = make_event()
    registration = book(event, "Anna Berg", language="en").registrations[0]
    with django_capture_on_commit_callbacks(execute=True):
        registration_withdraw(registration=registration)
    [mail] = mailoutbox
    assert mail.subject.startswith("Registration cancelled:")
    assert "The registration of Anna Berg has been cancelled." in mail.body


def test_names_are_escaped_in_the_html_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        book(event, "<script>alert(1)</script> Berg")
    [mail] = mailoutbox
    html = html_of(mail)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_waitlist_offer_is_skipped_once_the_offer_is_gone(mailoutbox):
    event = make_event(tickets=[{"capacity": 1}])
    registration = book(event, "Anna Berg").registrations[0]
    notifications.waitlist_offer(registration_id=registration.pk)
    assert mailoutbox == []


def test_a_broken_calendar_never_stops_the_confirmation(
    mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("calendar trouble")

    monkeypatch.setattr(notifications, "event_calendar", broken)
    event = make_event(starts_in=timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        book(event, "Anna Berg")
    [mail] = mailoutbox
    assert attachments_of(mail, "image/png")
    assert not attachments_of(mail, "text/calendar")
