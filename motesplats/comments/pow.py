"""Proof of work for guests, compatible with ALTCHA's challenge format.

The server picks a secret number up to `COMMENTS_POW_MAX_NUMBER` and publishes
SHA-256(salt + number) with an HMAC-SHA256 signature (keyed with SECRET_KEY). The
browser finds the number by trying them all (static/js/comments.js); the server checks
the answer with one hash, refuses expired salts and accepts each challenge only once.
Nothing is sent to a third party.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

ALGORITHM = "SHA-256"
KEY_SALT = "motesplats.comments.pow"
# The client solves in a loop; refuse silly numbers instead of hashing them.
MAX_PAYLOAD_LENGTH = 2000


def _sign(challenge: str) -> str:
    return salted_hmac(KEY_SALT, challenge, algorithm="sha256").hexdigest()


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def challenge_create(*, now: float | None = None) -> dict[str, Any]:
    """A fresh challenge, as JSON-ready data."""
    now = time.time() if now is None else now
    max_number = settings.COMMENTS_POW_MAX_NUMBER
    expires = int(now) + settings.COMMENTS_POW_EXPIRY
    salt = f"{secrets.token_hex(12)}?expires={expires}"
    number = secrets.randbelow(max_number + 1)
    challenge = _hash(salt, number)
    return {
        "algorithm": ALGORITHM,
        "challenge": challenge,
        "maxnumber": max_number,
        "salt": salt,
        "signature": _sign(challenge),
    }


def solve(challenge: dict[str, Any]) -> str:
    """The payload a browser would send: used by tests and benchmarks."""
    for number in range(challenge["maxnumber"] + 1):
        if _hash(challenge["salt"], number) == challenge["challenge"]:
            data = {key: challenge[key] for key in ("algorithm", "challenge", "salt")}
            data.update(number=number, signature=challenge["signature"])
            return base64.b64encode(json.dumps(data).encode()).decode()
    raise ValueError("challenge has no solution")


def _expires(salt: str) -> int | None:
    _, _, query = salt.partition("?")
    try:
        return int(parse_qs(query).get("expires", [""])[0])
    except ValueError:
        return None


def payload_check(payload: str, *, now: float | None = None) -> dict[str, Any] | None:
    """The decoded payload if it solves a challenge we signed that has not expired."""
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return None
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    challenge, salt, signature = (
        data.get("challenge"),
        data.get("salt"),
        data.get("signature"),
    )
    number = data.get("number")
    if not (
        data.get("algorithm") == ALGORITHM
        and isinstance(challenge, str)
        and isinstance(salt, str)
        and isinstance(signature, str)
        and isinstance(number, int)
        and not isinstance(number, bool)
        and 0 <= number <= settings.COMMENTS_POW_MAX_NUMBER
    ):
        return None
    expires = _expires(salt)
    now = time.time() if now is None else now
    if expires is None or expires < now:
        return None
    if not hmac.compare_digest(_sign(challenge), signature):
        return None
    if not hmac.compare_digest(_hash(salt, number), challenge):
        return None
    return {**data, "expires": expires}


def payload_consume(data: dict[str, Any], *, now: float | None = None) -> bool:
    """Mark a checked payload as used; False when it was used before (a replay)."""
    now = time.time() if now is None else now
    timeout = max(1, int(data["expires"] - now) + 1)
    return cache.add(f"comments:pow:{data['challenge']}", 1, timeout=timeout)
