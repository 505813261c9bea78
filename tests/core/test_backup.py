"""Backups of the populated demo site, restored into scratch databases.

Backups are made in module fixtures, before a test's transaction begins: SQLite's backup
API cannot read a database its own connection is writing, and every test holds a write
transaction. Nothing here writes to the test database; restores go into scratch
databases (files for SQLite, databases of their own for PostgreSQL).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tarfile
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import translation

import pytest

from motesplats.core.backup import (
    ARCHIVE_RE,
    FORMAT_VERSION,
    MIGRATION_FILLED_TABLES,
    BackupError,
    backup_create,
    backup_verify,
    pg_tool,
)
from motesplats.core.restore import backup_restore, database_content_tables, row_counts

ROOT = Path(__file__).resolve().parents[2]
MEDIA = {
    "original_images/skargard.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40,
    "documents/rapport-2024.pdf": b"%PDF-1.4\n" + b"rapport " * 500,
    "nested/deep/\u00f6resund.txt": "Öresund – bron och bygden\n".encode(),
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` with its SHA-256."""
    return {
        path.relative_to(root).as_posix(): _sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@contextmanager
def _database(name: str):
    """A Django connection to another database of the same vendor and server,
    registered under an alias of its own (the migration recorder looks it up)."""
    alias = "backup_scratch"
    wrapper = type(connections["default"])(
        {**connection.settings_dict, "NAME": name}, alias
    )
    connections[alias] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        del connections[alias]


class Scratch:
    """Empty scratch databases: files for SQLite, databases of their own on PostgreSQL."""

    def __init__(self, base: Path) -> None:
        self.base, self.made = base, []

    def new(self, label: str) -> tuple[str, str]:
        """(NAME, DATABASE_URL) of a new empty database."""
        if connection.vendor == "sqlite":
            path = self.base / f"{label}.sqlite3"
            return str(path), f"sqlite:///{path}"
        name = f"motesplats_backup_{label}_{os.getpid()}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        s = connection.settings_dict
        auth = quote(s["USER"] or "") + (
            f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
        )
        host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        return name, f"postgres://{auth}@{host}/{name}"

    def copy(self, source: str, label: str) -> str:
        if connection.vendor == "sqlite":
            target = self.base / f"{label}.sqlite3"
            with (
                closing(sqlite3.connect(source)) as src,
                closing(sqlite3.connect(target)) as dst,
            ):
                src.backup(dst)
            return str(target)
        name = f"motesplats_backup_{label}_{os.getpid()}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        self.made.append(name)
        return name

    def _admin(self, sql: str) -> None:
        params = {**connection.get_connection_params(), "dbname": "postgres"}
        with connection.Database.connect(**params, autocommit=True) as admin:
            admin.execute(sql)

    def drop_all(self) -> None:
        for name in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def live_db(django_db_setup, django_db_blocker):
    """Database access outside any test's transaction, for the module fixtures."""
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        if not (
            connection.vendor == "sqlite" and connection.is_in_memory_db()
        ) and not (str(name).startswith("test_")):
            pytest.fail(f"not the test database: {name}")
    return django_db_blocker


@pytest.fixture(scope="module")
def scratch(live_db, tmp_path_factory):
    scratch = Scratch(tmp_path_factory.mktemp("scratch"))
    yield scratch
    scratch.drop_all()


@pytest.fixture(scope="module")
def made(live_db, tmp_path_factory):
    """One backup of the demo site plus a few media files."""
    base = tmp_path_factory.mktemp("backup")
    media = base / "media"
    for name, data in MEDIA.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    stdout = io.StringIO()
    before = datetime.now(UTC).replace(microsecond=0)
    with (
        live_db.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        translation.override("en"),
    ):
        call_command("backup", output=base / "out", stdout=stdout)
        live_counts = row_counts(connection)
    after = datetime.now(UTC)
    (archive,) = (base / "out").iterdir()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return SimpleNamespace(
        base=base,
        media=media,
        archive=archive,
        manifest=manifest,
        stdout=stdout.getvalue(),
        window=(before, after),
        live_counts=live_counts,
    )


@pytest.fixture(scope="module")
def restored(made, scratch):
    """The archive restored by `manage.py restore` in a process of its own."""
    name, url = scratch.new("restored")
    media = made.base / "restored-media"
    done = _manage(
        "restore", str(made.archive), "--media-root", str(media), "--yes",
        database_url=url,
    )  # fmt: skip
    return SimpleNamespace(name=name, url=url, media=media, process=done)


def _rewrite(archive: Path, target: Path, change) -> Path:
    """Copy `archive` member by member; `change(name, data)` returns the members
    (name, data) to write in its place."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            for name, data in change(member.name, src.extractfile(member).read()):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                dst.addfile(info, io.BytesIO(data))
    return target


# --- Backup ---------------------------------------------------------------------


def test_backup_writes_one_private_dated_archive_and_a_summary(made):
    assert ARCHIVE_RE.match(made.archive.name)
    stamp = datetime.strptime(made.archive.name[18:34] + "+0000", "%Y%m%dT%H%M%SZ%z")
    assert made.window[0] <= stamp <= made.window[1]
    assert stat.S_IMODE(made.archive.stat().st_mode) == 0o600
    # No temporary archive or work folder is left beside it.
    assert [p.name for p in made.archive.parent.iterdir()] == [made.archive.name]
    assert str(made.archive) in made.stdout
    assert _sha256(made.archive.read_bytes()) in made.stdout
    assert "Verifying the archive" in made.stdout


def test_manifest_describes_the_snapshot_and_every_file(made):
    manifest = made.manifest
    assert manifest["format_version"] == FORMAT_VERSION
    created = datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))
    assert made.window[0] <= created <= made.window[1]
    assert manifest["database"]["vendor"] == connection.vendor
    # Row counts are those of the populated site, table by table.
    assert manifest["row_counts"] == made.live_counts
    assert manifest["row_counts"]["accounts_user"] > 0
    assert manifest["row_counts"]["wagtailcore_page"] > 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        latest = dict(cursor.fetchall())
    assert manifest["migrations"] == latest
    assert manifest["migrations"]["accounts"].startswith("00")
    files = manifest["files"]
    for name, data in MEDIA.items():
        assert files[f"media/{name}"] == {"size": len(data), "sha256": _sha256(data)}
    assert manifest["media"] == {
        "files": len(MEDIA),
        "bytes": sum(len(d) for d in MEDIA.values()),
    }
    database = manifest["database"]["file"]
    assert set(files) == {database, *(f"media/{n}" for n in MEDIA)}
    with tarfile.open(made.archive) as tar:
        data = tar.extractfile(database).read()
        assert sorted(tar.getnames()) == sorted([*files, "manifest.json"])
    assert files[database] == {"size": len(data), "sha256": _sha256(data)}


@pytest.fixture(scope="module")
def rotated(live_db, tmp_path_factory):
    """A backup with --keep 2 into a folder holding three older archives and others."""
    out = tmp_path_factory.mktemp("rotation")
    now = datetime.now(UTC)
    old = [
        out / f"motesplats-backup-{now - timedelta(days=d):%Y%m%dT%H%M%SZ}.tar.gz"
        for d in (3, 2, 1)
    ]
    for path in old:
        path.write_bytes(b"older archive")
    others = [out / "notes.txt", out / ".motesplats-backup-x.tar.gz.partial"]
    for path in others:
        path.write_bytes(b"not an archive")
    stdout = io.StringIO()
    with (
        live_db.unblock(),
        override_settings(MEDIA_ROOT=str(out / "no-media")),
        translation.override("en"),
    ):
        call_command("backup", output=out, keep=2, stdout=stdout)
    return SimpleNamespace(out=out, old=old, others=others, stdout=stdout.getvalue())


def test_keep_deletes_archives_beyond_the_newest(rotated):
    old = rotated.old
    archives = sorted(p for p in rotated.out.iterdir() if ARCHIVE_RE.match(p.name))
    assert len(archives) == 2
    assert archives[0] == old[2]
    assert backup_verify(archives[1])["media"]["files"] == 0
    assert not old[0].exists()
    assert not old[1].exists()
    assert all(p.exists() for p in rotated.others)
    assert f"Removed older archive: {old[0]}" in rotated.stdout


def test_keep_must_be_positive(tmp_path, en):
    with pytest.raises(CommandError, match="--keep must be 1 or more"):
        call_command("backup", output=tmp_path / "out", keep=0)
    assert not (tmp_path / "out").exists()


def test_a_backup_folder_inside_the_media_folder_is_refused(tmp_path, en):
    """The web server hands out the media folder."""
    media = tmp_path / "media"
    media.mkdir()
    with (
        override_settings(MEDIA_ROOT=str(media)),
        pytest.raises(CommandError, match="inside the media folder"),
    ):
        call_command("backup", output=media / "backups")
    assert list(media.iterdir()) == []


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_backup_inside_a_transaction_is_refused_not_hung(tmp_path, en):
    with transaction.atomic(), pytest.raises(BackupError, match="transaction"):
        backup_create(output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- Restore --------------------------------------------------------------------


def test_restore_gives_the_same_rows_media_and_migration_state(made, restored):
    # The process speaks Swedish (LANGUAGE_CODE): its exit code says the row counts
    # matched the manifest; the counts are compared again below.
    assert restored.process.returncode == 0, restored.process.stderr
    check = _manage("migrate", "--check", database_url=restored.url)
    assert check.returncode == 0, check.stdout + check.stderr
    with _database(restored.name) as scratch_db:
        assert row_counts(scratch_db) == made.manifest["row_counts"]
    assert row_counts(connection) == made.live_counts
    assert _tree(restored.media) == _tree(made.media)
    assert _tree(restored.media) == {n: _sha256(d) for n, d in MEDIA.items()}


def test_restore_into_a_database_with_content_is_refused(made, tmp_path, en):
    """The test database holds the demo site."""
    media = tmp_path / "media"
    with pytest.raises(CommandError, match="The target database is not empty") as exc:
        call_command("restore", str(made.archive), media_root=media, yes=True)
    assert "accounts_user" in str(exc.value)
    assert "Nothing was changed" in str(exc.value)
    assert not media.exists()
    assert row_counts(connection) == made.live_counts


def test_restore_over_a_restored_database_changes_nothing(made, restored, scratch, en):
    name = scratch.copy(restored.name, "again")
    with _database(name) as target:
        before = row_counts(target)
        with pytest.raises(BackupError, match="not empty"):
            backup_restore(
                archive=made.archive, media_root=made.base / "m2", database=target
            )
        assert row_counts(target) == before
    assert not (made.base / "m2").exists()


def test_a_migrated_database_without_content_counts_as_empty(made, restored, scratch):
    """Rows that `migrate` writes (content types, permissions, Wagtail's root page …)
    do not block a restore; the restore then brings the whole site back."""
    name = scratch.copy(restored.name, "migrated")
    with _database(name) as target:
        with target.cursor() as cursor:
            existing = set(target.introspection.table_names(cursor))
        content = sorted(
            t
            for t in target.introspection.django_table_names()
            if t in existing and t not in MIGRATION_FILLED_TABLES
        )
        statements = target.ops.sql_flush(no_style(), content, allow_cascade=True)
        with target.constraint_checks_disabled(), target.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        assert database_content_tables(target) == {}
        result = backup_restore(
            archive=made.archive, media_root=made.base / "m3", database=target
        )
        assert result.mismatches == {}
        assert result.unapplied_migrations == 0
        assert result.unknown_migrations == 0  # squashed ones are known
        assert result.media_written == len(MEDIA)
        assert row_counts(target) == made.manifest["row_counts"]


def test_migration_filled_tables_exist():
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    assert existing >= MIGRATION_FILLED_TABLES


TAMPERING = {
    "changed file": (
        lambda n, d: [(n, d + b"!" if n.endswith(".pdf") else d)],
        "failed verification",
    ),
    "missing file": (lambda n, d: [] if n.endswith(".jpg") else [(n, d)], "failed"),
    "unlisted file": (
        lambda n, d: (
            [(n, d), ("media/extra.txt", b"x")] if n.endswith(".pdf") else [(n, d)]
        ),
        "failed verification",
    ),
    "file outside media": (
        lambda n, d: [("../../etc/evil" if n.endswith(".txt") else n, d)],
        "unexpected entry",
    ),
    "no manifest": (
        lambda n, d: [] if n == "manifest.json" else [(n, d)],
        "no manifest.json",
    ),
    "manifest not JSON": (
        lambda n, d: [(n, b"{not json" if n == "manifest.json" else d)],
        "manifest.json is not valid",
    ),
}


@pytest.mark.parametrize("kind", [*TAMPERING, "truncated", "not gzip"])
def test_a_damaged_or_altered_archive_is_refused_before_any_change(
    made, tmp_path, kind, en
):
    bad = tmp_path / made.archive.name
    if kind == "truncated":
        data = made.archive.read_bytes()
        bad.write_bytes(data[: len(data) * 2 // 3])
        expected = "damaged or incomplete"
    elif kind == "not gzip":
        bad.write_bytes(b"this is not an archive at all\n" * 10)
        expected = "damaged or incomplete"
    else:
        change, expected = TAMPERING[kind]
        _rewrite(made.archive, bad, change)
    media = tmp_path / "media"
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(bad), media_root=media, yes=True)
    assert not media.exists()
    assert row_counts(connection) == made.live_counts


def test_an_archive_from_another_database_vendor_is_refused(made, tmp_path, en):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    names = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
    ours, theirs = names[connection.vendor], names[other]

    def change(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"].update(vendor=other, file=theirs)
            manifest["files"][theirs] = manifest["files"].pop(ours)
            return [(name, json.dumps(manifest).encode())]
        return [(theirs if name == ours else name, data)]

    bad = _rewrite(made.archive, tmp_path / made.archive.name, change)
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[other]
    with pytest.raises(CommandError, match=f"made from a {label} database"):
        call_command("restore", str(bad), media_root=tmp_path / "m", yes=True)
    assert not (tmp_path / "m").exists()


def test_restore_without_yes_and_without_a_terminal_changes_nothing(made, tmp_path, en):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(made.archive), media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_restore_refuses_media_that_would_overwrite_other_files(
    made, restored, scratch, tmp_path, en
):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "rapport-2024.pdf").write_bytes(b"another report")
    name, _url = scratch.new("media_conflict")
    with _database(name) as target:
        with pytest.raises(BackupError, match="differ from the archive"):
            backup_restore(archive=made.archive, media_root=media, database=target)
        assert database_content_tables(target) == {}
    assert _tree(media) == {"documents/rapport-2024.pdf": _sha256(b"another report")}


# --- PostgreSQL client tools ------------------------------------------------------


def _fake_tool(directory: Path, tool: str, version: str) -> None:
    path = directory / tool
    path.write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) {version}'\n")
    path.chmod(0o755)


def test_pg_tools_older_than_the_server_or_the_archive_are_named(
    tmp_path, monkeypatch, en
):
    _fake_tool(tmp_path, "pg_dump", "13.4 (Debian 13.4-1)")
    _fake_tool(tmp_path, "pg_restore", "15.2")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError) as exc:
        pg_tool("pg_dump", server_major=15)
    message = str(exc.value)
    assert "pg_dump is version 13, older than the PostgreSQL 15 server" in message
    assert "postgresql-client-15" in message
    assert pg_tool("pg_dump", server_major=13) == (str(tmp_path / "pg_dump"), 13)
    with pytest.raises(BackupError, match="written by pg_dump 16; pg_restore 15"):
        pg_tool("pg_restore", server_major=15, archive_major=16)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        pg_tool("pg_dump", server_major=15)


@pytest.mark.postgres
def test_postgres_dump_uses_the_snapshot_of_its_row_counts(made):
    """pg_dump --snapshot: the dump holds exactly the counted rows."""
    assert made.manifest["database"]["file"] == "database.dump"
    assert made.manifest["database"]["pg_dump_major"] >= 13
    with tarfile.open(made.archive) as tar:
        assert tar.extractfile("database.dump").read(5) == b"PGDMP"
    assert re.fullmatch(r"\d+", made.manifest["database"]["server_version"])


def test_a_declined_confirmation_changes_nothing(made, scratch, tmp_path, en):
    name, _url = scratch.new("declined")
    asked = []

    def decline(manifest):
        asked.append(manifest["created_at"])
        return False

    with _database(name) as target:
        with pytest.raises(BackupError, match="Restore cancelled"):
            backup_restore(
                archive=made.archive,
                media_root=tmp_path / "m",
                database=target,
                confirm=decline,
            )
        if connection.vendor == "sqlite":
            assert not Path(name).exists()
        assert database_content_tables(target) == {}
    assert asked == [made.manifest["created_at"]]
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_command_help_is_readable(command, en):
    from django.core.management import load_command_class  # noqa: PLC0415

    parser = load_command_class("motesplats.core", command).create_parser(
        "manage.py", command
    )
    text = parser.format_help()
    assert ("--keep N" if command == "backup" else "--media-root DIR") in text
    assert "archive" in text
