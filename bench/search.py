"""`make bench`: server-side search latency over 100,000 generated Swedish documents.

How it works:

* The corpus comes from `swedish_corpus.py` (deterministic for a seed): titles,
  summaries and bodies about social innovation with Zipf-distributed words.
* Each backend runs in its own child process, so that the Django settings (the
  database) can differ: SQLite in a fresh file in a temporary directory, PostgreSQL
  in a throw-away database `motesplats_bench_<random>` created through the admin
  connection and dropped afterwards, even on error or SIGTERM. If PostgreSQL cannot
  be reached, that backend is skipped with a note on stderr.
* The child migrates, writes every document with `bulk_write` in one transaction,
  runs ANALYZE, then times `search(q, language="sv", limit=10)` (facets included, as
  the search page does) for one-word and two-word queries drawn from the generated
  vocabulary across frequency bands.
* stdout carries only JSON lines; progress goes to stderr. Targets are reported, not
  asserted: p95 ≤ 50 ms on PostgreSQL and ≤ 100 ms on SQLite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from pgdb import throwaway_database

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
BACKENDS = ("sqlite", "postgres")
TARGET_P95_MS = {"postgres": 50.0, "sqlite": 100.0}
WARMUP_QUERIES = 20
# Document-frequency bands, as shares of all documents.
COMMON_SHARE = 0.05
RARE_SHARE = 0.002
# Parts of compounds people type on their own ("arbetslöshet" finds
# "ungdomsarbetslösheten").
COMPOUND_PARTS = (
    "arbetslöshet",
    "omsorg",
    "fattigdom",
    "tjänst",
    "familjer",
    "hälsa",
    "samverkan",
    "mötesplats",
    "stöd",
    "ensamhet",
    "trygghet",
    "verksamhet",
    "utveckling",
    "praktik",
    "lots",
)
FOLD = str.maketrans("åäöÅÄÖé", "aaoAAOe")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument(
        "--queries", type=int, default=100, help="per word count (one, two words)"
    )
    parser.add_argument(
        "--backend",
        action="append",
        choices=BACKENDS,
        help="repeatable; default: both",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--diagnose",
        type=int,
        default=0,
        metavar="N",
        help="print the SQL timings and plan of the N slowest queries to stderr",
    )
    # Internal: run one backend in this process (the parent sets the environment).
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.documents < 10 or args.queries < 1:
        parser.error("--documents >= 10 and --queries >= 1")
    return args


# --- parent: one child process per backend ---------------------------------------


def child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SECRET_KEY_FILE", None)
    env.update(
        {
            # The function is measured, not the HTTP stack: test settings are enough.
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DJANGO_READ_DOT_ENV_FILE": "false",
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_child(backend: str, database_url: str, args: argparse.Namespace) -> int:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        backend,
        "--documents",
        str(args.documents),
        "--queries",
        str(args.queries),
        "--seed",
        str(args.seed),
        "--diagnose",
        str(args.diagnose),
    ]
    proc = subprocess.Popen(command, cwd=BASE_DIR, env=child_env(database_url))
    try:
        return proc.wait()
    finally:
        if proc.poll() is None:
            log(f"stopping the {backend} child")
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_sqlite(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="motesplats-search-bench-") as tmp:
        return run_child("sqlite", f"sqlite:///{Path(tmp) / 'search.sqlite3'}", args)


def run_postgres(args: argparse.Namespace) -> int:
    import psycopg  # noqa: PLC0415 -- only needed for this backend

    try:
        with throwaway_database() as database_url:
            if database_url is None:
                return 0
            return run_child("postgres", database_url, args)
    except psycopg.Error as exc:
        log(f"PostgreSQL error ({str(exc).strip()})")
        return 1


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if args.child:
        return child_main(args)
    status = 0
    for backend in dict.fromkeys(args.backend or BACKENDS):
        runner = run_sqlite if backend == "sqlite" else run_postgres
        code = runner(args)
        if code:
            log(f"{backend} run failed with exit code {code}")
            status = 1
    return status


# --- child: index and measure one backend ------------------------------------------


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile (a latency one query actually had)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def document_frequencies(documents: list[dict]) -> Counter:
    """In how many documents each searchable word (3+ letters) occurs."""
    from motesplats.core.search.text import is_stopword, words  # noqa: PLC0415

    counts: Counter = Counter()
    for doc in documents:
        text = f"{doc['title']} {doc['summary']} {doc['body']}"
        counts.update(w for w in set(words(text)) if len(w) >= 3 and w.isalpha())
    return Counter({w: c for w, c in counts.items() if not is_stopword("sv", w)})


def choose_queries(
    documents: list[dict], frequencies: Counter, count: int, seed: int
) -> dict[int, list[tuple[str, str]]]:
    """`count` one-word and `count` two-word queries, each with its band."""
    rng = random.Random(seed)
    total = len(documents)
    by_frequency = sorted(frequencies, key=lambda w: (-frequencies[w], w))
    common = [w for w in by_frequency if frequencies[w] >= COMMON_SHARE * total]
    rare = [w for w in by_frequency if frequencies[w] < RARE_SHARE * total]
    medium = [w for w in by_frequency if w not in set(common) | set(rare)]
    bands = {"common": common, "medium": medium, "rare": rare or medium}
    folded = [w for w in common + medium if w != w.translate(FOLD)]
    parts = [w for w in COMPOUND_PARTS if w in frequencies] or medium

    def word(band: str) -> str:
        if band == "folded":
            return rng.choice(folded or medium).translate(FOLD)
        if band == "part":
            return rng.choice(parts)
        return rng.choice(bands[band])

    one_word_mix = ["common"] * 6 + ["medium"] * 6 + ["rare"] * 5 + ["folded", "part"]
    one = [(b, word(b)) for b in (one_word_mix * count)[:count]]
    rng.shuffle(one)
    pair_mix = [
        ("title", ""),
        ("title", ""),
        ("title", ""),
        ("common", "common"),
        ("common", "medium"),
        ("medium", "medium"),
        ("medium", "rare"),
        ("common", "rare"),
        ("folded", "medium"),
        ("part", "common"),
    ]
    two = []
    for first, second in (pair_mix * count)[:count]:
        if first == "title":
            # Two words from a real title, as people type what they half remember.
            for _ in range(20):
                title = rng.choice(documents)["title"]
                candidates = [w for w in title.lower().split() if w in frequencies]
                if len(candidates) >= 2:
                    a, b = sorted(rng.sample(range(len(candidates)), 2))
                    two.append(("title", f"{candidates[a]} {candidates[b]}"))
                    break
            continue
        a, b = word(first), word(second)
        while b == a:
            b = word(second)
        two.append((f"{first}+{second}", f"{a} {b}"))
    rng.shuffle(two)
    return {1: one, 2: two}


def analyze(vendor: str) -> float:
    from django.db import connection  # noqa: PLC0415

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # Outside a transaction: Django is in autocommit mode here.
            cursor.execute("VACUUM ANALYZE core_searchentry")
            cursor.execute("VACUUM ANALYZE core_searchentry_match")
            cursor.execute("VACUUM ANALYZE core_searchterm")
        else:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def diagnose(vendor: str, query: str) -> None:
    """Every SQL statement of one search with its time; the plan of the slowest."""
    from django.db import connection  # noqa: PLC0415

    from motesplats.core.search import search  # noqa: PLC0415

    statements: list[tuple[float, str, Any]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql, params))

    started = time.perf_counter()
    with connection.execute_wrapper(record):
        result = search(query, language="sv", limit=10)
    elapsed = (time.perf_counter() - started) * 1000
    sql_ms = sum(s[0] for s in statements) * 1000
    log(
        f"diagnose {query!r}: {elapsed:.1f} ms, {len(statements)} statements "
        f"({sql_ms:.1f} ms in the database), total={result.total}"
    )
    for seconds, sql, _params in sorted(statements, reverse=True)[:5]:
        log(f"  {seconds * 1000:7.1f} ms  {' '.join(sql.split())[:160]}")
    seconds, sql, params = max(statements)
    explain = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        for row in cursor.fetchall():
            log("    " + " | ".join(str(c) for c in row))


def child_main(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(BASE_DIR))
    sys.path.insert(0, str(BENCH_DIR))
    import django  # noqa: PLC0415

    django.setup()
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415

    from wagtail.models import Page  # noqa: PLC0415

    from swedish_corpus import generate  # noqa: PLC0415

    from motesplats.core.search import SearchDocument, search  # noqa: PLC0415
    from motesplats.core.search.index import bulk_write  # noqa: PLC0415

    backend = args.child
    vendor = connection.vendor
    log(f"{backend}: migrate")
    call_command("migrate", verbosity=0, interactive=False)

    started = time.perf_counter()
    documents = list(generate(args.documents, args.seed))
    log(
        f"{backend}: generated {len(documents)} documents "
        f"in {time.perf_counter() - started:.1f} s"
    )
    content_type = ContentType.objects.get_for_model(Page).pk
    rows = (
        (content_type, number, SearchDocument(**doc))
        for number, doc in enumerate(documents, start=1)
    )

    logged = {0}

    def progress(done: int) -> None:
        if done % 20_000 == 0 and done not in logged:
            logged.add(done)
            log(f"{backend}: indexed {done}")

    started = time.perf_counter()
    with transaction.atomic():
        written = bulk_write(rows, progress=progress)
    index_seconds = time.perf_counter() - started
    analyze_seconds = analyze(vendor)
    log(f"{backend}: indexed {written} in {index_seconds:.1f} s")
    emit(
        {
            "name": "search_100k_index",
            "backend": backend,
            "documents": written,
            "seconds": round(index_seconds, 1),
            "analyze_seconds": round(analyze_seconds, 1),
        }
    )

    frequencies = document_frequencies(documents)
    queries = choose_queries(documents, frequencies, args.queries, args.seed)
    warmup = choose_queries(documents, frequencies, WARMUP_QUERIES // 2, args.seed + 1)
    del documents
    for _band, query in warmup[1] + warmup[2]:
        search(query, language="sv", limit=10)

    # One-word and two-word queries interleaved, so drift hits both alike.
    order = [(1, *q) for q in queries[1]] + [(2, *q) for q in queries[2]]
    random.Random(args.seed + 2).shuffle(order)
    timings: dict[int, list[float]] = {1: [], 2: []}
    details: list[tuple[float, str, str, int]] = []
    for words, band, query in order:
        started = time.perf_counter()
        result = search(query, language="sv", limit=10)
        elapsed = (time.perf_counter() - started) * 1000
        timings[words].append(elapsed)
        details.append((elapsed, band, query, result.total))

    target = TARGET_P95_MS[backend]
    for words, values in ((1, timings[1]), (2, timings[2]), ("1-2", None)):
        values = sorted(values if values is not None else timings[1] + timings[2])
        p95 = round(percentile(values, 95), 1)
        emit(
            {
                "name": "search_100k",
                "backend": backend,
                "documents": written,
                "queries": len(values),
                "words": words,
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": p95,
                "max_ms": round(values[-1], 1),
                "target_p95_ms": target,
                "within_target": p95 <= target,
            }
        )
    by_band: dict[str, list[float]] = {}
    for elapsed, band, _query, _total in details:
        by_band.setdefault(band, []).append(elapsed)
    for band, values in sorted(by_band.items()):
        values.sort()
        log(
            f"{backend}: {band:<14} n={len(values):3} "
            f"p50={percentile(values, 50):6.1f} ms  p95={percentile(values, 95):6.1f} ms"
        )
    details.sort(reverse=True)
    for elapsed, band, query, total in details[:5]:
        log(f"{backend}: slow {elapsed:7.1f} ms  {band:<14} {query!r} ({total} hits)")
    for _elapsed, _band, query, _total in details[: args.diagnose]:
        diagnose(vendor, query)
    return 0


if __name__ == "__main__":
    sys.exit(main())
