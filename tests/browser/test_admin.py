"""An editor signs in with a password and TOTP and works in the Wagtail admin."""

import re

import pytest

from tests.factories import totp_code

pytestmark = pytest.mark.browser


def test_editor_sets_up_totp_and_opens_the_admin(server, page):
    email = "malmo.redaktor@motesplats.example"
    password = server["credentials"][email]
    page.goto(server["url"] + "/admin/")
    assert "/sv/konto/login/" in page.url
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/2fa/totp/activate/.*"))
    secret = page.evaluate(
        """() => { const el = [...document.querySelectorAll('input, code, p, span')]
                   .find(e => /^[A-Z2-7]{32}$/.test((e.value || e.textContent || '').trim()));
                   return el ? (el.value || el.textContent).trim() : null; }"""
    )
    assert secret, page.content()[:3000]
    page.fill("#id_code", totp_code(secret))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(server["url"] + "/admin/")
    assert page.url == server["url"] + "/admin/"
    assert page.locator("main, #main").first.is_visible()
    page.goto(server["url"] + "/admin/pages/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).first.is_visible()


def _login_editor_with_totp(server, page, email):
    page.goto(server["url"] + "/sv/konto/login/?next=/admin/")
    page.fill("#id_login", email)
    page.fill("#id_password", server["credentials"][email])
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    if "/2fa/totp/activate/" in page.url:
        secret = page.evaluate(
            """() => { const el = [...document.querySelectorAll('input, code, p, span')]
                       .find(e => /^[A-Z2-7]{32}$/.test((e.value || e.textContent || '').trim()));
                       return (el.value || el.textContent).trim(); }"""
        )
        page.fill("#id_code", totp_code(secret))
        page.locator("form.form button[type=submit]").click()
        page.wait_for_load_state()


def test_admin_widgets_work_under_the_strict_csp(server, page):
    _login_editor_with_totp(server, page, "redaktor@motesplats.example")
    # An inline panel: the theme's questions in focus.
    page.goto(server["url"] + "/admin/snippets/taxonomy/theme/edit/1/")
    page.wait_for_load_state("networkidle")
    forms = page.locator("[id^='inline_child_questions-']")
    before = forms.count()
    page.locator("#id_questions-ADD").click()
    page.wait_for_function(
        "n => document.querySelectorAll(\"[id^='inline_child_questions-']\").length > n",
        arg=before,
    )
    # A chooser: the node's county opens the snippet chooser dialog.
    page.goto(server["url"] + "/admin/snippets/nodes/node/add/")
    page.wait_for_load_state("networkidle")
    page.locator("#id_county-chooser button:visible").first.click()
    page.wait_for_selector("[role=dialog] >> text=Skåne", timeout=10000)
