"""Reminders before an event, and the online link shortly before it starts.

Run by `manage.py events_tick` every few minutes. Each message goes once per
participant, even if two ticks run at the same time: the timestamp is set by a
conditional update (only where it is still empty) before the mail is sent, so of two
runs exactly one changes the row and sends. A mail that then fails is not retried:
one lost reminder is better than duplicates.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from motesplats.core.audit import log_action
from motesplats.events.enums import EventFormat, RegistrationStatus
from motesplats.events.models import Registration

from . import notifications

logger = logging.getLogger(__name__)


@dataclass
class ReminderCounts:
    reminders: int = 0
    online_links: int = 0


def _due_reminders(now):
    horizon = now + timedelta(hours=settings.EVENTS_REMINDER_HOURS)
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__live=True,
        event__starts_at__gt=now,
        event__starts_at__lte=horizon,
    )


def _due_online_links(now):
    horizon = now + timedelta(minutes=settings.EVENTS_ONLINE_LINK_MINUTES)
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        online_link_sent_at__isnull=True,
        event__live=True,
        event__format__in=[EventFormat.DIGITAL, EventFormat.HYBRID],
        event__starts_at__lte=horizon,
        # Late is better than never while the event is on.
        event__ends_at__gt=now,
    ).exclude(event__online_url="")


def _claim(pk: int, field: str, now) -> bool:
    """Mark the message as sent; True only for the one caller that changed the row."""
    return bool(
        Registration.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
    )


def reminders_send(*, now=None) -> ReminderCounts:
    """Send the reminders and online links that are due; return how many went."""
    now = now or timezone.now()
    counts = ReminderCounts()
    for pk in list(_due_reminders(now).values_list("pk", flat=True)):
        if not _claim(pk, "reminded_at", now):
            continue
        try:
            notifications.reminder(registration_id=pk)
        except Exception:
            logger.exception("Reminder to registration %s failed", pk)
            continue
        counts.reminders += 1
    for pk in list(_due_online_links(now).values_list("pk", flat=True)):
        if not _claim(pk, "online_link_sent_at", now):
            continue
        try:
            notifications.online_link(registration_id=pk)
        except Exception:
            logger.exception("Online link to registration %s failed", pk)
            continue
        counts.online_links += 1
    if counts.reminders or counts.online_links:
        log_action(
            action="events.reminders.sent",
            data={"reminders": counts.reminders, "online_links": counts.online_links},
        )
    return counts
