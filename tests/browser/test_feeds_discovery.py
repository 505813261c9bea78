"""Feeds in the browser: the feeds page is axe-clean in both languages, pages announce
their feeds with <link rel="alternate">, and the JSON-LD blocks on every page kind load
without a single CSP violation or console error under the site's strict CSP."""

import json

import pytest

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

FEED_PAGES = ["/sv/feeds/", "/en/feeds/"]
# One page of each kind that carries JSON-LD or feed links (demo content).
PAGE_KINDS = [
    "/sv/",
    "/sv/noder/malmo/",
    "/sv/teman/jamlik-halsa/",
    "/sv/noder/malmo/yalla-trappan/",
    "/en/nodes/malmo/yalla-trappan/",
    "/sv/noder/malmo/sociala-investeringsfonder-och-utfallskontrakt/",
    "/sv/noder/malmo/si-summit-2015/",
    "/sv/evenemang/",
    "/sv/organisationer/",
]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def feeds_page(page, base: str, language: str) -> str:
    """The feeds page's address, in whichever spelling the catalogue gives it."""
    for path in (f"/{language}/feeds/", "/sv/floden/"):
        response = page.goto(base + path)
        if response.ok:
            return path
    raise AssertionError("no feeds page")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_feeds_page_is_axe_clean_and_lists_addresses(server, page, language):
    feeds_page(page, server["url"], language)
    assert page.locator("h1").count() == 1
    addresses = page.locator("input[readonly]")
    assert addresses.count() > 20
    first = addresses.first
    assert first.input_value().startswith("http")
    # Every address field has a visible label of its own.
    field_id = first.get_attribute("id")
    assert page.locator(f"label[for='{field_id}']").is_visible()
    assert page.locator("a[href^='webcal://']").count() >= 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_pages_load_without_csp_violations_and_announce_feeds(server, page, path):
    page.add_init_script(LISTEN)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(server["url"] + path)
    assert response.ok
    page.wait_for_load_state("load")
    assert page.evaluate("window.__csp") == []
    assert errors == []
    feeds = page.locator("link[rel=alternate][type='application/atom+xml']")
    assert feeds.count() >= 1
    href = feeds.first.get_attribute("href")
    feed = page.request.get(server["url"] + href)
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/atom+xml")
    for block in page.locator("script[type='application/ld+json']").all():
        data = json.loads(block.text_content())
        assert data["@context"] == "https://schema.org"
