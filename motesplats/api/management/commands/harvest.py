"""Harvest content from peers now: every due source, or one."""

from django.core.management.base import BaseCommand, CommandError

from motesplats.api.harvest import harvest_due_sources, source_harvest
from motesplats.api.models import PeerSource


class Command(BaseCommand):
    help = (
        "Harvest the registered peer sources that are due (another Mötesplats' API, "
        "or RSS/Atom feeds) into local pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="Only this source (its id).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ignore the back-off after failures (and run inactive --source too).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="List everything the peer has, to find what was removed there.",
        )

    def handle(self, *args, source=None, force=False, full=False, **options):
        full_pass = True if full else None
        if source is not None:
            peer = PeerSource.objects.filter(pk=source).first()
            if peer is None:
                raise CommandError(f"No source with id {source}.")
            if not force and not peer.active:
                raise CommandError(f"Source {source} is not active (use --force).")
            runs = [source_harvest(source=peer, full=full_pass)]
        else:
            runs = harvest_due_sources(force=force, full=full_pass)
        failed = 0
        for run in runs:
            if run.error:
                failed += 1
                self.stderr.write(f"{run.source}: failed: {run.error}")
                continue
            self.stdout.write(
                f"{run.source}: fetched {run.fetched}, created {run.created}, "
                f"updated {run.updated}, unchanged {run.unchanged}, "
                f"unpublished {run.deleted}, skipped (edited here) "
                f"{run.skipped_local_edit}, invalid {run.invalid}"
            )
        if not runs:
            self.stdout.write("No source is due.")
        if failed:
            raise CommandError(f"{failed} of {len(runs)} sources failed.")
