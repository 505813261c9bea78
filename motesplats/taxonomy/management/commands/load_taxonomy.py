from django.core.management.base import BaseCommand

from motesplats.taxonomy.services import taxonomy_load_reference


class Command(BaseCommand):
    help = "Create or update the shipped vocabulary (counties, goals, sectors, themes, glossary)."

    def handle(self, *args, **options):
        for name, count in taxonomy_load_reference().items():
            self.stdout.write(f"{name}: {count}")
