"""Fixed-window rate limits counted in Django's cache, for any app.

Each app names its `scope` and passes its own limit and period. With several app
processes the cache must be shared (Redis), as for the login limits.
"""

import hashlib
import math
import time

from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}|{ident}".encode()).hexdigest()[:32]
    return f"rl:{digest}:{window}"


def retry_after(
    *, scope: str, idents: list[str], limit: int, period: int, now: float | None = None
) -> int:
    """Seconds to wait before another attempt; 0 when one more is allowed."""
    now = time.time() if now is None else now
    window = int(now // period)
    counts = cache.get_many([_key(scope, ident, window) for ident in idents])
    if any(count >= limit for count in counts.values()):
        return max(1, math.ceil((window + 1) * period - now))
    return 0


def record(
    *, scope: str, idents: list[str], period: int, now: float | None = None
) -> None:
    now = time.time() if now is None else now
    window = int(now // period)
    for ident in idents:
        key = _key(scope, ident, window)
        cache.add(key, 0, timeout=period + 1)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period + 1)
