"""Close the needs and offers whose date has passed (also run by the retention task)."""

from django.core.management.base import BaseCommand

from motesplats.actors.services.needs import need_offer_expire


class Command(BaseCommand):
    help = "Close needs and offers whose 'open until' date has passed."

    def handle(self, *args, **options) -> None:
        closed = need_offer_expire()
        self.stdout.write(f"needs_offers_closed={closed}")
