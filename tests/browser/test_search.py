"""Site search in a browser: accessible results, empty results, filters with htmx."""

import pytest

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    [
        "/sv/sok/",
        "/sv/sok/?q=barn",
        "/sv/sok/?q=aldreomsorg&kind=article",
        "/sv/sok/?q=ungdomsarbetslsoheten",
        "/en/search/?q=housing+first",
        "/en/search/?q=qwxzv",
    ],
)
def test_search_pages_have_no_axe_violations(server, page, path):
    page.goto(server["url"] + path)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_search_from_the_form_and_filter_without_reload(server, page):
    page.goto(server["url"] + "/sv/sok/")
    page.get_by_label("Sök i kunskapsbanken, teman och ordlistan").fill("barnens")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sv/sok/?q=barnens*")
    assert page.locator(".search-hits li").count() >= 3
    assert page.locator(".search-hits mark").count() >= 1
    count_before = page.locator("[role=status].result-count").inner_text()
    page.get_by_role("radio", name="Innovation", exact=False).first.check()
    page.wait_for_url("**kind=innovation*")
    count_after = page.locator("[role=status].result-count").inner_text()
    assert count_after != count_before
    assert page.locator("h1").count() == 1  # swapped in place, not a nested page


def test_did_you_mean_leads_to_results(server, page):
    page.goto(server["url"] + "/sv/sok/?q=ungdomsarbetslsoheten")
    page.get_by_role("link", name="ungdomsarbetslösheten").click()
    page.wait_for_url("**q=ungdomsarbetsl*")
    assert page.locator(".search-hits li").count() >= 1
