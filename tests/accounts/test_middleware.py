"""Editors must have TOTP set up, and have used it this session, to reach the admin."""

from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.nodes.models import Node
from motesplats.nodes.services import node_editor_add
from tests.factories import PASSWORD, UserFactory, activate_totp, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=user)
    return user


def _login_with_password(client, user):
    with translation.override("sv"):
        url = reverse("account_login")
    return client.post(url, {"login": user.email, "password": PASSWORD}, follow=False)


def test_admin_redirects_anonymous_visitor_to_our_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_wagtail_login_form_is_replaced_by_ours(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sv/konto/login/")
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_wagtail_login_ignores_offsite_next(client):
    response = client.get("/admin/login/?next=//evil.example/")
    assert "evil.example" not in response["Location"]


def test_editor_without_totp_is_sent_to_set_it_up(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/2fa/totp/activate/" in response["Location"]
    assert "next=%2Fadmin%2F" in response["Location"]


def test_editor_with_totp_but_no_code_this_session_must_reauthenticate(client, editor):
    activate_totp(editor)
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert "/2fa/reauthenticate/" in response["Location"]


def test_editor_who_passed_totp_at_login_reaches_admin(client, editor):
    secret = activate_totp(editor)
    response = _login_with_password(client, editor)
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response["Location"]
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_member_without_admin_access_is_not_asked_for_totp(client):
    member = UserFactory()
    client.force_login(member)
    response = client.get("/admin/")
    # Wagtail itself refuses members; our guard does not send them to set up TOTP.
    assert "/2fa/" not in response.get("Location", "")


def test_wrong_totp_code_keeps_editor_out(client, editor):
    activate_totp(editor)
    response = _login_with_password(client, editor)
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_editor_who_activates_totp_reaches_admin_without_a_second_code(
    client, editor, django_capture_on_commit_callbacks
):
    from tests.factories import login_with_password_only  # noqa: PLC0415

    login_with_password_only(client, editor)
    response = client.get("/admin/")
    activate_url = response["Location"]
    assert "/2fa/totp/activate/" in activate_url
    page = client.get(activate_url)
    assert page.status_code == 200
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(activate_url, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert editor.authenticator_set.filter(type="totp").exists()
    assert client.get("/admin/").status_code == 200
