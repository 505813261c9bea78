"""Sign up, confirm e-mail, log in, log out, reset password; bad input changes nothing."""

import re

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from motesplats.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/sv/konto/signup/"
LOGIN = "/sv/konto/login/"


def _signup(client, email, password="Ett-starkt-lösen-2026", url=SIGNUP):
    return client.post(
        url, {"email": email, "password1": password, "password2": password}
    )


def test_signup_sends_confirmation_and_confirming_logs_in(client):
    response = _signup(client, "ny.medlem@example.org")
    assert response.status_code == 302
    user = User.objects.get(email="ny.medlem@example.org")
    assert user.preferred_language == "sv"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^\s]+/konto/confirm-email/[^\s]+/", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_in_english_records_english(client):
    _signup(client, "new.member@example.org", url="/en/account/signup/")
    assert User.objects.get(email="new.member@example.org").preferred_language == "en"
    assert "Confirm" in mail.outbox[0].subject or "confirm" in mail.outbox[0].body


def test_unverified_member_cannot_log_in(client):
    UserFactory(email="ej.bekraftad@example.org", verified=False)
    response = client.post(
        LOGIN, {"login": "ej.bekraftad@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    # allauth sends a new confirmation link and shows the "check your e-mail" step.
    assert response.status_code == 302
    assert response["Location"] == "/sv/konto/confirm-email/"
    assert len(mail.outbox) == 1


def test_signup_with_taken_email_does_not_create_a_second_account(client):
    UserFactory(email="upptagen@example.org")
    before = User.objects.count()
    response = _signup(client, "Upptagen@Example.org")
    assert User.objects.count() == before
    # Enumeration is prevented: the visitor sees the same "check your e-mail" step.
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("password", "message_sv"),
    [
        ("kort", "för kort"),
        ("12345678901", "enbart numeriskt"),
        ("password123", "för vanligt"),
    ],
)
def test_weak_password_is_refused_in_swedish(client, password, message_sv):
    before = User.objects.count()
    response = _signup(client, "svag@example.org", password=password)
    body = response.content.decode()
    assert response.status_code == 200
    assert User.objects.count() == before
    assert message_sv in body
    assert 'aria-invalid="true"' in body
    assert "Det finns ett problem" in body


def test_weak_password_is_refused_in_english(client):
    response = _signup(
        client, "weak@example.org", password="kort", url="/en/account/signup/"
    )
    body = response.content.decode()
    assert "too short" in body
    assert "There is a problem" in body


def test_login_and_logout(client):
    user = UserFactory()
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    response = client.post("/sv/konto/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_clear_message(client):
    user = UserFactory()
    response = client.post(LOGIN, {"login": user.email, "password": "fel-lösenord"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "E-postadressen eller lösenordet är fel." in response.content.decode()


def test_repeated_failed_logins_are_throttled_even_with_right_password(client):
    user = UserFactory()
    for _ in range(5):
        client.post(LOGIN, {"login": user.email, "password": "fel-lösenord"})
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "För många" in response.content.decode()


def test_password_reset_sends_link_and_sets_new_password(client):
    user = UserFactory()
    response = client.post("/sv/konto/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://testserver(/sv/konto/password/reset/key/[^\s]+/)",
        mail.outbox[0].body,
    )
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    form_url = (
        response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    )
    new = "Nytt-säkert-lösen-2026"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_with_bad_token_is_explained_and_changes_nothing(client):
    user = UserFactory()
    response = client.get("/sv/konto/password/reset/key/xx-bad-token/", follow=True)
    assert response.status_code == 200
    assert "ogiltig" in response.content.decode().lower()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
