"""`manage.py purge_expired` applies the retention rules the issue lists: health answers
right after the event, attendee lists RETENTION_EVENT_REGISTRATION_DAYS after it,
unconfirmed accounts and guests' comment addresses after their days, the audit log
after RETENTION_AUDIT_LOG_DAYS. Each rule removes what has passed its time and keeps
what has not."""

from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from motesplats.accounts.models import User
from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.core.audit import log_action
from motesplats.core.models import AuditEntry
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Booking, Registration
from tests.events.factories import make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _purge() -> dict[str, int]:
    out = StringIO()
    call_command("purge_expired", stdout=out)
    return {
        rule: int(count)
        for rule, count in (line.split(": ") for line in out.getvalue().splitlines())
    }


def _registration(event, name: str) -> Registration:
    email = f"{name.lower().replace(' ', '.')}@example.org"
    return Registration.objects.create(
        booking=Booking.objects.create(event=event, name=name, email=email),
        event=event,
        ticket_type=event.ticket_types.first(),
        status=RegistrationStatus.CONFIRMED,
        name=name,
        email=email,
        organisation="Exempelföreningen",
        answers={"q1": "Malmö"},
        health_answers={"q2": "Gluten"},
        health_consent_at=timezone.now() - 30 * DAY,
    )


def _aged(model, obj, **fields):
    model.objects.filter(pk=obj.pk).update(**fields)


def _guest_comment(name: str, *, age: timedelta, confirmed: bool) -> Comment:
    page = Page.objects.get(slug="yalla-trappan", locale__language_code="sv")
    comment = Comment.objects.create(
        page=page,
        guest_name=name,
        guest_email=f"{name.lower()}@example.org",
        body="En fråga från en gäst.",
        status=CommentStatus.PUBLISHED if confirmed else CommentStatus.UNCONFIRMED,
        email_confirmed_at=timezone.now() - age if confirmed else None,
    )
    _aged(Comment, comment, created_at=timezone.now() - age)
    return comment


def test_purge_expired_applies_every_rule_and_keeps_what_is_not_due():
    _purge()  # whatever the demo site holds that is already due
    now = timezone.now()
    keep_days = settings.RETENTION_EVENT_REGISTRATION_DAYS

    # Events: one just over, one over for longer than the retention, one to come.
    just_over = _registration(
        make_event(starts_in=-timedelta(hours=5), hours=3), "Anna Nyss"
    )
    long_over = _registration(
        make_event(starts_in=-(keep_days + 2) * DAY), "Bo Längesen"
    )
    not_yet_due = _registration(
        make_event(starts_in=-(keep_days - 2) * DAY), "Cia Snart"
    )
    coming = _registration(make_event(starts_in=10 * DAY), "Dan Framtid")

    # Accounts: unconfirmed and old, unconfirmed and new, confirmed and old.
    old_unconfirmed = UserFactory(verified=False)
    _aged(
        User,
        old_unconfirmed,
        date_joined=now - (settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS + 1) * DAY,
    )
    new_unconfirmed = UserFactory(verified=False)
    old_confirmed = UserFactory()
    _aged(User, old_confirmed, date_joined=now - 400 * DAY)

    # Guests' comments: an address past its days, one within them, a comment never
    # confirmed past the confirmation window.
    email_due = _guest_comment(
        "Gunnar",
        age=(settings.RETENTION_COMMENT_GUEST_EMAIL_DAYS + 1) * DAY,
        confirmed=True,
    )
    email_kept = _guest_comment("Greta", age=2 * DAY, confirmed=True)
    never_confirmed = _guest_comment(
        "Gorm",
        age=timedelta(hours=settings.COMMENTS_GUEST_CONFIRM_HOURS + 1),
        confirmed=False,
    )

    # The audit log: one entry past its days, one within them.
    old_entry = log_action(action="test.retention.old", data={"x": 1})
    _aged(
        AuditEntry,
        old_entry,
        created_at=now - (settings.RETENTION_AUDIT_LOG_DAYS + 1) * DAY,
    )
    new_entry = log_action(action="test.retention.new")
    _aged(
        AuditEntry,
        new_entry,
        created_at=now - (settings.RETENTION_AUDIT_LOG_DAYS - 1) * DAY,
    )

    counts = _purge()

    # Health answers of every event that is over (3), none of the coming one.
    assert counts["event_health_answers"] == 3
    for registration in (just_over, long_over, not_yet_due):
        registration.refresh_from_db()
        assert registration.health_answers == {}
        assert registration.health_consent_at is None
    coming.refresh_from_db()
    assert coming.health_answers == {"q2": "Gluten"}
    # Attendee details go only past the retention days; the row stays for statistics.
    assert counts["event_registrations"] == 1
    assert (long_over.name, long_over.email, long_over.answers) == ("–", "", {})
    assert long_over.status == RegistrationStatus.CONFIRMED
    booking = Booking.objects.get(pk=long_over.booking_id)
    assert (booking.name, booking.email) == ("–", "")
    assert (just_over.name, just_over.answers) == ("Anna Nyss", {"q1": "Malmö"})
    assert not_yet_due.email == "cia.snart@example.org"

    assert counts["unconfirmed_accounts"] == 1
    assert not User.objects.filter(pk=old_unconfirmed.pk).exists()
    assert User.objects.filter(pk=new_unconfirmed.pk).exists()
    assert User.objects.filter(pk=old_confirmed.pk).exists()

    assert counts["guest_comment_emails"] == 1
    assert counts["unconfirmed_guest_comments"] == 1
    email_due.refresh_from_db()
    email_kept.refresh_from_db()
    assert email_due.guest_email == ""
    assert email_due.guest_name == "Gunnar"  # the public signature stays
    assert email_kept.guest_email == "greta@example.org"
    assert not Comment.objects.filter(pk=never_confirmed.pk).exists()

    assert counts["audit_entries"] == 1
    assert not AuditEntry.objects.filter(pk=old_entry.pk).exists()
    assert AuditEntry.objects.filter(pk=new_entry.pk).exists()

    # Run again: nothing more is due.
    again = _purge()
    for rule in (
        "event_health_answers",
        "event_registrations",
        "unconfirmed_accounts",
        "guest_comment_emails",
        "unconfirmed_guest_comments",
        "audit_entries",
    ):
        assert again[rule] == 0, rule
