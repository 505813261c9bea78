"""HTTP for the open API: conditional requests, caching, CORS, gzip, rate limits and
errors as JSON.

`ApiMiddleware` does all of it for paths under `/api/` and nothing for any other path,
so the website's own headers are never touched. Views add only what they alone know:
when their items last changed (`set_last_modified`).

* ETag: strong, a hash of the body. A gzip-compressed body is another representation,
  so it gets its own strong tag (the same hash with `-gzip`); `If-None-Match` with
  either tag gives a 304.
* Last-Modified: set by the view (the latest change among the items shown);
  `If-Modified-Since` gives a 304 when `If-None-Match` was not sent (RFC 9110 §13.2.2).
* `Cache-Control: public, max-age=60` on successful GETs: the API is public and the
  same for everyone (no cookies, no sign-in), so shared caches may keep it a minute.
* CORS: any origin may read (GET, HEAD, OPTIONS); credentials are never allowed, and
  POST is not opened to other origins.
* gzip: bodies are compressed when the client asks. BREACH needs a secret in a
  compressed body next to text an attacker controls; API bodies hold no secrets (no
  CSRF tokens, no session data, no personal data).
* Rate limit per client IP (`API_RATE_LIMIT_PER_MINUTE`), counted with
  `motesplats.core.ratelimit`: 429 with `Retry-After` and a JSON message.
* Every error is JSON `{"detail": …}`, also for unknown paths and server errors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.text import compress_string
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import (
    get_supported_language_variant,
    parse_accept_lang_header,
)

from allauth.account.adapter import get_adapter

from motesplats.core import ratelimit

API_PREFIX = "/api/"
CORS_PREFIX = "/api/v1/"
CACHE_CONTROL = "public, max-age=60"
SAFE_METHODS = ("GET", "HEAD")
CORS_METHODS = "GET, HEAD, OPTIONS"
CORS_ALLOW_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
CORS_EXPOSE_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"
CORS_MAX_AGE = "86400"
# Smaller bodies gain nothing from compression (Django's GZipMiddleware uses 200 too).
GZIP_MIN_BYTES = 200
GZIP_SUFFIX = "-gzip"
RATE_PERIOD = 60
# A URLconf without the website's language-prefixed routes (see ApiMiddleware).
API_URLCONF = "motesplats.api.v1"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


# --- helpers for views ------------------------------------------------------------------


def set_last_modified(response: HttpResponse, when: datetime | None) -> None:
    """Give a response the time its content last changed (none: no header)."""
    if when is not None:
        response["Last-Modified"] = http_date(when.timestamp())


def request_language(request: HttpRequest, lang: str | None = None) -> str:
    """`?lang=sv|en` first, then the Accept-Language header, else Swedish."""
    if lang in LANGUAGES:
        return lang
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header[:500]):
        if code == "*":
            break
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        language = variant.split("-")[0]
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def error_response(status: int, detail, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


# --- the middleware -----------------------------------------------------------------------


def _client_ip(request: HttpRequest) -> str:
    try:
        return get_adapter().get_client_ip(request)
    except Exception:  # noqa: BLE001 -- a spoofed or missing address still gets a bucket
        return request.META.get("REMOTE_ADDR", "") or "unknown"


def _etag_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header, without W/ and our gzip suffix."""
    tags = set()
    for raw in header.split(","):
        tag = raw.strip()
        if tag == "*":
            tags.add("*")
            continue
        tag = tag.removeprefix("W/").strip('"')
        tags.add(tag.removesuffix(GZIP_SUFFIX))
    return tags


def _not_modified(request: HttpRequest, response: HttpResponse, tag: str) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = _tags(if_none_match)
        return "*" in tags or tag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return since is not None and modified is not None and modified <= since


