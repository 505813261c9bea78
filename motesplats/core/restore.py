"""Restore a backup archive (motesplats.core.backup) into an empty database.

Every check runs before anything changes: the archive's checksums, the database vendor,
the client tools, an empty target database and a media folder without conflicting files.
Only then is the database put in place, the media files written and the row counts
compared with the manifest.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .backup import (
    CHUNK,
    MEDIA_PREFIX,
    MIGRATION_FILLED_TABLES,
    BackupError,
    Progress,
    backup_verify,
    count_rows,
    damaged_archive,
    pg_env,
    pg_tables,
    pg_tool,
    quiet,
    sha256_file,
    sqlite_row_counts,
)

logger = logging.getLogger(__name__)

VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    row_counts: dict[str, int]
    # table -> (rows in the manifest, rows after the restore; None if the table is gone)
    mismatches: dict[str, tuple[int, int | None]]
    media_written: int
    media_unchanged: int
    unapplied_migrations: int
    unknown_migrations: int


def database_content_tables(conn: BaseDatabaseWrapper) -> dict[str, int]:
    """Our tables holding rows that a newly migrated database would not have."""
    with conn.cursor() as cursor:
        existing = set(conn.introspection.table_names(cursor))
        ours = sorted(
            table
            for table in conn.introspection.django_table_names()
            if table in existing and table not in MIGRATION_FILLED_TABLES
        )
        counts = count_rows(cursor, ours, conn.ops.quote_name)
    return {table: count for table, count in counts.items() if count}


def row_counts(conn: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per table, counted the way the backup counted them."""
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        return sqlite_row_counts(conn.connection)
    with conn.cursor() as cursor:
        return count_rows(cursor, pg_tables(cursor), conn.ops.quote_name)


def _media_plan(manifest: dict[str, Any], media_root: Path) -> tuple[list[str], int]:
    """Media files to write; refuses when the folder holds different files there."""
    root = media_root.resolve()
    to_write, unchanged, conflicts = [], 0, []
    for name, expected in sorted(manifest["files"].items()):
        if not name.startswith(MEDIA_PREFIX):
            continue
        relative = name.removeprefix(MEDIA_PREFIX)
        target = media_root / relative
        if not target.parent.resolve().is_relative_to(root):
            conflicts.append(relative)  # a symbolic link would lead outside the folder
        elif target.is_symlink() or (target.exists() and not target.is_file()):
            conflicts.append(relative)
        elif target.exists():
            if sha256_file(target) == (expected["size"], expected["sha256"]):
                unchanged += 1
            else:
                conflicts.append(relative)
        else:
            to_write.append(name)
    if conflicts:
        raise BackupError(
            _(
                "The media folder %(root)s already holds files that differ from the "
                "archive (%(count)d: %(names)s). Restore the media into an empty folder "
                "with --media-root. Nothing was changed."
            )
            % {
                "root": media_root,
                "count": len(conflicts),
                "names": ", ".join(conflicts[:5]),
            }
        )
    return to_write, unchanged


def _extract(archive: Path, wanted: dict[str, Path], manifest: dict[str, Any]) -> int:
    """Write the `wanted` members to their paths, checking each checksum once more (the
    archive could have changed since it was verified); a temporary name until it matches."""
    written = 0
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for member in tar:
                target = wanted.get(member.name)
                if target is None or not member.isfile():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.restoring")
                digest, size = hashlib.sha256(), 0
                handle = tar.extractfile(member)
                with partial.open("wb") as out:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                expected = manifest["files"][member.name]
                if (size, digest.hexdigest()) != (expected["size"], expected["sha256"]):
                    partial.unlink()
                    raise BackupError(
                        _("%(name)s changed in the archive during the restore.")
                        % {"name": member.name}
                    )
                os.replace(partial, target)
                written += 1
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise damaged_archive(exc) from exc
    return written


def _sqlite_restore(conn: BaseDatabaseWrapper, staged: Path, target: Path) -> None:
    """Copy the staged database into the target file with SQLite's backup API, which
    writes under SQLite's own locks and leaves no stale WAL file behind."""
    source = sqlite3.connect(staged)
    try:
        result = source.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise BackupError(
                _(
                    "The database in the archive is damaged (%(error)s). Nothing was "
                    "restored."
                )
                % {"error": result}
            )
        conn.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target, isolation_level=None, timeout=5)
        try:
            # A WAL database cannot take another page size during a backup.
            destination.execute("PRAGMA journal_mode=DELETE")
            source.backup(destination)
        except sqlite3.Error as exc:
            raise BackupError(
                _(
                    "The database file %(path)s could not be written (%(error)s). "
                    "Stop the site and its workers, then run the restore again."
                )
                % {"path": target, "error": exc}
            ) from exc
        finally:
            destination.close()
    finally:
        source.close()


