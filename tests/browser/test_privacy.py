"""The member's privacy pages in a real browser: no axe violations, in both languages,
and deleting an account from start to end."""

import pytest

from tests.browser.conftest import MEMBER_EMAIL
from tests.browser.helpers import assert_no_axe_violations, sign_in

LEAVER_PASSWORD = "lämnar-nätverket-2026"
LEAVER_SETUP = """
from allauth.account.models import EmailAddress
from motesplats.accounts.models import User
user = User.objects.create_user(email="{email}", password="{password}", display_name="Lämnar")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""
PATHS = {
    "sv": {
        "my_data": "/sv/konto/mina-uppgifter/",
        "read": "/sv/konto/mina-uppgifter/las/",
        "consents": "/sv/konto/samtycken/",
        "delete": "/sv/konto/ta-bort/",
        "privacy": "/sv/integritet/",
    },
    "en": {
        "my_data": "/en/account/my-data/",
        "read": "/en/account/my-data/read/",
        "consents": "/en/account/consents/",
        "delete": "/en/account/delete/",
        "privacy": "/en/privacy/",
    },
}


@pytest.fixture
def member_page(server, page):
    def open_as_member(language):
        sign_in(
            page,
            server["url"],
            MEMBER_EMAIL,
            server["credentials"][MEMBER_EMAIL],
            language,
        )
        return page

    return open_as_member


@pytest.mark.parametrize("language", ["sv", "en"])
def test_my_data_and_the_readable_export_have_no_axe_violations(
    server, member_page, language
):
    page = member_page(language)
    paths = PATHS[language]
    page.goto(server["url"] + paths["my_data"])
    assert page.locator("h1").count() == 1
    assert page.locator("table.processing-register tbody tr").count() >= 10
    assert_no_axe_violations(page)
    page.goto(server["url"] + paths["read"])
    assert page.locator("section.data-section h2").count() >= 10
    assert MEMBER_EMAIL in page.locator("main").inner_text()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_consents_give_and_withdraw(server, member_page, language):
    page = member_page(language)
    page.goto(server["url"] + PATHS[language]["consents"])
    section = page.locator("section#consent-photos, section:has(#consent-photos)")
    button = section.locator("button[type=submit]")
    before = button.get_attribute("value")
    button.click()
    page.wait_for_load_state()
    after = page.locator("section:has(#consent-photos) button[type=submit]")
    assert after.get_attribute("value") != before
    assert page.locator("[role=status]").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_privacy_page_shows_the_register_without_axe_violations(server, page, language):
    page.goto(server["url"] + PATHS[language]["privacy"])
    assert page.locator("table.processing-register tbody tr").count() >= 10
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_deleting_an_account_from_start_to_end(server, page, language):
    email = f"lamnar-{language}@example.org"
    server["shell"](LEAVER_SETUP.format(email=email, password=LEAVER_PASSWORD))
    sign_in(page, server["url"], email, LEAVER_PASSWORD, language)
    page.goto(server["url"] + PATHS[language]["delete"])
    assert_no_axe_violations(page)
    # Sending without the box ticked and with a wrong password explains both.
    page.fill("#id_password", "fel-lösenord")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary li").count() == 2
    assert_no_axe_violations(page)
    page.fill("#id_password", LEAVER_PASSWORD)
    page.check("#id_understood")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(("/konto/raderat/", "/account/deleted/"))
    assert_no_axe_violations(page)
    remaining = server["shell"](
        f'from motesplats.accounts.models import User; print(User.objects.filter(email="{email}").count())'
    )
    assert remaining.strip().splitlines()[-1] == "0"
