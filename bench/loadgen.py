"""A small closed-loop HTTP load generator with no dependencies.

Why our own: every figure in `make bench` is a ratio against baselines measured in the
same run, so all figures must come from the *same* generator with the same settings.
Depending on `wrk`/`oha` being installed would make the harness unportable, and mixing
tools would make the ratios meaningless. Python threads cost more CPU per request than
`wrk`, which lowers the ceiling on absolute req/s but affects every figure alike.

Each worker thread owns one `http.client.HTTPConnection` (keep-alive when the server
allows it; gunicorn's sync workers close after every response, and `http.client`
reconnects transparently). On any exception the connection is dropped and reopened.
"""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Requests that hang longer than this count as errors instead of stalling the run.
REQUEST_TIMEOUT_S = 30.0


@dataclass
class _WorkerResult:
    """What one thread saw during the measured window (merged after the run)."""

    latencies: list[float] = field(default_factory=list)
    body_bytes: int = 0
    errors: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (0.0 when empty).

    Nearest-rank never interpolates, so a reported p99 is a latency that a real
    request actually had.
    """
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _worker(
    host: str,
    port: int,
    path: str,
    headers: dict[str, str],
    start_gate: threading.Barrier,
    window: list[float],
    result: _WorkerResult,
) -> None:
    """Send requests back to back until the window closes.

    Requests are issued from the moment the barrier opens (warm-up) and only those
    that both start and finish inside the measured window are recorded, so warm-up
    work (cold caches, lazy imports in the workers) never pollutes the figures.
    """
    conn = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT_S)
    start_gate.wait()  # The barrier action has filled in `window` by now.
    measure_start, measure_end = window
    try:
        while True:
            started = time.perf_counter()
            if started >= measure_end:
                break
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()  # http.client reopens it on the next request.
                if started >= measure_start and time.perf_counter() <= measure_end:
                    result.errors += 1
                    result.error_kinds[type(exc).__name__] += 1
                continue
            finished = time.perf_counter()
            if started < measure_start or finished > measure_end:
                continue
            if 200 <= status < 300:
                result.latencies.append(finished - started)
                result.body_bytes += len(body)
            else:
                result.errors += 1
                result.error_kinds[f"HTTP {status}"] += 1
    finally:
        conn.close()


def run_load(
    host: str,
    port: int,
    path: str,
    concurrency: int,
    duration: float,
    warmup: float,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Hammer GET `path` with `concurrency` threads: `warmup` s unrecorded, then
    `duration` s measured.

    Returns requests (successful, 2xx), errors (non-2xx or exceptions), rps, latency
    percentiles in ms over successful requests, the mean body size in bytes and a
    count of error kinds for diagnosis.
    """
    if concurrency < 1 or duration <= 0 or warmup < 0:
        raise ValueError("concurrency >= 1, duration > 0 and warmup >= 0 are required")
    results = [_WorkerResult() for _ in range(concurrency)]
    window: list[float] = []

    def open_window() -> None:
        # Runs once, when every thread has reached the barrier, so that the window
        # starts after thread start-up rather than during it.
        now = time.perf_counter()
        window.extend((now + warmup, now + warmup + duration))

    gate = threading.Barrier(concurrency + 1, action=open_window)
    threads: list[threading.Thread] = []
    for result in results:
        thread = threading.Thread(
            target=_worker,
            args=(host, port, path, dict(headers or {}), gate, window, result),
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    gate.wait()
    for thread in threads:
        thread.join()

    latencies = sorted(lat for r in results for lat in r.latencies)
    requests = len(latencies)
    errors = sum(r.errors for r in results)
    error_kinds: Counter[str] = Counter()
    for r in results:
        error_kinds.update(r.error_kinds)
    return {
        "requests": requests,
        "errors": errors,
        "rps": requests / duration,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "bytes": round(sum(r.body_bytes for r in results) / requests)
        if requests
        else 0,
        "error_kinds": dict(error_kinds),
        "concurrency": concurrency,
        "duration_s": duration,
    }
