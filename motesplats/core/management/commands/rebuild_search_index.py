"""Rebuild the site search index from all published content."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motesplats.core.search import rebuild


class Command(BaseCommand):
    help = _("Empty the search index and index all published content again.")

    def handle(self, *args, **options) -> None:
        def progress(done: int) -> None:
            if options["verbosity"] and sys.stdout.isatty():
                self.stdout.write(_("%(count)d documents indexed …") % {"count": done})

        count = rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Search index rebuilt: %(count)d documents.") % {"count": count}
            )
        )
