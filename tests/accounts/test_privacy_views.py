"""The member's privacy pages: download my data, consents, delete my account, and the
processing register on the privacy page."""

import json

from django.core import mail
from django.urls import reverse

import pytest

from motesplats.accounts import gdpr
from motesplats.accounts.consents import PURPOSES
from motesplats.accounts.models import ConsentRecord, User
from motesplats.accounts.register import processing_register
from motesplats.accounts.selectors import consent_states, users_consenting
from motesplats.accounts.services import consent_set
from motesplats.accounts.tasks import purge_expired
from motesplats.core.models import AuditEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(
        email="kanarie.privat@example.org", display_name="Kanarie <b>Fågel</b>"
    )
    client.force_login(user)
    return user


# -- Download my data -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "accounts:my_data",
        "accounts:my_data_download",
        "accounts:my_data_page",
        "accounts:consents",
        "accounts:delete",
    ],
)
def test_pages_need_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_download_is_the_whole_export_as_json(client, member, en):
    response = client.get(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="motesplats-'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert set(data["sections"]) == {h.name for h in gdpr.handlers()}
    assert data["sections"]["account"]["email"] == "kanarie.privat@example.org"


def test_readable_page_shows_every_section_escaped(client, member, en):
    consent_set(user=member, purpose="newsletter", given=True, source="test")
    response = client.get(reverse("accounts:my_data_page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "kanarie.privat@example.org" in html
    assert "Kanarie &lt;b&gt;Fågel&lt;/b&gt;" in html
    assert "<b>Fågel</b>" not in html
    for handler in gdpr.handlers():
        assert f'id="data-{handler.name}"' in html
    # A flat list of records reads as a table with a header per key.
    assert '<th scope="col">Purpose</th>' in html
    assert "no-store" in response["Cache-Control"]


def test_export_is_rate_limited(client, member):
    url = reverse("accounts:my_data_download")
    for _ in range(10):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert client.get(reverse("accounts:my_data_page")).status_code == 429


# -- Consents -------------------------------------------------------------------------


def test_giving_and_withdrawing_are_recorded_with_text_and_version(client, member, en):
    url = reverse("accounts:consents")
    assert client.post(url, {"purpose": "photos", "action": "give"}).status_code == 302
    assert client.post(url, {"purpose": "photos", "action": "give"}).status_code == 302
    records = list(ConsentRecord.objects.filter(user=member).order_by("id"))
    assert len(records) == 1  # the second click changed nothing
    given = records[0]
    assert given.given
    assert given.purpose == "photos"
    assert given.version == PURPOSES["photos"].version
    assert given.text == str(PURPOSES["photos"].text)
    assert given.language == "en"
    assert given.source == "consents page"
    assert list(users_consenting(purpose="photos")) == [member]

    assert (
        client.post(url, {"purpose": "photos", "action": "withdraw"}).status_code == 302
    )
    withdrawn = ConsentRecord.objects.filter(user=member).latest("id")
    assert withdrawn.given is False
    assert not users_consenting(purpose="photos").exists()
    page = client.get(url).content.decode()
    assert "Withdrawn" in page
    assert "Give consent: photos and films at meetings" in page
    assert AuditEntry.objects.filter(
        actor=member, action="accounts.consent.withdrawn"
    ).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"purpose": "marketing", "action": "give"},
        {"purpose": "photos", "action": "maybe"},
    ],
)
def test_bad_consent_post_changes_nothing(client, member, data, en):
    response = client.post(reverse("accounts:consents"), data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not ConsentRecord.objects.filter(user=member).exists()


def test_consent_to_an_older_text_is_asked_again(member, monkeypatch):
    consent_set(user=member, purpose="newsletter", given=True, source="test")
    ConsentRecord.objects.filter(user=member).update(version="2020-01")
    state = next(
        s for s in consent_states(user=member) if s.purpose.key == "newsletter"
    )
    assert state.given
    assert state.outdated
    assert consent_set(user=member, purpose="newsletter", given=True, source="test")
    state = next(
        s for s in consent_states(user=member) if s.purpose.key == "newsletter"
    )
    assert state.given
    assert not state.outdated


def test_unknown_purpose_is_refused(member):
    with pytest.raises(ValueError, match="Unknown consent purpose"):
        consent_set(user=member, purpose="spam", given=True, source="test")


def test_consents_are_in_the_export(client, member):
    consent_set(user=member, purpose="newsletter", given=True, source="test")
    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    [row] = data["sections"]["consents"]
    assert row["purpose"] == "newsletter"
    assert row["given"] is True
    assert row["text"] == str(PURPOSES["newsletter"].text)


# -- Deleting the account ---------------------------------------------------------------


@pytest.fixture
def handler_that_keeps():
    """A purpose whose contributions stay, as comments do; it has data for `holds`."""
    holds: set[int] = set()
    gdpr.register(
        gdpr.PersonalDataHandler(
            name="zz_kept",
            models=(),
            export=lambda user: {"posts": ["x"]} if user.pk in holds else {"posts": []},
            erase=lambda user: None,
            title="Posts in a test",
            kept_after_erasure="Test posts stay without the name.",
        )
    )
    yield holds
    gdpr._handlers.pop("zz_kept")


def test_delete_page_says_what_stays_for_data_the_member_has(
    client, member, handler_that_keeps, en
):
    url = reverse("accounts:delete")
    assert "Test posts stay without the name." not in client.get(url).content.decode()
    assert "Nothing: you have made no contributions" in client.get(url).content.decode()
    handler_that_keeps.add(member.pk)
    page = client.get(url).content.decode()
    assert "Test posts stay without the name." in page
    assert "Posts in a test" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "fel", "understood": "on"}, "The password is not right."),
        ({"password": PASSWORD}, "Tick the box to confirm that you understand."),
        ({}, "Tick the box to confirm that you understand."),
    ],
)
def test_delete_refused_without_password_and_confirmation(
    client, member, data, message, en
):
    response = client.post(reverse("accounts:delete"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert not mail.outbox


def test_delete_erases_signs_out_and_confirms_by_mail(client, member, en):
    consent_set(user=member, purpose="newsletter", given=True, source="test")
    user_id = member.pk
    response = client.post(
        reverse("accounts:delete"), {"password": PASSWORD, "understood": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(pk=user_id).exists()
    assert not ConsentRecord.objects.filter(user_id=user_id).exists()
    assert "_auth_user_id" not in client.session
    [goodbye] = mail.outbox
    assert goodbye.to == ["kanarie.privat@example.org"]
    assert goodbye.subject == "Ditt konto på Mötesplats är raderat"  # their language
    entry = AuditEntry.objects.get(action="accounts.user.erased")
    assert entry.data == {"user_id": user_id}
    assert client.get(reverse("accounts:deleted")).status_code == 200


def test_account_without_password_deletes_with_confirmation_only(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"understood": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_only_administrator_cannot_delete_the_account(client, en):
    User.objects.filter(is_superuser=True).update(is_superuser=False)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("accounts:delete"))
    assert "only administrator" in page.content.decode()
    response = client.post(
        reverse("accounts:delete"), {"password": PASSWORD, "understood": "on"}
    )
    assert response.status_code == 409
    assert User.objects.filter(pk=admin.pk).exists()


def test_delete_attempts_are_rate_limited(client, member):
    url = reverse("accounts:delete")
    for _ in range(5):
        assert (
            client.post(url, {"password": "fel", "understood": "on"}).status_code == 400
        )
    refused = client.post(url, {"password": PASSWORD, "understood": "on"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert User.objects.filter(pk=member.pk).exists()


# -- The processing register -----------------------------------------------------------


def test_register_has_a_row_per_handler_with_settings_filled_in(settings):
    rows = processing_register()
    assert {r["name"] for r in rows} == {h.name for h in gdpr.handlers()}
    for row in rows:
        assert "{" not in row["period"]


def test_privacy_page_shows_the_register(client, en):
    html = client.get("/en/privacy/").content.decode()
    assert "What we store, why, and for how long" in html
    for row in processing_register():
        assert f'<th scope="row">{row["title"]}</th>' in html


def test_my_data_page_shows_the_register_and_consents(client, member, en):
    html = client.get(reverse("accounts:my_data")).content.decode()
    assert "What we store, why, and for how long" in html
    assert "The network&#x27;s newsletter: not given" in html.replace("\n", "")


def test_retention_task_runs_the_rules():
    counts = purge_expired.call()
    assert "unconfirmed_accounts" in counts
    assert "audit_entries" in counts
