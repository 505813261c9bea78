"""Reminders and online links before an event: due ones go, each exactly once."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from motesplats.events.enums import (
    EventFormat,
    RaffleStatus,
    RegistrationMode,
    RegistrationStatus,
)
from motesplats.events.models import Raffle, Registration
from motesplats.events.services import notifications
from motesplats.events.services.raffle import raffle_open
from motesplats.events.services.registration import registration_cancel
from motesplats.events.services.reminders import reminders_send

from .factories import book, make_event

pytestmark = pytest.mark.django_db


def test_reminder_goes_to_confirmed_participants_once(mailoutbox, settings):
    settings.EVENTS_REMINDER_HOURS = 48
    event = make_event(starts_in=timedelta(hours=30), tickets=[{"capacity": 1}])
    confirmed = book(event, "Anna Berg").registrations[0]
    book(event, "Bo Ek")  # waiting: no reminder
    mailoutbox.clear()
    counts = reminders_send()
    assert counts.reminders == 1
    assert [m.to for m in mailoutbox] == [["anna.berg@example.org"]]
    assert confirmed.ticket_code in mailoutbox[0].body
    assert mailoutbox[0].attachments[0][2] == "image/png"
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None
    # A second run sends nothing.
    assert reminders_send().reminders == 0
    assert len(mailoutbox) == 1


def test_no_reminder_before_the_window_or_after_the_start(mailoutbox, settings):
    settings.EVENTS_REMINDER_HOURS = 48
    far = make_event(starts_in=timedelta(days=5))
    book(far, "Anna Berg")
    mailoutbox.clear()
    assert reminders_send().reminders == 0
    # The same event seen later, inside the window, gets its reminder.
    assert reminders_send(now=timezone.now() + timedelta(days=4)).reminders == 1
    # After the start it is too late for a reminder.
    started = make_event(starts_in=timedelta(days=5))
    book(started, "Bo Ek")
    assert (
        reminders_send(now=timezone.now() + timedelta(days=5, hours=1)).reminders == 0
    )


def test_cancelled_and_unpublished_get_no_reminder(mailoutbox):
    event = make_event(starts_in=timedelta(hours=10))
    registration = book(event, "Anna Berg").registrations[0]
    registration_cancel(registration=registration)
    hidden = make_event(starts_in=timedelta(hours=10))
    book(hidden, "Bo Ek")
    hidden.unpublish()
    mailoutbox.clear()
    assert reminders_send().reminders == 0
    assert mailoutbox == []


def test_online_link_goes_shortly_before_a_digital_event_once(mailoutbox, settings):
    settings.EVENTS_ONLINE_LINK_MINUTES = 60
    event = make_event(
        starts_in=timedelta(hours=3),
        format=EventFormat.DIGITAL,
        online_url="https://meet.example.org/natverk",
    )
    registration = book(event, "Anna Berg").registrations[0]
    Registration.objects.filter(pk=registration.pk).update(reminded_at=timezone.now())
    mailoutbox.clear()
    assert reminders_send().online_links == 0  # three hours before: too early
    soon = event.starts_at - timedelta(minutes=45)
    counts = reminders_send(now=soon)
    assert counts.online_links == 1
    [mail] = mailoutbox
    assert "https://meet.example.org/natverk" in mail.body
    assert reminders_send(now=soon + timedelta(minutes=5)).online_links == 0
    assert len(mailoutbox) == 1


def test_on_site_events_and_events_without_a_link_get_no_online_mail(mailoutbox):
    on_site = make_event(starts_in=timedelta(hours=3), online_url="https://x.example")
    no_link = make_event(starts_in=timedelta(hours=3), format=EventFormat.DIGITAL)
    book(on_site, "Anna Berg")
    book(no_link, "Bo Ek")
    soon = on_site.starts_at - timedelta(minutes=30)
    assert reminders_send(now=soon).online_links == 0


def test_events_tick_expires_offers_and_sends_reminders(mailoutbox, settings):
    settings.EVENTS_REMINDER_HOURS = 48
    event = make_event(starts_in=timedelta(hours=30), tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg").registrations[0]
    offered = book(event, "Bo Ek").registrations[0]
    registration_cancel(registration=first)
    Registration.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    raffle = raffle_open(
        event=make_event(mode=RegistrationMode.RAFFLE),
        places=2,
        quotas={},
        applications_close_at=timezone.now() + timedelta(days=1),
        actor=None,
    )
    Raffle.objects.filter(pk=raffle.pk).update(
        applications_close_at=timezone.now() - timedelta(minutes=1)
    )
    out = StringIO()
    call_command("events_tick", stdout=out)
    offered.refresh_from_db()
    raffle.refresh_from_db()
    assert offered.status == RegistrationStatus.EXPIRED
    assert raffle.status == RaffleStatus.COMMITTED
    assert "raffles closed: 1" in out.getvalue()
    assert "offers expired: 1" in out.getvalue()
    assert "reminders sent: 0" in out.getvalue()


def test_a_tick_running_during_another_sends_each_reminder_once(
    mailoutbox, monkeypatch, settings
):
    """A second tick starts while the first is sending: nobody gets two reminders."""
    settings.EVENTS_REMINDER_HOURS = 48
    event = make_event(starts_in=timedelta(hours=30))
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund")
    mailoutbox.clear()
    send = notifications.reminder
    inner, started = [], []

    def send_and_interleave(*, registration_id):
        if not started:
            started.append(True)
            inner.append(reminders_send().reminders)  # the concurrent tick
        send(registration_id=registration_id)

    monkeypatch.setattr(notifications, "reminder", send_and_interleave)
    outer = reminders_send().reminders
    assert inner == [2]  # the other tick took the two not yet claimed
    assert outer == 1
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna.berg@example.org",
        "bo.ek@example.org",
        "cecilia.lund@example.org",
    ]
