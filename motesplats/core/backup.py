"""Verified backups: one archive holding a consistent database snapshot, the media files
and a manifest with a SHA-256 for every file; restore into an empty database.

The archive (`motesplats-backup-YYYYMMDDTHHMMSSZ.tar.gz`) holds `database.sqlite3`
(SQLite's online backup API) or `database.dump` (`pg_dump --format=custom`), `media/…`
(everything under MEDIA_ROOT) and `manifest.json`, written last. motesplats.core.restore
puts an archive back. docs/operations.md says how to run, rotate, copy off-site and
rehearse restores.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FORMAT = "motesplats-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
ARCHIVE_RE = re.compile(r"^motesplats-backup-\d{8}T\d{6}Z\.tar\.gz$")
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024

# Model tables that `migrate` itself fills in a new database (content types,
# permissions, Wagtail's root page, default site, collection, locale, groups and
# workflow). Rows there do not make a database "non-empty"; rows anywhere else do.
# Measured by migrating a new SQLite database and counting rows per table.
MIGRATION_FILLED_TABLES = frozenset(
    {
        "auth_group",
        "auth_group_permissions",
        "auth_permission",
        "django_content_type",
        "django_migrations",
        "django_site",
        "wagtailcore_collection",
        "wagtailcore_groupapprovaltask",
        "wagtailcore_groupapprovaltask_groups",
        "wagtailcore_groupcollectionpermission",
        "wagtailcore_grouppagepermission",
        "wagtailcore_locale",
        "wagtailcore_page",
        "wagtailcore_site",
        "wagtailcore_task",
        "wagtailcore_workflow",
        "wagtailcore_workflowpage",
        "wagtailcore_workflowtask",
    }
)

Progress = Callable[[str], None]


def quiet(_message: str) -> None:
    pass


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message is for the operator."""


@dataclass
class BackupResult:
    path: Path
    size: int
    sha256: str
    manifest: dict[str, Any]
    removed: list[Path] = field(default_factory=list)


# --- Files and hashes -------------------------------------------------------------