def _postgres_restore(conn: BaseDatabaseWrapper, staged: Path, pg_restore: str) -> None:
    with conn.cursor() as cursor:
        migrated = bool(pg_tables(cursor))
    conn.close()
    # Drop and recreate the archive's objects when `migrate` already made them (the
    # database holds no content: checked above). One transaction: all or nothing.
    clean = ["--clean", "--if-exists"] if migrated else []
    done = subprocess.run(  # noqa: S603 -- our own argv, no shell; password in env
        [
            pg_restore,
            *clean,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={conn.settings_dict['NAME']}",
            str(staged),
        ],
        env=pg_env(conn.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            _("pg_restore failed; the database was left unchanged: %(error)s")
            % {"error": done.stderr.strip()[-2000:]}
        )


def _migration_state(conn: BaseDatabaseWrapper) -> tuple[int, int]:
    """Migrations the code has and the database lacks; migrations the code does not know."""
    executor = MigrationExecutor(conn)
    graph = executor.loader.graph
    unapplied = len(executor.migration_plan(graph.leaf_nodes()))
    # Migrations that a squashed migration replaced stay recorded but leave the graph.
    replaced = {
        key
        for squashed in executor.loader.replacements.values()
        for key in squashed.replaces
    }
    unknown = len(set(executor.loader.applied_migrations) - set(graph.nodes) - replaced)
    return unapplied, unknown


def backup_restore(
    *,
    archive: Path,
    media_root: Path | None = None,
    database: BaseDatabaseWrapper | None = None,
    progress: Progress = quiet,
    confirm: Callable[[dict[str, Any]], bool] | None = None,
) -> RestoreResult:
    """Restore `archive` into the (empty) database and `media_root`; compare row counts."""
    conn = database or default_connection
    archive = Path(archive)
    progress(_("Verifying the archive …"))
    manifest = backup_verify(archive)
    vendor = manifest["database"]["vendor"]
    if vendor != conn.vendor:
        raise BackupError(
            _(
                "The archive was made from a %(archive)s database, but the target "
                "database is %(target)s. Restore it into a %(archive)s database. "
                "Nothing was changed."
            )
            % {
                "archive": VENDOR_NAMES.get(vendor, vendor),
                "target": VENDOR_NAMES.get(conn.vendor, conn.vendor),
            }
        )
    target = None
    if vendor == "sqlite" and not conn.is_in_memory_db():
        target = Path(conn.settings_dict["NAME"])
    if target is None or target.exists():
        content = database_content_tables(conn)
        if content:
            raise BackupError(
                _(
                    "The target database is not empty. Tables with data: %(count)d "
                    "(%(tables)s). Restore into an empty database: create a new one, "
                    "point DATABASE_URL at it and run the restore again. Nothing was "
                    "changed."
                )
                % {
                    "count": len(content),
                    "tables": ", ".join(
                        f"{t}: {n}" for t, n in list(content.items())[:5]
                    ),
                }
            )
    pg_restore = None
    if vendor == "sqlite" and target is None:
        raise BackupError(
            _("The target database is in memory. Set DATABASE_URL to a database file.")
        )
    if vendor == "postgresql":
        if not conn.settings_dict.get("NAME"):
            raise BackupError(_("Set the name of the target database in DATABASE_URL."))
        conn.ensure_connection()
        pg_restore, _major = pg_tool(
            "pg_restore",
            server_major=conn.pg_version // 10000,
            archive_major=manifest["database"].get("pg_dump_major"),
        )
    media = Path(media_root or settings.MEDIA_ROOT)
    media_names, media_unchanged = _media_plan(manifest, media)
    if confirm is not None and not confirm(manifest):
        raise BackupError(_("Restore cancelled. Nothing was changed."))

    work = Path(
        tempfile.mkdtemp(prefix=".motesplats-restore-", dir=target and target.parent)
    )
    try:
        staged = work / manifest["database"]["file"]
        progress(_("Unpacking the database …"))
        _extract(archive, {manifest["database"]["file"]: staged}, manifest)
        progress(_("Restoring the database …"))
        if vendor == "sqlite":
            _sqlite_restore(conn, staged, target)
        else:
            _postgres_restore(conn, staged, pg_restore)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    progress(
        ngettext(
            "Restoring %(count)d media file …",
            "Restoring %(count)d media files …",
            len(media_names),
        )
        % {"count": len(media_names)}
    )
    written = _extract(
        archive,
        {name: media / name.removeprefix(MEDIA_PREFIX) for name in media_names},
        manifest,
    )
    progress(_("Comparing row counts with the manifest …"))
    counts = row_counts(conn)
    mismatches = {
        table: (expected, counts.get(table))
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    }
    unapplied, unknown = _migration_state(conn)
    logger.debug(
        "Backup restored from %s: %d tables, %d media files, %d row-count mismatches",
        archive,
        len(counts),
        written,
        len(mismatches),
    )
    return RestoreResult(
        manifest=manifest,
        row_counts=counts,
        mismatches=mismatches,
        media_written=written,
        media_unchanged=media_unchanged,
        unapplied_migrations=unapplied,
        unknown_migrations=unknown,
    )
