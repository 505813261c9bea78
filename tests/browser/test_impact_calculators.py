"""The impact calculators in a real browser: no axe violations empty, with results and
with errors; keyboard-only use; no horizontal scrolling on a phone."""

from django.urls import reverse
from django.utils import translation

import pytest

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

CALCULATORS = ["impact:sroi", "impact:social_investment", "impact:cost_effectiveness"]


def path(name: str, language: str = "sv") -> str:
    with translation.override(language):
        return reverse(name)


def _active(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
                   return {tag: el.tagName, name: el.getAttribute('name'),
                           type: el.getAttribute('type'),
                           text: (el.textContent || '').trim()}; }"""
    )


def _calculate(page):
    page.locator(".form-actions button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("name", CALCULATORS)
def test_empty_calculator_has_no_axe_violations(server, page, name):
    response = page.goto(server["url"] + path(name))
    assert response.status == 200
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", CALCULATORS)
def test_results_have_no_axe_violations(server, page, name):
    page.goto(server["url"] + path(name) + "?example=1")
    _calculate(page)
    assert page.locator("#results-title").is_visible()
    assert page.locator("svg[role=img]").count() >= 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [
        ("impact:sroi", "#id_outcome-0-deadweight", "150"),
        ("impact:social_investment", "#id_probability_without", "abc"),
        ("impact:cost_effectiveness", "#id_delta_cost", "x"),
    ],
)
def test_errors_have_no_axe_violations(server, page, name, field, value):
    page.goto(server["url"] + path(name) + "?example=1")
    if name == "impact:cost_effectiveness":
        page.check("#id_mode_0")
    page.fill(field, value)
    with page.expect_navigation() as navigation:
        page.locator(".form-actions button[type=submit]").click()
    assert navigation.value.status == 400
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == field.lstrip("#")
    assert_no_axe_violations(page)


def test_enter_in_a_text_box_calculates_rather_than_adding_a_line(server, page):
    page.goto(server["url"] + path("impact:sroi") + "?example=1")
    page.focus("#id_outcome-0-quantity")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#results-title").is_visible()


def test_keyboard_only_calculation(server, page):
    page.goto(server["url"] + path("impact:cost_effectiveness") + "?example=1")
    for _ in range(200):
        page.keyboard.press("Tab")
        active = _active(page)
        if active["tag"] == "BUTTON" and active["type"] == "submit":
            break
    assert _active(page)["tag"] == "BUTTON"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#results-title").is_visible()


def test_add_a_line_by_keyboard_keeps_the_values(server, page):
    page.goto(server["url"] + path("impact:sroi", "en"))
    page.fill("#id_outcome-0-outcome", "Young people in work")
    page.focus("button[name=add][value=outcome]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#id_outcome-1-outcome").is_visible()
    assert page.input_value("#id_outcome-0-outcome") == "Young people in work"
    assert page.locator(".error-summary").count() == 0


@pytest.mark.parametrize("name", CALCULATORS)
def test_no_horizontal_scrolling_on_a_phone(server, browser, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server["url"] + path(name) + "?example=1")
    page.locator(".form-actions button[type=submit]").click()
    page.wait_for_load_state()
    fits = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    context.close()
    assert fits
