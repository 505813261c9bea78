"""Restore a backup archive into an empty database and a media folder."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motesplats.core.backup import BackupError
from motesplats.core.restore import backup_restore


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when asked, in the active language
        return _(
            "Verify a backup archive and restore it into an empty database and the media "
            "folder."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help=_("The archive."))
        parser.add_argument(
            "--media-root",
            type=Path,
            metavar="DIR",
            help=_("Folder for the media files (default: MEDIA_ROOT)."),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Restore without asking for confirmation."),
        )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        media_root = options["media_root"] or Path(settings.MEDIA_ROOT)
        if not options["yes"] and not sys.stdin.isatty():
            raise CommandError(
                _("Nothing was changed. Run with --yes to restore without a question.")
            )

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        def confirm(manifest: dict) -> bool:
            if options["yes"]:
                return True
            question = _(
                "Restore the backup of %(created)s into the %(vendor)s database "
                "%(name)s and the media folder %(media)s? Type yes to continue: "
            ) % {
                "created": manifest["created_at"],
                "vendor": connection.vendor,
                "name": connection.settings_dict["NAME"],
                "media": media_root,
            }
            return input(question).strip().lower() in {"yes", _("yes")}

        try:
            result = backup_restore(
                archive=options["archive"],
                media_root=media_root,
                progress=progress,
                confirm=confirm,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

        counts = result.row_counts
        self.stdout.write(
            _("Database: %(tables)d tables, %(rows)d rows.")
            % {"tables": len(counts), "rows": sum(counts.values())}
        )
        self.stdout.write(
            ngettext(
                "Media: %(written)d file written, %(unchanged)d already in place.",
                "Media: %(written)d files written, %(unchanged)d already in place.",
                result.media_written,
            )
            % {"written": result.media_written, "unchanged": result.media_unchanged}
        )
        if result.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The database has migrations this code does not know "
                        "(%(count)d): it was backed up from a newer version. Deploy "
                        "that version."
                    )
                    % {"count": result.unknown_migrations}
                )
            )
        if result.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Migrations of this code not applied yet: %(count)d. Run "
                        "manage.py migrate."
                    )
                    % {"count": result.unapplied_migrations}
                )
            )
        if result.mismatches:
            details = ", ".join(
                f"{table}: {expected} → {found}"
                for table, (expected, found) in sorted(result.mismatches.items())[:10]
            )
            raise CommandError(
                _(
                    "The restored row counts differ from the manifest. Tables: "
                    "%(count)d (%(details)s)."
                )
                % {"count": len(result.mismatches), "details": details}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Restore complete: every row count matches the manifest.")
            )
        )
