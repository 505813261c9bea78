"""The innovation submission form in a real browser: axe, errors, keyboard only."""

from django.urls import reverse
from django.utils import translation

import pytest

from tests.browser.helpers import assert_no_axe_violations

from .conftest import MEMBER_EMAIL

pytestmark = pytest.mark.browser


def _url(server, name: str, language: str) -> str:
    with translation.override(language):
        return server["url"] + reverse(name)


def _login(server, page, language: str = "sv") -> None:
    with translation.override(language):
        login = reverse("account_login")
    page.goto(server["url"] + login)
    page.fill("#id_login", MEMBER_EMAIL)
    page.fill("#id_password", server["credentials"][MEMBER_EMAIL])
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def _active(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
                   return {tag: el.tagName, type: el.type || '', id: el.id,
                           name: el.getAttribute('name') || '',
                           submits: el.tagName === 'BUTTON'
                                    && !!el.closest('form.submission-form')}; }"""
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_empty_form_has_no_axe_violations(server, page, language):
    _login(server, page, language)
    page.goto(_url(server, "knowledge:innovation_submit", language))
    assert page.locator("h1").count() == 1
    assert page.locator("fieldset legend").count() >= 8
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_form_with_errors_has_no_axe_violations(server, page, language):
    _login(server, page, language)
    page.goto(_url(server, "knowledge:innovation_submit", language))
    page.fill("#id_website", "inte en adress")
    page.fill("#id_year", "1066")
    page.locator("form.submission-form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.locator("[aria-invalid=true]").count() >= 5
    assert_no_axe_violations(page)
    # A link in the summary takes keyboard focus to its field.
    summary.locator('a[href="#id_title"]').focus()
    page.keyboard.press("Enter")
    assert _active(page)["id"] == "id_title"


def test_contributions_page_has_no_axe_violations(server, page):
    _login(server, page)
    page.goto(_url(server, "knowledge:contributions", "sv"))
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_the_form_fits_a_phone_screen(server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    _login(server, page)
    page.goto(_url(server, "knowledge:innovation_submit", "sv"))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


TEXT = {
    "title": "Tangentbordets läxcafé",
    "summary": "Studenter ger läxhjälp på biblioteket.",
    "need": "Elever saknar stöd hemma.",
    "solution": "Två kvällar i veckan.",
    "municipality": "Lund",
    "year": "2021",
    "contact_organisation": "Läxcaféföreningen",
    "org-0-name": "Läxcaféföreningen",
}
# Type-ahead on a closed select picks the first option that starts with the text;
# ASCII only, since other characters are inserted as text, not as key presses.
SELECTS = {"county": "Sk", "org-0-sector": "Id"}
SPACE = {"maturity", "confirm"}


def test_keyboard_only_submission(server, page):
    _login(server, page)
    page.goto(_url(server, "knowledge:innovation_submit", "sv"))
    done: set[str] = set()
    for _ in range(250):
        page.keyboard.press("Tab")
        active = _active(page)
        name = active["name"]
        if active["submits"]:
            break
        if name in done:
            continue
        if name in TEXT:
            page.keyboard.type(TEXT[name])
        elif name in SELECTS:
            page.keyboard.type(SELECTS[name])
        elif name in SPACE:
            page.keyboard.press("Space")
        else:
            continue
        done.add(name)
    assert done == set(TEXT) | set(SELECTS) | SPACE
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".error-summary")
    assert errors.count() == 0, errors.inner_text()
    assert page.url == _url(server, "knowledge:contributions", "sv")
    listing = page.locator(".contributions")
    assert listing.get_by_text("Tangentbordets läxcafé").is_visible()
    assert listing.locator(".status-in_review").count() == 1
