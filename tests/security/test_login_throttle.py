"""Login throttling (allauth's ACCOUNT_RATE_LIMITS): failed passwords and MFA codes.

"login_failed" is "20/m/ip,5/5m/key": five wrong passwords for one account (from any
address) close it for five minutes, even to the right password; a cool-off, never a
permanent lock-out. MFA codes share the rule, counted per account. allauth answers a
throttled login with a form error (200), not a 429: the test asserts what it does.
"""

from datetime import timedelta

from django.utils import timezone

import pytest
from allauth.account import app_settings
from allauth.core.internal.ratelimit import parse_rates
from freezegun import freeze_time

from tests.factories import PASSWORD, UserFactory, activate_totp, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/en/account/login/"
THROTTLED = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."


def _rate(per: str):
    (rate,) = [
        r for r in parse_rates(app_settings.RATE_LIMITS["login_failed"]) if r.per == per
    ]
    return rate


def _login(client, email, password, ip="198.51.100.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_account_limit_is_five_in_five_minutes():
    rate = _rate("key")
    assert (rate.amount, rate.duration) == (5, 300)


def test_after_n_failures_even_the_right_password_waits_for_the_window(client, en):
    user = UserFactory()
    rate = _rate("key")
    start = timezone.now()
    with freeze_time(start) as clock:
        for _ in range(rate.amount):
            response = _login(client, user.email, "fel-lösenord")
            assert response.status_code == 200
            assert WRONG in response.content.decode()
        # The N+1-th failed attempt is refused without checking the password…
        response = _login(client, user.email, "fel-lösenord")
        assert response.status_code == 200
        assert THROTTLED in response.content.decode()
        # …and so is the right password, until the window has passed.
        response = _login(client, user.email, PASSWORD)
        assert THROTTLED in response.content.decode()
        assert not _signed_in(client)
        clock.tick(timedelta(seconds=rate.duration - 5))
        assert THROTTLED in _login(client, user.email, PASSWORD).content.decode()
        assert not _signed_in(client)
        clock.tick(timedelta(seconds=10))
        response = _login(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert _signed_in(client)


def test_the_account_limit_holds_across_addresses(client, en):
    user = UserFactory()
    for n in range(_rate("key").amount):
        _login(client, user.email, "fel-lösenord", ip=f"192.0.2.{n + 1}")
    response = _login(client, user.email, PASSWORD, ip="192.0.2.99")
    assert THROTTLED in response.content.decode()
    assert not _signed_in(client)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, en):
    victim, other = UserFactory(), UserFactory()
    for _ in range(_rate("key").amount):
        _login(client, victim.email, "fel-lösenord", ip="192.0.2.7")
    assert _login(client, other.email, PASSWORD, ip="192.0.2.8").status_code == 302


def test_one_address_failing_on_many_accounts_is_stopped(client, en):
    rate = _rate("ip")
    for n in range(rate.amount):
        # Never more than N-1 failures per account, so only the address's limit trips.
        _login(client, f"finns.inte.{n}@example.org", "fel-lösenord", ip="192.0.2.66")
    user = UserFactory()
    response = _login(client, user.email, PASSWORD, ip="192.0.2.66")
    assert THROTTLED in response.content.decode()
    assert not _signed_in(client)
    # Another address is not affected.
    assert _login(client, user.email, PASSWORD, ip="192.0.2.67").status_code == 302


def test_login_posts_from_one_address_past_the_limit_get_429(client, en):
    (rate,) = parse_rates(app_settings.RATE_LIMITS["login"])
    for n in range(rate.amount):
        _login(client, f"person.{n}@example.org", "x", ip="192.0.2.80")
    response = _login(client, "sista@example.org", "x", ip="192.0.2.80")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= rate.duration
    assert "<h1>Too many attempts</h1>" in response.content.decode()


# --- MFA codes -------------------------------------------------------------------------


def _to_code_stage(client, user):
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert "2fa" in response["Location"] or "authenticate" in response["Location"]
    return response["Location"]


def test_mfa_codes_are_throttled_even_the_right_one(client, en):
    user = UserFactory()
    secret = activate_totp(user)
    rate = _rate("key")
    start = timezone.now()
    with freeze_time(start) as clock:
        url = _to_code_stage(client, user)
        for _ in range(rate.amount):
            response = client.post(url, {"code": "000000"})
            assert response.status_code == 200
            assert "Incorrect code." in response.content.decode()
            assert not _signed_in(client)
        response = client.post(url, {"code": totp_code(secret)})
        assert response.status_code == 200
        assert THROTTLED in response.content.decode()
        assert not _signed_in(client)
        # After the window the right code works (the login stage is still open).
        clock.tick(timedelta(seconds=rate.duration + 1))
        response = client.post(url, {"code": totp_code(secret)})
        assert response.status_code == 302
        assert _signed_in(client)
