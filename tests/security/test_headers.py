"""Headers and cookies as production sends them (what tests/core/test_security_headers.py
does not cover already): strict script-src/style-src on the signed-in admin too, HSTS
with subdomains, __Host- cookies, and a clean `check --deploy`.

The production settings module refuses to start without a secret key and reads the
environment, so it is imported in a child process with a throwaway key.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

import pytest

from motesplats.nodes.services import national_editor_add
from tests.factories import PASSWORD, UserFactory, login_with_totp

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "test-only-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "motesplats.example.org",
    "WAGTAILADMIN_BASE_URL": "https://motesplats.example.org",
}
NAMES = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
    "DEBUG",
]


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION_ENV)
    return env


@pytest.fixture(scope="module")
def production() -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _production_overrides(production: dict) -> dict:
    return {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in production.items()
        if name not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER"}
    }


def _directives(csp: str) -> dict[str, set[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = set(words[1:])
    return out


def _assert_strict(response) -> None:
    directives = _directives(response["Content-Security-Policy"])
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives["default-src"])
        assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"}, name
    assert directives["frame-ancestors"] == {"'none'"}
    assert directives["object-src"] == {"'none'"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


# --- production settings ---------------------------------------------------------------


def test_production_sets_hsts_with_subdomains_for_a_year(production):
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["DEBUG"] is False


def test_production_cookies_are_host_only_and_secure(production):
    for kind in ("SESSION", "CSRF"):
        assert production[f"{kind}_COOKIE_NAME"].startswith("__Host-")
        assert production[f"{kind}_COOKIE_SECURE"] is True
        assert production[f"{kind}_COOKIE_DOMAIN"] is None
        assert production[f"{kind}_COOKIE_PATH"] == "/"
    assert production["SESSION_COOKIE_HTTPONLY"] is True


def test_check_deploy_is_clean():
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


# --- responses with production's settings ----------------------------------------------


def test_hsts_header_on_https_responses(client, production):
    with override_settings(**_production_overrides(production)):
        response = client.get("/sv/", secure=True)
    hsts = response["Strict-Transport-Security"]
    assert f"max-age={production['SECURE_HSTS_SECONDS']}" in hsts
    assert "includeSubDomains" in hsts
    assert "preload" in hsts


def test_session_and_csrf_cookies_are_host_cookies(client, production):
    user = UserFactory()
    with override_settings(**_production_overrides(production)):
        page = client.get("/en/account/login/", secure=True)
        csrf = page.cookies["__Host-csrftoken"]
        response = client.post(
            "/en/account/login/",
            {"login": user.email, "password": PASSWORD},
            secure=True,
        )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["samesite"] == "Lax"
    assert session["httponly"] is True
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in page.cookies


# --- strict CSP on public pages and the signed-in admin ----------------------------------


PUBLIC = [
    "/sv/",
    "/en/events/",
    "/en/knowledge-bank/",
    "/sv/konto/signup/",
    "/.well-known/security.txt",
    "/en/organisations/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_strict_script_and_style_sources(client, path):
    response = client.get(path)
    assert response.status_code == 200
    _assert_strict(response)


ADMIN = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/account/",
]


def test_signed_in_admin_pages_have_strict_script_and_style_sources(client):
    editor = UserFactory()
    national_editor_add(user=editor)
    login_with_totp(client, editor)
    for path in ADMIN:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_strict(response)


def test_the_429_page_keeps_the_headers(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": "1/h/user,1/h/ip"}
    client.force_login(UserFactory())
    data = {"kind": "node", "key": "malmo", "action": "follow"}
    client.post("/en/follows/follow/", data)
    response = client.post("/en/follows/follow/", data)
    assert response.status_code == 429
    _assert_strict(response)
