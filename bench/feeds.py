"""The cached feed figure of `make bench`: an Atom feed served from the cache.

`run.py` measures it beside the other figures (same server, generator, concurrency and
duration, so the ratios to B0 and B1 compare like with like). The first request and the
warm-up fill each gunicorn worker's cache; every measured request is then a cache hit:
the content-version look-up, the cached body, an ETag over it and the middleware stack.

The English address is used because its words are the message ids themselves, so it
stays the same whether or not the Swedish catalogue (`/sv/floden/…`) is compiled.

Run alone: `.venv/bin/python bench/feeds.py [--duration 5 …]` (b0 and b1 come along,
because the ratio needs them).
"""

from __future__ import annotations

import sys

FEED_FIGURES: tuple[tuple[str, str], ...] = (
    ("feed_atom_cached", "/en/feeds/node/malmo.atom"),
)


def main(argv: list[str] | None = None) -> int:
    if __package__:
        from .run import main as run_main  # noqa: PLC0415 -- run imports this module
    else:
        from run import main as run_main  # noqa: PLC0415

    only = [arg for name, _path in FEED_FIGURES for arg in ("--only", name)]
    return run_main([*only, *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
