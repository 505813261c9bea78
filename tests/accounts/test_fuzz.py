"""Any input to the public forms gives a clear answer, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.accounts.models import User

pytestmark = pytest.mark.django_db

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(email=TEXT, password1=TEXT, password2=TEXT, lang=st.sampled_from(["sv", "en"]))
def test_signup_never_fails_and_never_creates_an_account_from_junk(
    client, email, password1, password2, lang
):
    before = User.objects.count()
    path = "/sv/konto/signup/" if lang == "sv" else "/en/account/signup/"
    response = client.post(
        path, {"email": email, "password1": password1, "password2": password2}
    )
    assert response.status_code in (200, 302, 429)
    if response.status_code == 200:
        assert User.objects.count() == before


@FUZZ
@given(login=TEXT, password=TEXT)
def test_login_never_fails_on_junk(client, login, password):
    response = client.post("/sv/konto/login/", {"login": login, "password": password})
    assert response.status_code in (200, 302, 429)
    assert "_auth_user_id" not in client.session


@FUZZ
@given(q=TEXT, letter=TEXT)
def test_glossary_search_never_fails(client, q, letter):
    response = client.get("/sv/ordlista/", {"q": q, "letter": letter})
    assert response.status_code == 200


@FUZZ
@given(email=TEXT)
def test_password_reset_never_fails_or_reveals_accounts(client, email):
    response = client.post("/en/account/password/reset/", {"email": email})
    assert response.status_code in (200, 302, 429)