def _is_preflight(request: HttpRequest) -> bool:
    """A browser's CORS preflight; any other OPTIONS goes to the API (405 + Allow)."""
    return (
        request.method == "OPTIONS"
        and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


def _wants_gzip(request: HttpRequest) -> bool:
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            quality = params.strip().removeprefix("q=")
            return quality != "0" and not quality.startswith("0.0")
    return False


class ApiMiddleware:
    """See the module docstring. Placed after LocaleMiddleware, so that messages are in
    the request's language, and before CommonMiddleware, which sets Content-Length
    on the (compressed) body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        language = request_language(request, request.GET.get("lang"))
        with translation.override(language):
            response = self._handle(request)
        patch_vary_headers(response, ["Accept-Language", "Accept-Encoding"])
        # LocaleMiddleware, on the way out, answers a 404 outside the language-prefixed
        # routes with a redirect to /sv/<path> (Wagtail's catch-all makes every such
        # path "valid"). It reads `request.urlconf` only then; the API's own URLconf
        # has no language-prefixed routes, so API 404s stay 404s. The view has been
        # resolved and run with the full URLconf already.
        request.urlconf = API_URLCONF
        return response

    def _handle(self, request: HttpRequest) -> HttpResponse:
        cors = request.path.startswith(CORS_PREFIX)
        if cors and _is_preflight(request):
            return self._preflight(request)
        head = request.method == "HEAD"
        if head:
            # The operations are declared for GET; HEAD is the same without a body.
            request.method = "GET"
        wait = self._limited(request)
        if wait:
            response = error_response(
                429,
                _("Too many requests. Try again in %(seconds)s seconds.")
                % {"seconds": wait},
                Retry_After=str(wait),
            )
        else:
            response = self._as_json_error(request, self.get_response(request))
        if response.status_code == 200 and request.method in SAFE_METHODS:
            response = self._conditional(request, response)
        if cors and request.method in SAFE_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
        if head:
            request.method = "HEAD"
            if not getattr(response, "streaming", False):
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        return response

    def _limited(self, request: HttpRequest) -> int:
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        idents = [f"ip:{_client_ip(request)}"]
        wait = ratelimit.retry_after(
            scope="api", idents=idents, limit=limit, period=RATE_PERIOD
        )
        if not wait:
            ratelimit.record(scope="api", idents=idents, period=RATE_PERIOD)
        return wait

    def _preflight(self, request: HttpRequest) -> HttpResponse:
        """204 for any preflight; other origins may only read (no POST, no cookies):
        a browser refuses a cross-origin POST whose method is not listed here."""
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = CORS_METHODS
        response["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
        response["Access-Control-Max-Age"] = CORS_MAX_AGE
        return response

    def _as_json_error(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        """Errors that did not come from the API's own handlers (an unknown path, a
        method not allowed, a server error) as `{"detail": …}`."""
        if response.status_code < 400 or getattr(response, "streaming", False):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        messages = {
            404: _("Not found."),
            405: _("Method not allowed."),
        }
        detail = messages.get(
            response.status_code,
            _("Server error. Please try again later.")
            if response.status_code >= 500
            else _("Bad request."),
        )
        replacement = error_response(response.status_code, detail)
        for header in ("Allow", "Retry-After"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def _conditional(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if getattr(response, "streaming", False):
            return response
        body = response.content
        tag = _etag_of(body)
        response["Cache-Control"] = CACHE_CONTROL
        if _not_modified(request, response, tag):
            not_modified = HttpResponse(status=304)
            for header in ("Cache-Control", "Last-Modified", "Content-Language"):
                if header in response:
                    not_modified[header] = response[header]
            not_modified["ETag"] = f'"{tag}"'
            patch_vary_headers(not_modified, ["Accept-Language", "Accept-Encoding"])
            return not_modified
        if _wants_gzip(request) and len(body) >= GZIP_MIN_BYTES:
            compressed = compress_string(body)
            if len(compressed) < len(body):
                response.content = compressed
                response["Content-Encoding"] = "gzip"
                response["Content-Length"] = str(len(compressed))
                response["ETag"] = f'"{tag}{GZIP_SUFFIX}"'
                return response
        response["ETag"] = f'"{tag}"'
        return response
