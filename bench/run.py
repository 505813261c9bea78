"""`make bench`: throughput and latency of Mötesplats, as ratios against baselines.

Why it is built this way:

* Machines running this are shared and noisy, so absolute req/s mean little. Every
  figure is also given as a ratio to two baselines measured in the same run with the
  same generator, concurrency and duration: B0 (a static file served by whitenoise)
  and B1 (a bare view through the full middleware stack). See docs in bench/README.md
  and the targets in the quality research (P1/P2).
* It benchmarks what we deploy: production settings, gunicorn, manifest static files,
  on a fresh throw-away SQLite database with the demo content. Nothing outside a
  temporary directory is touched, and gunicorn is always stopped.
* stdout carries only JSON lines (one per figure) so that the output can be piped
  into a file or `jq`; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

if __package__:
    from .api import API_FIGURES, BENCH_RATE_LIMIT
    from .feeds import FEED_FIGURES
    from .loadgen import run_load
else:  # Run as a script (`python bench/run.py`): bench/ is on sys.path.
    from api import API_FIGURES, BENCH_RATE_LIMIT
    from feeds import FEED_FIGURES
    from loadgen import run_load

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HEALTH_PATH = "/healthz"
STATIC_CSS = "css/site.css"
HOME_PATH = "/sv/"
# Home page weight budget: HTML + CSS + JS, gzip-compressed (quality research P6).
WEIGHT_BUDGET_BYTES = 100 * 1024
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0

BASELINE_STATIC = "b0_static"
BASELINE_VIEW = "b1_bare_view"
WEIGHT_FIGURE = "home_page_weight"


@dataclass(frozen=True)
class Figure:
    """One measured URL. `path` None means "the hashed static CSS", resolved later."""

    name: str
    path: str | None


FIGURES: tuple[Figure, ...] = (
    # Baselines first: every later figure is divided by them.
    Figure(BASELINE_STATIC, None),
    Figure(BASELINE_VIEW, HEALTH_PATH),
    Figure("home_page", HOME_PATH),
    Figure("theme_page", "/sv/teman/jamlik-halsa/"),
    Figure("glossary_page", "/sv/ordlista/"),
    Figure("glossary_search", "/sv/ordlista/?q=innovation"),
    Figure("knowledge_listing", "/sv/kunskapsbanken/"),
    Figure(
        "knowledge_filtered", "/sv/kunskapsbanken/?area=landsbygd&theme=jamlik-halsa"
    ),
    Figure("innovation_page", "/sv/noder/malmo/yalla-trappan/"),
    *(Figure(name, path) for name, path in FEED_FIGURES),
    *(Figure(name, path) for name, path in API_FIGURES),
)
ALL_NAMES = [f.name for f in FIGURES] + [WEIGHT_FIGURE]


def log(message: str) -> None:
    """Progress goes to stderr so that stdout stays pure JSON lines."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def emit(record: dict[str, Any]) -> None:
    """Write one figure as a JSON line on stdout."""
    print(json.dumps(record, ensure_ascii=False), flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--only",
        action="append",
        choices=ALL_NAMES,
        metavar="NAME",
        help=(
            "measure only this figure (repeatable). The baselines b0/b1 are "
            f"always measured because ratios need them. Names: {', '.join(ALL_NAMES)}"
        ),
    )
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error("--concurrency >= 1, --duration > 0 and --warmup >= 0")
    return args


def random_secret_key(length: int = 50) -> str:
    """A throw-away SECRET_KEY: the database and the key die with the temp dir."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def bench_env(tmp: Path) -> dict[str, str]:
    """Production settings pointed at the temporary directory only."""
    env = dict(os.environ)
    # A mounted secret file would win over DJANGO_SECRET_KEY (config.env.secret).
    env.pop("DJANGO_SECRET_KEY_FILE", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "DJANGO_SECRET_KEY": random_secret_key(),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            # Plain HTTP on loopback; HSTS stays as deployed (a header costs nothing).
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            # Keep uploads/renditions from the demo load out of the working tree.
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
            # One generator address would hit the API's per-IP limit (bench/api.py).
            "API_RATE_LIMIT_PER_MINUTE": BENCH_RATE_LIMIT,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def venv_tool(name: str) -> str:
    """A console script from the interpreter's own virtualenv, else from PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found next to {sys.executable} or on PATH")
    return found


