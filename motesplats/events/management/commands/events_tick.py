"""`manage.py events_tick`: the events' periodic work. Run it every few minutes.

Closes raffles whose application time is over, passes on waiting-list offers that were
not taken in time, then sends the reminders and online links that are due. Safe to
run twice at once: each step counts once.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from motesplats.events.services.raffle import raffles_close_due
from motesplats.events.services.registration import offers_expire
from motesplats.events.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Close due raffles, expire waiting-list offers and send due reminders and "
        "online links. Run every few minutes (cron or a task worker)."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        raffles = raffles_close_due(now=now)
        expired = offers_expire(now=now)
        counts = reminders_send(now=now)
        self.stdout.write(
            f"raffles closed: {raffles}; offers expired: {expired}; "
            f"reminders sent: {counts.reminders}; "
            f"online links sent: {counts.online_links}"
        )
