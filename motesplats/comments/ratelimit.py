"""Per-account and per-IP limits on comments and reports, counted in Django's cache.

Fixed windows of COMMENTS_RATE_LIMIT_PERIOD seconds, at most COMMENTS_RATE_LIMIT
attempts in each (the counting itself is `motesplats.core.ratelimit`).
"""

from django.conf import settings

from motesplats.core import ratelimit


def retry_after(*, scope: str, idents: list[str], now: float | None = None) -> int:
    """Seconds to wait before another attempt; 0 when one more is allowed."""
    return ratelimit.retry_after(
        scope=f"comments:{scope}",
        idents=idents,
        limit=settings.COMMENTS_RATE_LIMIT,
        period=settings.COMMENTS_RATE_LIMIT_PERIOD,
        now=now,
    )


def record(*, scope: str, idents: list[str], now: float | None = None) -> None:
    ratelimit.record(
        scope=f"comments:{scope}",
        idents=idents,
        period=settings.COMMENTS_RATE_LIMIT_PERIOD,
        now=now,
    )
