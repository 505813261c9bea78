"""What the browser tests share: the axe-core check and signing in."""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.1 level A and AA, the platform's target (docs/architecture.md).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def assert_no_axe_violations(page) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def sign_in(page, base_url: str, email: str, password: str, language: str = "sv"):
    """Sign in through the real login form (members without a second factor)."""
    login = "/sv/konto/login/" if language == "sv" else "/en/account/login/"
    page.goto(base_url + login)
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
