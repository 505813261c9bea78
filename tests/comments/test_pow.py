"""The guests' proof of work: valid, invalid, expired and replayed answers."""

import base64
import json
import time

import pytest

from motesplats.comments.pow import (
    challenge_create,
    payload_check,
    payload_consume,
    solve,
)


def _decode(payload: str) -> dict:
    return json.loads(base64.b64decode(payload))


def _encode(data: dict) -> str:
    return base64.b64encode(json.dumps(data).encode()).decode()


def test_challenge_has_the_altcha_fields(settings):
    challenge = challenge_create()
    assert set(challenge) == {
        "algorithm",
        "challenge",
        "maxnumber",
        "salt",
        "signature",
    }
    assert challenge["algorithm"] == "SHA-256"
    assert challenge["maxnumber"] == settings.COMMENTS_POW_MAX_NUMBER
    assert "?expires=" in challenge["salt"]
    assert len(challenge["signature"]) == 64


def test_a_solved_challenge_is_accepted_once():
    payload = solve(challenge_create())
    checked = payload_check(payload)
    assert checked is not None
    assert payload_consume(checked) is True
    # The same answer again is a replay.
    assert payload_consume(payload_check(payload)) is False


def test_wrong_number_is_refused():
    data = _decode(solve(challenge_create()))
    data["number"] = (data["number"] + 1) % 3001
    assert payload_check(_encode(data)) is None


def test_forged_signature_is_refused():
    data = _decode(solve(challenge_create()))
    data["signature"] = "0" * 64
    assert payload_check(_encode(data)) is None


def test_a_challenge_we_did_not_sign_is_refused():
    # Someone makes up their own easy challenge and "solves" it.
    import hashlib  # noqa: PLC0415 -- only this test builds a challenge by hand

    salt = f"abc?expires={int(time.time()) + 600}"
    challenge = hashlib.sha256(f"{salt}1".encode()).hexdigest()
    forged = {
        "algorithm": "SHA-256",
        "challenge": challenge,
        "number": 1,
        "salt": salt,
        "signature": "f" * 64,
    }
    assert payload_check(_encode(forged)) is None


def test_expired_challenge_is_refused(settings):
    settings.COMMENTS_POW_EXPIRY = 60
    payload = solve(challenge_create(now=time.time() - 120))
    assert payload_check(payload) is None


def test_changing_the_expiry_breaks_the_hash():
    data = _decode(solve(challenge_create()))
    random_part = data["salt"].split("?")[0]
    data["salt"] = f"{random_part}?expires={int(time.time()) + 10**6}"
    assert payload_check(_encode(data)) is None


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "not base64 !!",
        base64.b64encode(b"not json").decode(),
        _encode([1, 2, 3]),
        _encode({"algorithm": "SHA-1"}),
        "A" * 5000,
    ],
)
def test_garbage_is_refused(payload):
    assert payload_check(payload) is None


def test_number_must_be_a_plain_integer_in_range():
    data = _decode(solve(challenge_create()))
    for number in (True, "1", 1.0, -1, 10**9):
        assert payload_check(_encode({**data, "number": number})) is None
