"""Back up the database and media into one verified archive (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motesplats.core.backup import BackupError, backup_create


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when asked, in the active language
        return _(
            "Back up the database and media into one archive with a checksum manifest."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            metavar="DIR",
            help=_("Folder for the archive (default: BACKUP_DIR)."),
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help=_("Delete older archives beyond the newest N."),
        )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        try:
            result = backup_create(
                output_dir=options["output"], keep=options["keep"], progress=progress
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity < 1:
            self.stdout.write(str(result.path))
            return
        manifest = result.manifest
        counts = manifest["row_counts"]
        self.stdout.write(
            self.style.SUCCESS(_("Backup written: %(path)s") % {"path": result.path})
        )
        self.stdout.write(
            _("  Database: %(vendor)s, %(tables)d tables, %(rows)d rows")
            % {
                "vendor": manifest["database"]["vendor"],
                "tables": len(counts),
                "rows": sum(counts.values()),
            }
        )
        self.stdout.write(
            ngettext(
                "  Media: %(count)d file, %(size)s",
                "  Media: %(count)d files, %(size)s",
                manifest["media"]["files"],
            )
            % {
                "count": manifest["media"]["files"],
                "size": filesizeformat(manifest["media"]["bytes"]),
            }
        )
        self.stdout.write(
            _("  Archive: %(size)s, SHA-256 %(sha256)s")
            % {"size": filesizeformat(result.size), "sha256": result.sha256}
        )
        for path in result.removed:
            self.stdout.write(_("  Removed older archive: %(path)s") % {"path": path})