def sha256_file(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class _HashingReader:
    """Hashes what tarfile reads, so the manifest describes exactly the archived bytes
    even when a file changes while it is being read."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.handle.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def archive_name(now: datetime) -> str:
    return f"motesplats-backup-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar.gz"


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Regular files under `root` (symbolic links are not followed), sorted."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


# --- Database snapshots -----------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    # Virtual tables (full-text indexes) keep their rows in shadow tables, counted here.
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def count_rows(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 -- quoted name
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor: Any, tables: list[str]) -> dict[str, str]:
    """The latest applied migration of each app (the last one recorded)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return dict(cursor.fetchall())


def sqlite_row_counts(db: sqlite3.Connection) -> dict[str, int]:
    return count_rows(db.cursor(), _sqlite_tables(db), lambda n: f'"{n}"')


def _sqlite_snapshot(conn: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    conn.ensure_connection()
    if conn.in_atomic_block or conn.connection.in_transaction:
        # SQLite's backup waits forever for a database its own connection is writing.
        raise BackupError(_("A backup cannot be made inside a database transaction."))
    snapshot = sqlite3.connect(target)
    try:
        # One step (pages=-1) under one read lock: a consistent copy while the site runs.
        conn.connection.backup(snapshot)
        tables = _sqlite_tables(snapshot)
        cursor = snapshot.cursor()
        info = {
            "vendor": "sqlite",
            "file": DATABASE_FILES["sqlite"],
            "server_version": sqlite3.sqlite_version,
            "row_counts": count_rows(cursor, tables, lambda n: f'"{n}"'),
            "migrations": _applied_migrations(cursor, tables),
        }
    finally:
        snapshot.close()
    return info


def pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq environment for pg_dump / pg_restore: the password never reaches argv."""
    env = dict(os.environ)
    for key, var in {
        "HOST": "PGHOST",
        "PORT": "PGPORT",
        "USER": "PGUSER",
        "PASSWORD": "PGPASSWORD",
        "NAME": "PGDATABASE",
    }.items():
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS", {})
    for option, var in {
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "passfile": "PGPASSFILE",
        "service": "PGSERVICE",
    }.items():
        if options.get(option):
            env[var] = str(options[option])
    return env


def pg_tool(
    tool: str, *, server_major: int, archive_major: int | None = None
) -> tuple[str, int]:
    """Path and major version of a PostgreSQL client tool that can talk to the server
    (and read the archive)."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(
            _(
                "%(tool)s was not found on PATH. Install the PostgreSQL client tools, "
                "version %(major)d or newer (Debian: apt install postgresql-client-%(major)d)."
            )
            % {"tool": tool, "major": max(server_major, archive_major or 0)}
        )
    output = subprocess.run(  # noqa: S603 -- our own argv, no shell
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    found = re.search(r"\)\s*(\d+)", output) or re.search(r"(\d+)", output)
    tool_major = int(found.group(1)) if found else 0
    if tool_major < server_major:
        raise BackupError(
            _(
                "%(tool)s is version %(tool_major)d, older than the PostgreSQL "
                "%(server_major)d server. Install the client tools for version "
                "%(server_major)d (Debian: apt install postgresql-client-%(server_major)d) "
                "and put them first on PATH."
            )
            % {"tool": tool, "tool_major": tool_major, "server_major": server_major}
        )
    if archive_major and tool_major < archive_major:
        raise BackupError(
            _(
                "The archive was written by pg_dump %(archive_major)d; %(tool)s "
                "%(tool_major)d cannot read it. Install the client tools for version "
                "%(archive_major)d or newer."
            )
            % {"tool": tool, "tool_major": tool_major, "archive_major": archive_major}
        )
    return path, tool_major


def pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables "
        "WHERE schemaname = ANY(current_schemas(false)) ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def _postgres_snapshot(conn: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    conn.ensure_connection()
    server_major = conn.pg_version // 10000
    pg_dump, dump_major = pg_tool("pg_dump", server_major=server_major)
    # A connection of our own exports its snapshot to pg_dump, so the row counts and
    # migration state in the manifest describe exactly the rows in the dump.
    raw = conn.Database.connect(**conn.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            tables = pg_tables(cursor)
            counts = count_rows(cursor, tables, conn.ops.quote_name)
            migrations = _applied_migrations(cursor, tables)
            done = subprocess.run(  # noqa: S603 -- our own argv, no shell
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                ],
                env=pg_env(conn.settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
            cursor.execute("ROLLBACK")
    finally:
        raw.close()
    if done.returncode != 0:
        raise BackupError(
            _("pg_dump failed: %(error)s") % {"error": done.stderr.strip()[-2000:]}
        )
    return {
        "vendor": "postgresql",
        "file": DATABASE_FILES["postgresql"],
        "server_version": str(conn.pg_version),
        "pg_dump_major": dump_major,
        "row_counts": counts,
        "migrations": migrations,
    }


# --- Backup -----------------------------------------------------------------------


def backup_create(
    *,
    output_dir: Path | None = None,
    keep: int | None = None,
    database: BaseDatabaseWrapper | None = None,
    progress: Progress = quiet,
    now: datetime | None = None,
) -> BackupResult:
    """Write a verified archive of the database and media; optionally rotate old ones."""
    conn = database or default_connection
    if conn.vendor not in DATABASE_FILES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": conn.vendor}
        )
    if keep is not None and keep < 1:
        raise BackupError(_("--keep must be 1 or more."))
    now = now or datetime.now(UTC)
    output = Path(output_dir or settings.BACKUP_DIR)
    media_root = Path(settings.MEDIA_ROOT)
    if output.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(
            _(
                "The backup folder %(path)s lies inside the media folder, where the "
                "web server could hand it out. Choose a folder outside it."
            )
            % {"path": output}
        )
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = output / archive_name(now)
    if final.exists():
        raise BackupError(
            _("%(path)s already exists. Wait a second and try again.") % {"path": final}
        )
    partial = output / f".{final.name}.partial"
    work = Path(tempfile.mkdtemp(prefix=".motesplats-backup-", dir=output))
    try:
        progress(_("Taking a snapshot of the database …"))
        snapshot_path = work / DATABASE_FILES[conn.vendor]
        if conn.vendor == "sqlite":
            info = _sqlite_snapshot(conn, snapshot_path)
        else:
            info = _postgres_snapshot(conn, snapshot_path)
        counts = info.pop("row_counts")
        migrations = info.pop("migrations")
        progress(
            _("Database: %(tables)d tables, %(rows)d rows.")
            % {"tables": len(counts), "rows": sum(counts.values())}
        )
        files: dict[str, dict[str, Any]] = {}
        progress(_("Writing the archive …"))
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_file(tar, info["file"], snapshot_path, files, mode=0o600)
            media_bytes = 0
            for relative, path in _media_files(media_root):
                _add_file(tar, MEDIA_PREFIX + relative, path, files, mode=0o644)
                media_bytes += files[MEDIA_PREFIX + relative]["size"]
                if (len(files) - 1) % 500 == 0 and len(files) > 1:
                    progress(
                        _("Media files so far: %(count)d …") % {"count": len(files) - 1}
                    )
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "database": info,
                "migrations": migrations,
                "row_counts": counts,
                "media": {"files": len(files) - 1, "bytes": media_bytes},
                "files": files,
            }
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            member = _tarinfo(MANIFEST, len(body), mode=0o600, mtime=now.timestamp())
            tar.addfile(member, io.BytesIO(body))
            raw.flush()
            os.fsync(raw.fileno())
        progress(_("Verifying the archive …"))
        backup_verify(partial)
        os.replace(partial, final)
        _fsync_dir(output)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    size, sha256 = sha256_file(final)
    logger.debug("Backup written: %s (%d bytes, sha256 %s)", final, size, sha256)
    removed = backup_rotate(output, keep) if keep else []
    return BackupResult(final, size, sha256, manifest, removed)


def _tarinfo(name: str, size: int, *, mode: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, mode, int(mtime)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_file(tar: tarfile.TarFile, name: str, path: Path, files: dict, *, mode: int):
    stat = path.stat()
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(
            _tarinfo(name, stat.st_size, mode=mode, mtime=stat.st_mtime), reader
        )
    files[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_rotate(directory: Path, keep: int) -> list[Path]:
    """Delete archives in `directory` beyond the newest `keep` (names sort by time)."""
    if keep < 1:
        raise BackupError(_("--keep must be 1 or more."))
    archives = sorted(
        p for p in Path(directory).iterdir() if ARCHIVE_RE.match(p.name) and p.is_file()
    )
    old = archives[:-keep]
    for path in old:
        path.unlink()
        logger.debug("Old backup removed: %s", path)
    return old


# --- Verify -----------------------------------------------------------------------


def _check_member_name(name: str) -> None:
    path = PurePosixPath(name)
    allowed = name in (MANIFEST, *DATABASE_FILES.values()) or (
        name.startswith(MEDIA_PREFIX) and len(path.parts) > 1
    )
    if (
        not allowed
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or "\x00" in name
        or name != path.as_posix()
    ):
        raise BackupError(
            _("The archive holds an unexpected entry %(name)s. Nothing was restored.")
            % {"name": repr(name)}
        )


def damaged_archive(exc: BaseException) -> BackupError:
    return BackupError(
        _(
            "The archive cannot be read: it is damaged or incomplete (%(error)s). "
            "Nothing was restored."
        )
        % {"error": exc}
    )


def backup_verify(archive: Path) -> dict[str, Any]:
    """Read the whole archive and check every file against the manifest; the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("No archive at %(path)s.") % {"path": archive})
    seen: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for member in tar:
                _check_member_name(member.name)
                if (
                    not member.isfile()
                    or member.name in seen
                    or (member.name == MANIFEST and manifest is not None)
                ):
                    raise BackupError(
                        _(
                            "The archive holds an unexpected entry %(name)s. "
                            "Nothing was restored."
                        )
                        % {"name": repr(member.name)}
                    )
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = _read_manifest(handle, member.size)
                    continue
                digest, size = hashlib.sha256(), 0
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                seen[member.name] = (size, digest.hexdigest())
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise damaged_archive(exc) from exc
    if manifest is None:
        raise BackupError(
            _("The archive has no manifest.json: it is not a Mötesplats backup.")
        )
    listed = manifest["files"]
    missing = sorted(set(listed) - set(seen))
    unlisted = sorted(set(seen) - set(listed))
    changed = sorted(
        name
        for name in set(listed) & set(seen)
        if seen[name] != (listed[name].get("size"), listed[name].get("sha256"))
    )
    if missing or unlisted or changed:
        raise BackupError(
            _(
                "The archive failed verification. Files that differ from the "
                "manifest: %(changed)d, missing: %(missing)d, not listed: %(unlisted)d "
                "(%(names)s). It is damaged or was altered. Nothing was restored."
            )
            % {
                "changed": len(changed),
                "missing": len(missing),
                "unlisted": len(unlisted),
                "names": ", ".join((changed + missing + unlisted)[:5]),
            }
        )
    if manifest["database"]["file"] not in listed:
        raise BackupError(_("The archive holds no database. Nothing was restored."))
    return manifest


def _read_manifest(handle: IO[bytes], size: int) -> dict[str, Any]:
    invalid = BackupError(
        _("The archive's manifest.json is not valid. Nothing was restored.")
    )
    if size > MANIFEST_MAX_BYTES:
        raise invalid
    try:
        manifest = json.loads(handle.read())
    except ValueError as exc:
        raise invalid from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise invalid
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _(
                "The archive has format version %(version)s; this code reads up to "
                "%(supported)d. Restore it with a newer version of Mötesplats."
            )
            % {"version": version, "supported": FORMAT_VERSION}
        )
    database = manifest.get("database")
    if (
        not isinstance(manifest.get("files"), dict)
        or not isinstance(manifest.get("row_counts"), dict)
        or not isinstance(database, dict)
        or DATABASE_FILES.get(database.get("vendor")) != database.get("file")
    ):
        raise invalid
    return manifest
