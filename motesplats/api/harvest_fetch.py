"""Fetching for the harvester: one GET with a timeout, a size limit and no surprises.

A transport is anything with `get(url) -> Response`; tests pass a fake one. Every way a
peer can fail (down, slow, too big, an error status) becomes a `FetchError` with a
message for the run log; a 404 is an answer (the item is gone), not an error.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings

USER_AGENT = "Motesplats-harvester/1 (+https://github.com/motesplats)"
CHUNK = 64 * 1024


class FetchError(Exception):
    """The peer could not be read: nothing is changed locally."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = ""


class Transport(Protocol):
    def get(self, url: str, *, accept: str = "") -> Response: ...


class UrllibTransport:
    """Plain `urllib`: a timeout per read and for the whole answer, and a byte cap."""

    def __init__(
        self, *, timeout: float | None = None, max_bytes: int | None = None
    ) -> None:
        self.timeout = timeout or settings.HARVEST_TIMEOUT_SECONDS
        self.max_bytes = max_bytes or settings.HARVEST_MAX_BYTES

    def get(self, url: str, *, accept: str = "") -> Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"Not an http(s) address: {url}")
        request = urllib.request.Request(  # noqa: S310 -- scheme checked above
            url,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": accept or "*/*",
                "Accept-Encoding": "identity",
            },
        )
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                body = self._read(answer, deadline)
                return Response(
                    answer.status, body, answer.headers.get("Content-Type", "")
                )
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return Response(404, b"")
            raise FetchError(f"HTTP {exc.code} from {url}") from exc
        except TimeoutError as exc:
            raise FetchError(f"Timed out after {self.timeout:g} s: {url}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"Could not reach {url}: {reason}") from exc

    def _read(self, answer, deadline: float) -> bytes:
        parts: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"Too slow: no full answer in {self.timeout:g} s")
            chunk = answer.read(CHUNK)
            if not chunk:
                return b"".join(parts)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"Answer larger than {self.max_bytes} bytes")
            parts.append(chunk)
