"""Browser tests: a real server on a fresh demo database, driven by Debian's Chromium.

The server runs in its own process (development settings, DEBUG off) so that the pages
are exactly what a visitor gets, including the 404 page. Without Chromium these tests
are skipped with a message; `.ci/run` installs it.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - playwright is a dev dependency
    sync_playwright = None

if sync_playwright is None or not Path(CHROMIUM).exists():
    pytest.skip(
        f"Browser tests need Playwright and Chromium at {CHROMIUM} "
        "(apt-get install -y chromium); skipping them.",
        allow_module_level=True,
    )

# Playwright's sync API runs an event loop in this thread; the ORM is not used here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


MEMBER_EMAIL = "medlem@example.org"
MEMBER_SCRIPT = f"""
import os
from allauth.account.models import EmailAddress
from motesplats.accounts.models import User
user = User.objects.create_user("{MEMBER_EMAIL}", os.environ["MEMBER_PASSWORD"])
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """Start the site on a fresh demo database; yields base URL and demo credentials."""
    workdir = Path(tempfile.mkdtemp(prefix="motesplats-browser-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
    )
    loaded = subprocess.run(
        [*manage, "load_demo"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    credentials = dict(
        re.findall(r"(\S+@motesplats\.example)\s+/\s+(\S+)", loaded.stdout)
    )
    # A plain member (no admin rights, so no second factor) for the sign-in tests.
    member_password = secrets.token_urlsafe(12)
    subprocess.run(
        [*manage, "shell", "-c", MEMBER_SCRIPT],
        env={**env, "MEMBER_PASSWORD": member_password},
        check=True,
        cwd=ROOT,
    )
    credentials[MEMBER_EMAIL] = member_password
    port = _free_port()
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError((workdir / "server.log").read_text()) from None
            time.sleep(0.3)
    try:
        yield {
            "url": base,
            "credentials": credentials,
            # For tests that prepare data in the server's database.
            "shell": lambda code, extra=None: (
                subprocess.run(
                    [*manage, "shell", "-c", code],
                    env={**env, **(extra or {})},
                    check=True,
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                ).stdout
            ),
        }
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; fails the test if the browser reports a CSP violation."""
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()
    assert violations == [], "\n".join(violations)