def manage(env: dict[str, str], *args: str) -> None:
    """Run a management command; its output (demo passwords!) never reaches stdout."""
    log(f"manage.py {' '.join(args)}")
    proc = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout)
        raise SystemExit(f"manage.py {args[0]} failed with exit code {proc.returncode}")


def free_port() -> int:
    """Ask the kernel for an unused port (tiny race before gunicorn binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def http_get(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 10.0
) -> tuple[int, dict[str, str], bytes]:
    """One GET on a fresh connection: status, lower-cased headers, raw body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            body,
        )
    finally:
        conn.close()


def tail(path: Path, lines: int = 40) -> str:
    """The end of the gunicorn log, for diagnosing a failed start."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log_path: Path) -> Iterator[int]:
    """Run gunicorn for the duration of the block and yield its port.

    gunicorn gets its own session so that, if it ignores SIGTERM, the whole group it
    started (master and workers, nothing else) can be killed by its process-group id.
    """
    port = free_port()
    cmd = [
        venv_tool("gunicorn"),
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
    ]
    log(f"starting gunicorn with {workers} workers on {HOST}:{port}")
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            cmd,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_healthy(proc, port, log_path)
        yield port
    finally:
        stop(proc)


def wait_healthy(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    """Poll /healthz until it answers 200; fail with gunicorn's log otherwise."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.stderr.write(tail(log_path) + "\n")
            raise SystemExit(f"gunicorn exited with code {proc.returncode}")
        try:
            status, _headers, _body = http_get(port, HEALTH_PATH, timeout=2.0)
        except OSError:
            status = 0
        if status == 200:
            log("gunicorn is up")
            return
        time.sleep(0.2)
    sys.stderr.write(tail(log_path) + "\n")
    raise SystemExit(f"{HEALTH_PATH} did not answer 200 within {STARTUP_TIMEOUT_S} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the master, which stops its workers before exiting; SIGKILL its
    process group only if it is still alive after the grace period.

    The group is killed only while the master is unreaped, so its id cannot have
    been reused by anything we did not start.
    """
    if proc.poll() is not None:
        return
    log("stopping gunicorn")
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        log("gunicorn did not stop in time; killing its process group")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def hashed_static_path(static_root: Path, name: str) -> str:
    """Map a static name to its hashed URL via the manifest collectstatic wrote.

    With ManifestStaticFilesStorage only the hashed name is served with far-future
    caching, which is what real pages reference, so that is what B0 measures.
    """
    manifest = json.loads((static_root / "staticfiles.json").read_text("utf-8"))
    return "/static/" + manifest["paths"][name]


def measure(
    name: str, port: int, path: str, args: argparse.Namespace
) -> dict[str, Any]:
    """Load one URL with the shared settings and shape the result as a JSON record."""
    try:
        status, _headers, _body = http_get(port, path)
    except OSError as exc:
        raise SystemExit(
            f"{name}: server unreachable ({exc}); did gunicorn die?"
        ) from exc
    if not 200 <= status < 300:
        log(f"warning: {name} {path} answered HTTP {status} before the run")
    log(f"measuring {name}: GET {path} ({args.concurrency} threads, {args.duration} s)")
    result = run_load(
        HOST,
        port,
        path,
        concurrency=args.concurrency,
        duration=args.duration,
        warmup=args.warmup,
    )
    if result["errors"]:
        log(f"{name}: {result['errors']} errors: {result['error_kinds']}")
    return {
        "name": name,
        "requests": result["requests"],
        "errors": result["errors"],
        "rps": round(result["rps"], 1),
        "p50_ms": round(result["p50_ms"], 2),
        "p95_ms": round(result["p95_ms"], 2),
        "p99_ms": round(result["p99_ms"], 2),
        "bytes": result["bytes"],
        "concurrency": result["concurrency"],
        "duration_s": float(result["duration_s"]),
        "workers": args.workers,
    }


class AssetLinks(HTMLParser):
    """Collect stylesheet and script URLs; fonts and images are out of the budget."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "link" and "stylesheet" in attr.get("rel", "").lower().split():
            if attr.get("href"):
                self.stylesheets.append(attr["href"])
        elif tag == "script" and attr.get("src"):
            self.scripts.append(attr["src"])


def gzip_size(port: int, url: str, base: str) -> int:
    """Bytes on the wire for `url` with gzip accepted.

    Uses the server's own gzip when it sends one (whitenoise serves pre-compressed
    static files), otherwise compresses at level 6, a typical front-proxy setting.
    """
    absolute = urljoin(f"http://{HOST}:{port}{base}", url)
    parts = urlsplit(absolute)
    if parts.hostname not in {HOST, "localhost"} or (parts.port or 80) != port:
        log(f"warning: not counting external asset {url}")
        return 0
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    status, headers, body = http_get(port, path, {"Accept-Encoding": "gzip"})
    if status != 200:
        raise SystemExit(f"{path} answered HTTP {status} while weighing {base}")
    if headers.get("content-encoding", "").lower() == "gzip":
        return len(body)
    return len(gzip.compress(body, compresslevel=6))


def page_weight(port: int, path: str) -> dict[str, Any]:
    """Gzipped HTML + linked CSS + JS of one page, against the 100 KB budget."""
    status, headers, body = http_get(port, path, {"Accept-Encoding": "gzip"})
    if status != 200:
        raise SystemExit(f"{path} answered HTTP {status} while weighing it")
    gzipped = headers.get("content-encoding", "").lower() == "gzip"
    html = gzip.decompress(body) if gzipped else body
    html_bytes = len(body) if gzipped else len(gzip.compress(body, compresslevel=6))
    links = AssetLinks()
    links.feed(html.decode(errors="replace"))
    css_bytes = sum(
        gzip_size(port, url, path) for url in dict.fromkeys(links.stylesheets)
    )
    js_bytes = sum(gzip_size(port, url, path) for url in dict.fromkeys(links.scripts))
    total = html_bytes + css_bytes + js_bytes
    return {
        "name": WEIGHT_FIGURE,
        "html_bytes_gzip": html_bytes,
        "css_bytes_gzip": css_bytes,
        "js_bytes_gzip": js_bytes,
        "total_bytes_gzip": total,
        "budget_bytes": WEIGHT_BUDGET_BYTES,
        "within_budget": total <= WEIGHT_BUDGET_BYTES,
    }


def ratio(value: float, baseline: float) -> float:
    """rps relative to a baseline; 0.0 when the baseline produced nothing."""
    return round(value / baseline, 3) if baseline else 0.0


def run_figures(port: int, static_root: Path, args: argparse.Namespace) -> bool:
    """Measure and print every selected figure. Returns True if all were clean."""
    wanted = set(args.only or ALL_NAMES) | {BASELINE_STATIC, BASELINE_VIEW}
    clean = True
    baselines: dict[str, float] = {}
    for figure in FIGURES:
        if figure.name not in wanted:
            continue
        path = figure.path or hashed_static_path(static_root, STATIC_CSS)
        record = measure(figure.name, port, path, args)
        rps = float(record["rps"])
        ratios: dict[str, float] = {}
        if figure.name == BASELINE_STATIC:
            baselines[BASELINE_STATIC] = rps
        else:
            ratios["ratio_to_b0"] = ratio(rps, baselines[BASELINE_STATIC])
            if figure.name == BASELINE_VIEW:
                baselines[BASELINE_VIEW] = rps
            else:
                ratios["ratio_to_b1"] = ratio(rps, baselines[BASELINE_VIEW])
        clean = clean and record["errors"] == 0
        # Ratios sit right after the absolute figures, before the run settings.
        settings_keys = ("concurrency", "duration_s", "workers")
        settings = {key: record.pop(key) for key in settings_keys}
        emit(record | ratios | settings)
    if WEIGHT_FIGURE in wanted:
        weight = page_weight(port, HOME_PATH)
        emit(weight)
        if not weight["within_budget"]:
            log(f"home page weighs {weight['total_bytes_gzip']} B gzipped: over budget")
    return clean


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Prepare a throw-away site, serve it with gunicorn, measure, clean up."""
    args = parse_args(argv)
    # Turn SIGTERM into SystemExit so that the `finally` blocks stop gunicorn and
    # remove the temporary directory when the bench itself is terminated.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with tempfile.TemporaryDirectory(prefix="motesplats-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput")
        with gunicorn(env, args.workers, tmp / "gunicorn.log") as port:
            clean = run_figures(port, tmp / "static", args)
    if not clean:
        log("some figures had errors; their numbers are not trustworthy")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
