"""The API figure of `make bench`: `api_list`, one 50-item page of the knowledge bank
from the open API (`/api/v1/knowledge?limit=50`), uncached: the faceted selector, the
page and its prefetches, the JSON, the ETag over the body and the middleware stack.

`run.py` measures it beside the other figures (same server, generator, concurrency and
duration), so its `ratio_to_b1` compares it with a bare view through the same stack.
The API's per-IP rate limit would stop a load generator on one address after a
minute's allowance, so `run.py` raises it for the benchmark (`API_RATE_LIMIT_PER_MINUTE`).

Run alone: `.venv/bin/python bench/api.py [--duration 5 …]` (b0 and b1 come along,
because the ratios need them).
"""

from __future__ import annotations

import sys

API_FIGURES: tuple[tuple[str, str], ...] = (
    ("api_list", "/api/v1/knowledge?limit=50&lang=sv"),
)
# A limit no load generator reaches in a run.
BENCH_RATE_LIMIT = "100000000"


def main(argv: list[str] | None = None) -> int:
    if __package__:
        from .run import main as run_main  # noqa: PLC0415 -- run imports this module
    else:
        from run import main as run_main  # noqa: PLC0415

    only = [arg for name, _path in API_FIGURES for arg in ("--only", name)]
    return run_main([*only, *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
