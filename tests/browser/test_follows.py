"""The follows page and the unsubscribe pages in a real browser: no axe violations."""

import pytest

from tests.browser.conftest import MEMBER_EMAIL
from tests.browser.helpers import assert_no_axe_violations, sign_in

SETUP = f"""
from django.urls import reverse
from django.utils import translation
from motesplats.accounts.models import User
from motesplats.pages.follows.services import follow_add, unsubscribe_token
user = User.objects.get(email="{MEMBER_EMAIL}")
follow_add(user=user, kind="node", key="malmo", label="Malmö")
follow_add(user=user, kind="search", key="gröna tak", label="gröna tak")
for language in ("sv", "en"):
    with translation.override(language):
        print(reverse("follows:mine"), reverse("follows:unsubscribe",
              args=[unsubscribe_token(user)]))
"""


@pytest.fixture(scope="module")
def paths(server):
    lines = server["shell"](SETUP).split("\n")
    rows = [line.split() for line in lines if line.strip()]
    return {"sv": rows[-2], "en": rows[-1]}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_my_follows_page_has_no_axe_violations(server, page, paths, language):
    sign_in(
        page,
        server["url"],
        MEMBER_EMAIL,
        server["credentials"][MEMBER_EMAIL],
        language,
    )
    page.goto(server["url"] + paths[language][0])
    assert page.locator("h1").count() == 1
    assert page.locator("main form button[type=submit]").count() >= 3
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_unsubscribe_pages_have_no_axe_violations(server, page, paths, language):
    unsubscribe = paths[language][1]
    page.goto(server["url"] + unsubscribe)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    response = page.goto(server["url"] + unsubscribe[:-10] + "broken/")
    assert response.status == 400
    assert_no_axe_violations(page)
