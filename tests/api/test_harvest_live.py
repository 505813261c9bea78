"""Two real instances on loopback harvest from each other, incrementally, both ways.

Instance A is this test process, served by Django's live-server thread on the test
database (pytest-django's `live_server` fixture would make the test transactional,
and the flush afterwards would take the session's demo site away from the other
tests; the thread shares the in-memory SQLite connection instead, as `live_server`
itself does). Instance B is a separate `manage.py runserver` process with its own
SQLite file: a copy of A's migrated database taken before the test changes anything,
so it has the same schema and shared vocabulary. Each side gets a node of its own
with content; each harvests the other's node over HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.db import connection, connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

import pytest

from motesplats.api.harvest import source_harvest
from motesplats.api.models import HarvestedItem, PeerSource
from motesplats.nodes.models import Node
from tests.api import harvest_live_peer as steps

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def instance_a(db):
    """This test process's site over HTTP (sharing the test's database connection)."""
    shared = {
        c.alias: c
        for c in connections.all()
        if c.vendor == "sqlite" and c.is_in_memory_db()
    }
    if not shared:
        pytest.skip("the in-process server needs the in-memory SQLite test database")
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


class InstanceB:
    def __init__(self, workdir: Path) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{workdir / 'b.sqlite3'}",
            "PYTHONPATH": str(ROOT),
        }
        self.database = workdir / "b.sqlite3"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.skip("instance B's server process exited at start")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/nodes", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        pytest.skip(f"instance B's server did not answer within {START_TIMEOUT} s")

    def run(self, *steps: tuple[str, dict]) -> list:
        """Run content steps in B's own process and database; their results."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.api.harvest_live_peer", json.dumps(steps)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def b_database(django_db_setup, django_db_blocker):
    """A copy of A's migrated database, taken outside any test's transaction (SQLite's
    backup cannot read a database its own connection is writing to)."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            pytest.skip("instance B is copied from the in-memory SQLite test database")
        workdir = Path(tempfile.mkdtemp(prefix="motesplats-peer-"))
        connection.ensure_connection()
        target = sqlite3.connect(workdir / "b.sqlite3")
        connection.connection.backup(target)
        target.close()
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def instance_b(b_database, db):
    """A second site in its own process and database."""
    peer = InstanceB(b_database)
    peer.start()
    yield peer
    peer.stop()


def test_two_instances_harvest_each_other_incrementally(instance_a, instance_b):
    b = instance_b
    # B publishes two articles in a node of its own.
    b.run(
        ("make_node", {"slug": "kiruna", "name": "Kiruna"}),
        (
            "make_article",
            {"node": "kiruna", "title": "Fjällräddning och grannsamverkan"},
        ),
        ("make_article", {"node": "kiruna", "title": "Bussar som bibliotek"}),
    )

    # A harvests B's node into its own node Malmö.
    source = PeerSource.objects.create(
        name="Mötesplats B",
        kind="motesplats_api",
        base_url=b.url,
        remote_node="kiruna",
        node=Node.objects.get(slug="malmo"),
    )
    first = source_harvest(source=source)
    assert first.error == ""
    assert (first.created, first.updated) == (2, 0)
    titles = {
        r.page.title: r.page.live for r in HarvestedItem.objects.filter(source=source)
    }
    assert titles == {
        "Fjällräddning och grannsamverkan": True,
        "Bussar som bibliotek": True,
    }
    assert all(r.page.specific.node.slug == "malmo" for r in source.items.all())
    assert {r.remote_node for r in source.items.all()} == {"Kiruna"}

    # Idempotent: nothing changed at B, nothing is written at A.
    again = source_harvest(source=source, full=False)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)

    # B changes one article and withdraws the other.
    b.run(
        (
            "retitle",
            {
                "title": "Bussar som bibliotek",
                "new_title": "Bussar som bibliotek – nu i hela länet",
            },
        ),
        ("unpublish", {"title": "Fjällräddning och grannsamverkan"}),
    )
    incremental = source_harvest(source=source, full=False)
    assert incremental.error == ""
    assert (incremental.created, incremental.updated) == (0, 1)
    assert incremental.fetched == 1  # only what changed since the last run
    full = source_harvest(source=source, full=True)
    assert full.deleted == 1
    titles = {
        r.page.title: r.page.live for r in HarvestedItem.objects.filter(source=source)
    }
    assert titles == {
        "Fjällräddning och grannsamverkan": False,
        "Bussar som bibliotek – nu i hela länet": True,
    }

    # The other direction: A publishes in a node of its own, B harvests it.
    steps.make_node(slug="gotland", name="Gotland")
    steps.make_article(node="gotland", title="Öns matnätverk")
    from_a = {
        "base_url": instance_a,
        "remote_node": "gotland",
        "into": "kiruna",
        "name": "A",
    }
    (pulled,) = b.run(("harvest", from_a))
    assert pulled["error"] == ""
    assert pulled["created"] == 1
    steps.retitle(title="Öns matnätverk", new_title="Öns matnätverk växer")
    steps.make_article(node="gotland", title="Färja för fler")
    pulled, titles_at_b = b.run(("harvest", from_a), ("harvested", {"name": "A"}))
    assert pulled["error"] == ""
    assert (pulled["created"], pulled["updated"]) == (1, 1)
    assert titles_at_b == {"Öns matnätverk växer": True, "Färja för fler": True}
