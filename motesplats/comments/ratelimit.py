"""Per-account and per-IP limits on comments and reports, counted in Django's cache.

Fixed windows of COMMENTS_RATE_LIMIT_PERIOD seconds. With several app processes the
cache must be shared (Redis), as for the login limits.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}|{ident}".encode()).hexdigest()[:32]
    return f"comments:rl:{digest}:{window}"


def _window(now: float) -> tuple[int, int]:
    period = settings.COMMENTS_RATE_LIMIT_PERIOD
    return int(now // period), period


def retry_after(*, scope: str, idents: list[str], now: float | None = None) -> int:
    """Seconds to wait before another attempt; 0 when one more is allowed."""
    now = time.time() if now is None else now
    window, period = _window(now)
    keys = [_key(scope, ident, window) for ident in idents]
    counts = cache.get_many(keys)
    if any(count >= settings.COMMENTS_RATE_LIMIT for count in counts.values()):
        return max(1, math.ceil((window + 1) * period - now))
    return 0


def record(*, scope: str, idents: list[str], now: float | None = None) -> None:
    now = time.time() if now is None else now
    window, period = _window(now)
    for ident in idents:
        key = _key(scope, ident, window)
        cache.add(key, 0, timeout=period + 1)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period + 1)
