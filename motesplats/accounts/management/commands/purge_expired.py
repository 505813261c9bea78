from django.core.management.base import BaseCommand

from motesplats.accounts.services import user_purge_expired


class Command(BaseCommand):
    help = "Delete personal data whose retention period has passed (run daily)."

    def handle(self, *args, **options):
        counts = user_purge_expired()
        for rule, count in counts.items():
            self.stdout.write(f"{rule}: {count}")
