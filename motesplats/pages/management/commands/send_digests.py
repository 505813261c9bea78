"""Send the follow digests that are due: `manage.py send_digests [--frequency F]`.

Run from cron or a worker schedule (docs/deploy.md): immediately every 15 minutes,
daily at 07:00 and weekly on Mondays at 07:00, Europe/Stockholm.
"""

from django.core.management.base import BaseCommand

from motesplats.pages.follows.models import Frequency
from motesplats.pages.follows.services import digests_send


class Command(BaseCommand):
    help = "Send the e-mail digests of what members follow."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--frequency",
            choices=[f for f in Frequency.values if f != Frequency.NEVER],
            help="Only members with this frequency (default: all that are due).",
        )

    def handle(self, *args, frequency=None, **options) -> None:
        report = digests_send(frequency=frequency)
        self.stdout.write(
            f"sent {report.sent}, nothing new {report.empty}, "
            f"failed {report.failed}, busy {report.busy}"
        )
