"""`make bench`: a sell-out rush over HTTP against gunicorn and PostgreSQL.

3,000 registration attempts from 200 concurrent clients for an event with 600 places
and no waiting list, through the real registration form (CSRF, validation, the booking
service and its lock). Afterwards the database is asked how many places were confirmed.

Prints one JSON line:
  {"name": "registration_rush", "capacity": 600, "attempts": …, "confirmed": …,
   "oversold": …, "errors_5xx": …, "seats_per_s": …, "p95_ms": …, ...}
`seats_per_s` is confirmed places divided by the time from the first request until
the last confirmation; `p95_ms` is over all attempts (confirmed and refused). Targets
(reported, not asserted): confirmed = capacity, oversold = 0, errors_5xx = 0,
seats_per_s ≥ 20, p95 ≤ 1,000 ms.

Everything runs in a temporary directory and a throw-away database; gunicorn is
always stopped and the database dropped.
"""

from __future__ import annotations

import argparse
import http.client
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from loadgen import percentile
from pgdb import throwaway_database
from run import HOST, _exit_on_signal, bench_env, emit, gunicorn, log, manage

BASE_DIR = Path(__file__).resolve().parent.parent
TARGETS = {"seats_per_s": 20.0, "p95_ms": 1000.0}

# Creates the event in the bench database: 600 places, no waiting list, open now.
SETUP = """
from datetime import timedelta
from django.utils import timezone
from motesplats.core.demo import publish
from motesplats.events.models import EventPage, TicketType
from motesplats.nodes.models import NodePage

parent = NodePage.objects.get(node__slug="malmo", locale__language_code="sv")
start = (timezone.now() + timedelta(days=60)).replace(minute=0, second=0, microsecond=0)
page = EventPage(
    title="Rusning till toppmötet", slug="rusning-{tag}", kind="summit",
    summary="Ett toppmöte med 600 platser.", starts_at=start,
    ends_at=start + timedelta(days=1, hours=8), venue_name="Slagthuset", city="Malmö",
    capacity={capacity}, waiting_list=False,
)
parent.add_child(instance=page)
publish(page)
TicketType.objects.create(event=page, name_sv="Fri entré", capacity={capacity})
from django.urls import reverse
from django.utils import translation
with translation.override("sv"):
    print("EVENT", page.pk, reverse("events:register", args=[page.pk]))
"""

