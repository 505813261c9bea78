"""Fixed-window rate limits counted in Django's cache, for any app.

Two ways in:

- `retry_after` / `record`: an app names its `scope` and passes its own limit and
  period (comments, messages, surveys, the API).
- `rate_limited(scope)`: a view decorator for the forms that send e-mail or create
  data. Its limits are read from `settings.RATE_LIMITS[scope]`, written like allauth's
  `ACCOUNT_RATE_LIMITS`: "5/h/user,20/h/ip" is at most 5 per account and 20 per IP
  address in each hour. A request over a limit gets the 429 page with `Retry-After`
  and never reaches the view; only answers below 400 count, so a form sent back with
  errors does not use up a person's attempts.

With several app processes the cache must be shared (Redis), as for the login limits.
The check and the count are not one atomic step: a burst of parallel requests may pass
a limit by a few, which is fine for slowing down abuse.
"""

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PER = {"user", "ip"}


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


# --- limits from settings, for views -----------------------------------------------


@dataclass(frozen=True)
class Rate:
    amount: int
    period: int  # seconds
    per: str  # "user" or "ip"

    def __str__(self) -> str:
        return f"{self.amount}/{self.period}s/{self.per}"


def _period(text: str) -> int:
    unit, value = text[-1:], text[:-1]
    if unit not in UNITS:
        raise ValueError(text)
    return int(value or 1) * UNITS[unit]


def parse_rates(text: str) -> list[Rate]:
    """ "5/h/user,20/10m/ip" → [Rate(5, 3600, "user"), Rate(20, 600, "ip")]."""
    rates = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        amount, period, per = part.split("/")
        if per not in PER:
            raise ValueError(part)
        rates.append(Rate(int(amount), _period(period), per))
    return rates


def rates_for(scope: str) -> list[Rate]:
    limits = getattr(settings, "RATE_LIMITS", {})
    if scope not in limits:
        # A form without a configured limit would be unprotected without anyone noticing.
        raise ImproperlyConfigured(f"RATE_LIMITS has no entry for {scope!r}")
    try:
        return parse_rates(limits[scope])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"RATE_LIMITS[{scope!r}] = {limits[scope]!r}: {error}"
        ) from None


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind proxies read as allauth reads it (trusted hops)."""
    from allauth.account.adapter import get_adapter  # noqa: PLC0415 -- needs apps ready

    return get_adapter().get_client_ip(request)


def _checks(request: HttpRequest, scope: str) -> list[tuple[str, str, Rate]]:
    """(cache scope, ident, rate) for each limit that applies to this request."""
    checks = []
    for rate in rates_for(scope):
        if rate.per == "user":
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                continue
            ident = f"user:{user.pk}"
        else:
            ident = f"ip:{client_ip(request)}"
        checks.append((f"view:{scope}:{rate}", ident, rate))
    return checks


def wait_for(request: HttpRequest, scope: str, *, now: float | None = None) -> int:
    """Seconds this request must wait under `settings.RATE_LIMITS[scope]`; 0 if none."""
    return max(
        (
            retry_after(
                scope=key,
                idents=[ident],
                limit=rate.amount,
                period=rate.period,
                now=now,
            )
            for key, ident, rate in _checks(request, scope)
        ),
        default=0,
    )


def count(request: HttpRequest, scope: str, *, now: float | None = None) -> None:
    """Count one use of `scope` against the request's account and address."""
    for key, ident, rate in _checks(request, scope):
        record(scope=key, idents=[ident], period=rate.period, now=now)


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """The readable 429 page with the seconds to wait in `Retry-After`."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(max(1, int(wait)))
    return response


def rate_limited(scope: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """Limit a view's `methods` requests by `settings.RATE_LIMITS[scope]`."""
    rates_for(scope)  # a missing or broken setting fails at import, not on a request

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return view(request, *args, **kwargs)
            if wait := wait_for(request, scope):
                return too_many_requests(request, wait)
            response = view(request, *args, **kwargs)
            if response.status_code < 400:
                count(request, scope)
            return response

        return wrapped

    return decorator


# --- allauth's 429 ---------------------------------------------------------------

# allauth's account views by URL name → the ACCOUNT_RATE_LIMITS action that guards them.
ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_email": "manage_email",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_reauthenticate": "reauthenticate",
}


def _allauth_wait(request: HttpRequest, action: str, now: float) -> int:
    """Seconds until allauth's sliding window for `action` lets this request in.

    allauth keeps the times of recent attempts, newest first, under a key of its own.
    Limits per IP or account are read exactly; one per key (an e-mail address) cannot
    be found from here, so its whole period is the answer.
    """
    from allauth.account import app_settings  # noqa: PLC0415 -- needs apps ready
    from allauth.core.internal import ratelimit as allauth_rl  # noqa: PLC0415

    waits = []
    for rate in allauth_rl.parse_rates(app_settings.RATE_LIMITS.get(action)):
        if rate.per == "key" or (
            rate.per == "user" and not request.user.is_authenticated
        ):
            waits.append(rate.duration)
            continue
        cache_key = allauth_rl.get_cache_key(
            request, app="allauth.account", action=action, rate=rate
        )
        history = [t for t in cache.get(cache_key, []) if t > now - rate.duration]
        if len(history) >= rate.amount:
            return max(1, math.ceil(history[rate.amount - 1] + rate.duration - now))
    return max(1, math.ceil(max(waits, default=60)))


def allauth_too_many_requests(request: HttpRequest) -> HttpResponse:
    """`handler429` for allauth's views: our 429 page, with `Retry-After`."""
    match = getattr(request, "resolver_match", None)
    action = ALLAUTH_ACTIONS.get(match.url_name if match else "")
    wait = _allauth_wait(request, action, time.time()) if action else 60
    return too_many_requests(request, wait)
