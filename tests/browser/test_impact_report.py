"""The impact report and the proxy library in a real browser: no axe violations, the
print button works with JavaScript, and printing leaves out the site's chrome."""

from django.urls import reverse
from django.utils import translation

import pytest

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

YOUTH = "5d1f6a1e-7c2b-4e0a-9a43-2f8d3c6b9e01"
SENIORS = "8b0c2e47-31d9-4f6a-b5e2-6a1c9d7f4a22"


def path(name: str, *args, language: str = "sv") -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("uuid", [YOUTH, SENIORS])
def test_report_has_no_axe_violations(server, page, uuid, language):
    response = page.goto(server["url"] + path("impact:report", uuid, language=language))
    assert response.status == 200
    assert page.locator("svg[role=img]").count() >= 2
    assert_no_axe_violations(page)


def test_print_button_appears_with_javascript(server, page):
    page.goto(server["url"] + path("impact:report", YOUTH, language="en"))
    button = page.get_by_role("button", name="Print / save as PDF")
    assert button.is_visible()


def test_print_media_hides_navigation_and_footer(server, page):
    page.goto(server["url"] + path("impact:report", YOUTH))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".report-tools").is_visible()
    assert page.locator("#outcomes-heading").is_visible()
    assert (
        page.locator("#outcomes-heading")
        .locator("xpath=..")
        .evaluate("el => getComputedStyle(el).breakBefore")
        == "page"
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_proxy_library_has_no_axe_violations(server, page, language):
    response = page.goto(server["url"] + path("impact:proxy_list", language=language))
    assert response.status == 200
    assert_no_axe_violations(page)


def test_proxy_library_with_an_error_has_no_axe_violations(server, page):
    response = page.goto(server["url"] + path("impact:proxy_list") + "?theme=saknas")
    assert response.status == 400
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)
