"""Keyboard-only use, visible focus, reflow at 320 px and the language switcher."""

import pytest

pytestmark = pytest.mark.browser


def _active(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
                   return {tag: el.tagName, id: el.id, text: (el.textContent || '').trim(),
                           name: el.getAttribute('name')}; }"""
    )


def test_skip_link_is_first_and_moves_focus_to_main(server, page):
    page.goto(server["url"] + "/sv/")
    page.keyboard.press("Tab")
    assert _active(page)["text"] == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert _active(page)["id"] == "main"


def test_focus_indicator_is_visible(server, page):
    page.goto(server["url"] + "/sv/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {width: parseFloat(s.outlineWidth), style: s.outlineStyle}; }"""
    )
    assert outline["style"] != "none"
    assert outline["width"] >= 2


def test_keyboard_only_login(server, page):
    email = "medlem@example.org"
    password = server["credentials"][email]
    page.goto(server["url"] + "/sv/konto/login/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if _active(page)["name"] == "login":
            break
    assert _active(page)["name"] == "login"
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert _active(page)["name"] == "password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(server["url"] + "/sv/")
    assert page.get_by_role("button", name="Logga ut").is_visible()


def test_keyboard_login_error_is_announced_and_focusable(server, page):
    page.goto(server["url"] + "/en/account/login/")
    page.fill("#id_login", "nobody@example.org")
    page.fill("#id_password", "wrong-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "There is a problem" in summary.inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/sv/",
        "/sv/teman/framtidens-arbete/",
        "/sv/ordlista/",
        "/en/accessibility/",
        "/sv/konto/signup/",
        "/sv/noder/orebro/",
    ],
)
def test_no_horizontal_scroll_at_320px(server, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server["url"] + path)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


def test_targets_are_at_least_24px(server, page):
    page.goto(server["url"] + "/sv/ordlista/")
    small = page.evaluate(
        """() => [...document.querySelectorAll('header a, header button, .letters a, button')]
                 .map(el => el.getBoundingClientRect())
                 .filter(r => r.width > 0 && (r.width < 24 || r.height < 24)).length"""
    )
    assert small == 0


def test_language_switcher_keeps_the_current_page(server, page):
    page.goto(server["url"] + "/sv/teman/digital-inkludering/")
    page.get_by_role("navigation", name="Språk").get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_load_state()
    assert page.url == server["url"] + "/en/themes/digital-inkludering/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Svenska"
    ).click()
    page.wait_for_load_state()
    assert page.url == server["url"] + "/sv/teman/digital-inkludering/"


def test_glossary_search_works_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server["url"] + "/sv/ordlista/")
    page.fill("#glossary-q", "effekt")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state()
    assert "q=effekt" in page.url
    status = page.locator("[role=status]").inner_text()
    context.close()
    assert "matchar" in status or "träff" in status or "term" in status


def test_glossary_live_search_updates_results_and_count(server, page):
    page.goto(server["url"] + "/sv/ordlista/")
    page.wait_for_function("() => window.htmx !== undefined")
    total = page.locator("#glossary-results .term").count()
    page.fill("#glossary-q", "skalning")
    page.wait_for_function(
        "n => document.querySelectorAll('#glossary-results .term').length < n",
        arg=total,
    )
    assert page.locator("#glossary-results .term").count() >= 1
    assert "hittades" in page.locator("#glossary-count").inner_text()
    # The live region itself stays in place so screen readers announce the change.
    assert page.locator("#glossary-count").get_attribute("role") == "status"
    assert "q=skalning" in page.url


def test_knowledge_filters_update_in_place_and_keep_focus(server, page):
    page.goto(server["url"] + "/sv/kunskapsbanken/")
    page.wait_for_function("() => window.htmx !== undefined")
    before = page.locator(".result-count").inner_text()
    box = page.locator("input[name=kind][value=film]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "t => document.querySelector('.result-count').innerText !== t", arg=before
    )
    assert "kind=film" in page.url
    assert page.evaluate("() => document.activeElement.name") == "kind"
    titles = page.locator(".result-list h3").all_inner_texts()
    # The demo has six films; only they are listed now.
    assert len(titles) == 6
    assert "Barns bostad först" in titles