COUNT = """
from motesplats.events.models import Registration
rows = Registration.objects.filter(event_id={event_id}, status="confirmed")
print("CONFIRMED", rows.count(), rows.values("seat").distinct().count())
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--capacity", type=int, default=600)
    parser.add_argument("--attempts", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    return parser.parse_args(argv)


def shell(env: dict[str, str], code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit("manage.py shell failed")
    return proc.stdout


class FormFields(HTMLParser):
    """The fields of the registration form with their default values."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a and name not in self.fields:
                    self.fields[name] = a.get("value", "on")
                elif kind == "radio" and name not in self.fields:
                    self.fields[name] = a.get("value", "")
            elif kind not in ("submit", "button"):
                self.fields.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and self._select not in self.fields:
            if a.get("value"):
                self.fields[self._select] = a["value"]
        elif tag == "textarea" and name:
            self.fields.setdefault(name, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


class Client:
    """One simulated person: fetches the form once, then posts attempts."""

    def __init__(self, port: int, path: str) -> None:
        self.port = port
        self.path = path
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookie = ""
        self.fields: dict[str, str] = {}

    def request(self, method: str, body: str | None = None) -> tuple[int, str]:
        # As behind the TLS-terminating proxy of a deployment (docs/deploy.md).
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}:{self.port}{self.path}"
        for attempt in range(2):
            try:
                self.conn.request(method, self.path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if (
                header.lower() == "set-cookie"
                and "csrftoken=" in value.split(";", 1)[0]
            ):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def prepare(self) -> None:
        status, html = self.request("GET")
        if status != 200:
            raise SystemExit(f"registration form answered {status}")
        parser = FormFields()
        parser.feed(html)
        self.fields = parser.fields

    def attempt(self, n: int) -> tuple[int, float]:
        data = dict(self.fields)
        name, email = f"Deltagare {n}", f"deltagare{n}@example.org"
        for key in list(data):
            if key == "name" or key.endswith("-name"):
                data[key] = name
            elif key == "email" or key.endswith("-email"):
                data[key] = email
            elif key.endswith("submission_key"):
                data[key] = str(uuid.uuid4())
        started = time.perf_counter()
        status, _text = self.request("POST", urlencode(data))
        return status, (time.perf_counter() - started) * 1000


def rush(port: int, path: str, args: argparse.Namespace) -> dict[str, Any]:
    next_attempt = iter(range(args.attempts))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    confirmations: list[float] = []
    barrier = threading.Barrier(args.concurrency + 1)
    errors: list[str] = []

    def worker() -> None:
        client = Client(port, path)
        try:
            client.prepare()
        except BaseException as exc:  # noqa: BLE001 -- reported below
            errors.append(repr(exc))
        barrier.wait()
        while True:
            with lock:
                n = next(next_attempt, None)
            if n is None or not client.fields:
                return
            try:
                status, ms = client.attempt(n)
            except (http.client.HTTPException, OSError) as exc:
                # A failed connection is not a server answer: counted apart, with
                # no latency, rather than as a 5xx of 0 ms.
                with lock:
                    errors.append(repr(exc))
                continue
            with lock:
                latencies.append(ms)
                statuses[status] = statuses.get(status, 0) + 1
                if status in (302, 303):
                    confirmations.append(time.perf_counter())

    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    selling = (max(confirmations) - started) if confirmations else elapsed
    if errors:
        log(f"{len(errors)} client errors, e.g. {errors[0]}")
    return {
        "attempts": len(latencies) + len(errors),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors_5xx": sum(v for k, v in statuses.items() if k >= 500),
        "client_errors": len(errors),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "duration_s": round(elapsed, 2),
        "selling_s": round(selling, 2),
        "accepted": len(confirmations),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with (
        throwaway_database("motesplats_rush") as database_url,
        tempfile.TemporaryDirectory(prefix="motesplats-rush-") as tmp,
    ):
        if database_url is None:
            return 0
        env = bench_env(Path(tmp))
        env["DATABASE_URL"] = database_url
        env["DATABASE_CONN_MAX_AGE"] = "60"
        # Mail is not what is measured; no SMTP server runs here.
        env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo", "--if-empty")
        out = shell(env, SETUP.format(capacity=args.capacity, tag=uuid.uuid4().hex[:8]))
        found = re.search(r"EVENT (\d+) (\S+)", out)
        event_id, path = int(found.group(1)), found.group(2)
        env["GUNICORN_CMD_ARGS"] = f"--threads {args.threads} --backlog 2048"
        with gunicorn(env, args.workers, Path(tmp) / "gunicorn.log") as port:
            log(f"rush: {args.attempts} attempts, {args.concurrency} clients")
            figures = rush(port, path, args)
        confirmed, seats = map(
            int,
            re.search(
                r"CONFIRMED (\d+) (\d+)", shell(env, COUNT.format(event_id=event_id))
            ).groups(),
        )
    record = {
        "name": "registration_rush",
        "backend": "postgres",
        "capacity": args.capacity,
        "attempts": figures["attempts"],
        "confirmed": confirmed,
        "oversold": max(0, confirmed - args.capacity),
        "distinct_seats": seats,
        "errors_5xx": figures["errors_5xx"],
        "client_errors": figures["client_errors"],
        "seats_per_s": round(confirmed / figures["selling_s"], 1)
        if figures["selling_s"]
        else 0.0,
        "p50_ms": figures["p50_ms"],
        "p95_ms": figures["p95_ms"],
        "duration_s": figures["duration_s"],
        "statuses": figures["statuses"],
        "concurrency": args.concurrency,
        "gunicorn": f"{args.workers} workers × {args.threads} threads",
        "targets": {
            "confirmed": args.capacity,
            "oversold": 0,
            "errors_5xx": 0,
            "client_errors": 0,
            **TARGETS,
        },
    }
    emit(record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
