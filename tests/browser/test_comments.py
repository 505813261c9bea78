"""Comments in a real browser: the form with errors has no axe violations in either
language, focus goes to the error summary, and a guest's browser solves the proof of
work so the comment is accepted."""

import re

import pytest

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "sv": "/sv/noder/malmo/yalla-trappan/",
    "en": "/en/nodes/malmo/yalla-trappan/",
}
SEND = "#comments form button[type=submit]"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_comment_form_with_errors_has_no_axe_violations(server, page, lang):
    page.goto(server["url"] + PAGES[lang])
    page.click(SEND)
    # The browser first solves the challenge, then the server answers with errors.
    summary = page.locator("#comments .error-summary")
    summary.wait_for(timeout=60_000)
    assert page.locator("#comments [aria-invalid=true]").count() == 3
    # comments.js (deferred) moves focus to the summary once the page has loaded.
    page.wait_for_load_state("load")
    for _ in range(20):
        if summary.evaluate("el => el === document.activeElement"):
            break
        page.wait_for_timeout(100)
    assert summary.evaluate("el => el === document.activeElement")
    # Each message in the summary leads to its field.
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href")
    first_link.click()
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")
    assert_no_axe_violations(page)


def test_guest_comment_is_accepted_after_the_browser_solves_the_challenge(server, page):
    page.goto(server["url"] + PAGES["sv"])
    page.fill("#comment-name", "Greta Gäst")
    page.fill("#comment-email", "greta.gast@example.org")
    page.fill("#comment-body", "Tack för ett inspirerande exempel!")
    page.click(SEND)
    message = page.locator(".messages")
    message.wait_for(timeout=60_000)
    assert (
        "Nästan klart" in message.inner_text() or "Almost done" in message.inner_text()
    )
    assert page.locator("#comments .error-summary").count() == 0
    # Nothing is published before the guest confirms the address.
    assert (
        "Tack för ett inspirerande exempel!"
        not in page.locator("#comments").inner_text()
    )


def test_status_is_announced_while_the_browser_works(server, page):
    page.goto(server["url"] + PAGES["en"])
    status = page.locator("#comment-pow-text")
    assert status.get_attribute("role") == "status"
    page.fill("#comment-name", "Glen Guest")
    page.fill("#comment-email", "glen.guest@example.org")
    page.fill("#comment-body", "Useful, thank you.")
    page.click(SEND)
    page.locator(".messages").wait_for(timeout=60_000)
    assert re.search(
        r"Almost done|Nästan klart", page.locator(".messages").inner_text()
    )


def test_report_form_with_errors_has_no_axe_violations(server, page):
    page.goto(server["url"] + PAGES["sv"])
    # The last action of a comment is its report link.
    page.locator("#comments .comment-actions a:last-child").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)
