"""Zero axe-core WCAG 2.1 A/AA violations on the foundation's pages, in both languages."""

import pytest

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser


PAGES = [
    "/sv/",
    "/en/",
    "/sv/teman/",
    "/sv/teman/barnets-rattigheter/",
    "/en/themes/digital-inkludering/",
    "/sv/noder/",
    "/sv/noder/lulea/",
    "/en/nodes/umea/",
    "/sv/ordlista/",
    "/sv/ordlista/?q=innovation",
    "/en/glossary/?letter=S",
    "/sv/tillganglighet/",
    "/en/accessibility/",
    "/sv/integritet/",
    "/en/privacy/",
    "/sv/konto/login/",
    "/en/account/login/",
    "/sv/konto/signup/",
    "/en/account/signup/",
    "/sv/konto/password/reset/",
    "/en/account/password/reset/",
    "/sv/finns-inte/",
    "/en/missing/",
    "/sv/kunskapsbanken/",
    "/sv/kunskapsbanken/?area=landsbygd&theme=jamlik-halsa&sort=title",
    "/en/knowledge-bank/?kind=film&kind=resource",
    "/sv/kunskapsbanken/?kind=film&area=landsbygd",
    "/sv/noder/malmo/yalla-trappan/",
    "/en/nodes/malmo/yalla-trappan/",
    "/sv/noder/malmo/film-barns-bostad-forst/",
    "/sv/noder/malmo/handbok-effektmatning/",
    "/en/nodes/lulea/regional-samverkan-i-norr/",
    "/sv/kunskapsbanken/100-sociala-innovationer/",
    "/sv/teman/jamlik-halsa/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(server, page, path):
    page.goto(server["url"] + path)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("path", "submit"),
    [("/sv/konto/signup/", "Skapa konto"), ("/en/account/signup/", "Sign Up")],
)
def test_signup_form_with_errors_has_no_axe_violations(server, page, path, submit):
    page.goto(server["url"] + path)
    page.fill("#id_email", "inte-en-adress")
    page.fill("#id_password1", "kort")
    page.fill("#id_password2", "annat")
    page.get_by_role("button", name=submit).click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/sv/konto/login/", "/en/account/login/"])
def test_login_form_with_errors_has_no_axe_violations(server, page, path):
    page.goto(server["url"] + path)
    page.fill("#id_login", "ingen@example.org")
    page.fill("#id_password", "fel-lösenord")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)
