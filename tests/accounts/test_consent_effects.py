"""Consents act: a public profile is a consent, withdrawing it hides the profile again,
and organisers see who has not consented to photos."""

import csv
import io

from django.urls import reverse

import pytest

from motesplats.accounts.models import ConsentRecord
from motesplats.accounts.services import consent_set
from motesplats.actors.enums import Visibility
from motesplats.actors.models import PROFILE_FIELDS, Profile
from motesplats.actors.services.profiles import profile_save
from motesplats.events.models import Registration
from motesplats.events.reports import participants_csv, photo_consenting
from tests.events.factories import book, make_event
from tests.factories import UserFactory, login_with_totp, national_editor_signed_in

pytestmark = pytest.mark.django_db


def _public_name(user):
    return profile_save(
        user=user,
        data={
            "name": "Kanarie Profil",
            "name_visibility": Visibility.PUBLIC,
            "is_listed": True,
        },
    )


def test_showing_a_profile_field_records_consent_and_hiding_withdraws():
    user = UserFactory()
    _public_name(user)
    given = ConsentRecord.objects.get(user=user)
    assert given.purpose == "public_profile"
    assert given.given
    assert given.source == "profile"
    _public_name(user)  # saving again changes nothing
    assert ConsentRecord.objects.filter(user=user).count() == 1
    profile_save(user=user, data={"name": "Kanarie Profil", "is_listed": True})
    latest = ConsentRecord.objects.filter(user=user).latest("id")
    assert latest.given is False


def test_a_private_profile_is_no_consent():
    user = UserFactory()
    profile_save(user=user, data={"name": "Bara jag", "is_listed": False})
    assert not ConsentRecord.objects.filter(user=user).exists()


def test_withdrawing_on_the_consents_page_hides_every_field(client):
    user = UserFactory()
    profile = _public_name(user)
    person_url = reverse("actors:profile_detail", args=[profile.uuid])
    assert client.get(person_url).status_code == 200
    client.force_login(user)
    response = client.post(
        reverse("accounts:consents"),
        {"purpose": "public_profile", "action": "withdraw"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert not profile.is_listed
    assert all(
        getattr(profile, f"{name}_visibility") == Visibility.PRIVATE
        for name in PROFILE_FIELDS
    )
    client.logout()
    assert client.get(person_url).status_code == 404


def test_organisers_see_photo_consent_by_account_or_address(en):
    event = make_event(node="malmo")
    book(event, "Anna Foto", "Bo Ingen", "Cia Konto")
    anna = UserFactory(email="anna.foto@example.org")
    consent_set(user=anna, purpose="photos", given=True, source="test")
    cia = UserFactory(email="annan.adress@example.org")
    consent_set(user=cia, purpose="photos", given=True, source="test")
    registrations = list(
        Registration.objects.filter(event=event.canonical).order_by("name")
    )
    cia_registration = next(r for r in registrations if r.name == "Cia Konto")
    cia_registration.user = cia
    cia_registration.save(update_fields=["user"])
    assert photo_consenting(registrations) == {
        r.pk for r in registrations if r.name in {"Anna Foto", "Cia Konto"}
    }
    text, _rows = participants_csv(event=event)
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = parsed[0].index("Photo consent on account")
    by_name = {row[0]: row[column] for row in parsed[1:]}
    assert by_name == {"Anna Foto": "Yes", "Bo Ingen": "No", "Cia Konto": "Yes"}
    consent_set(user=anna, purpose="photos", given=False, source="test")
    assert photo_consenting(registrations) == {cia_registration.pk}


def test_national_editors_list_newsletter_recipients_only(client, en):
    yes = UserFactory(email="ja.tack@example.org", display_name="=HYPERLINK(1)")
    consent_set(user=yes, purpose="newsletter", given=True, source="test")
    changed_mind = UserFactory(email="nej.nu@example.org")
    consent_set(user=changed_mind, purpose="newsletter", given=True, source="test")
    consent_set(user=changed_mind, purpose="newsletter", given=False, source="test")
    never = UserFactory(email="aldrig@example.org")
    national_editor_signed_in(client)
    url = reverse("accounts_newsletter_recipients")
    html = client.get(url).content.decode()
    assert "ja.tack@example.org" in html
    assert "nej.nu@example.org" not in html
    assert never.email not in html
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert [row[0] for row in rows[1:]] == ["ja.tack@example.org"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    from motesplats.core.models import AuditEntry  # noqa: PLC0415

    assert AuditEntry.objects.filter(
        action="accounts.newsletter_recipients.exported", data={"rows": 1}
    ).exists()


def test_node_editors_and_members_cannot_list_recipients(client):
    from motesplats.nodes.models import Node  # noqa: PLC0415
    from motesplats.nodes.services import node_editor_add  # noqa: PLC0415

    editor = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=editor)
    login_with_totp(client, editor)
    url = reverse("accounts_newsletter_recipients")
    response = client.get(url, {"format": "csv"})
    assert response.status_code in {302, 403}
    assert b"@" not in response.content
