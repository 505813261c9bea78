"""Messages through the platform: who may read them, consent to share one's address,
replies, the sending limit, retention and personal data."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.accounts.services import user_erase, user_export
from motesplats.actors.enums import NeedOfferStatus, Visibility
from motesplats.actors.models import (
    Message,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.services.messages import actors_retention_run, message_send
from tests.actors.factories import (
    NeedOfferFactory,
    OrganisationFactory,
    ProfileFactory,
    add_org_member,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"actors:{name}", args=args)


def send_url(**params):
    from urllib.parse import urlencode  # noqa: PLC0415

    return f"{url('message_send')}?{urlencode(params)}"


@pytest.fixture
def people():
    sender = UserFactory(email="avsandare@example.org", display_name="Sara Sändare")
    recipient = UserFactory(email="mottagare@example.org")
    profile = ProfileFactory(
        user=recipient,
        name="Mona Mottagare",
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
    )
    return sender, recipient, profile


def _post(client, target, **data):
    body = {"subject": "Samarbete om läxhjälp", "body": "Hej! Vill ni samarbeta?"}
    body.update(data)
    return client.post(target, body)


def test_message_to_a_person_hides_the_senders_address_by_default(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    sender, recipient, profile = people
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, send_url(to=profile.uuid))
    assert response.status_code == 302
    message = Message.objects.get(sender=sender)
    assert message.recipient == recipient
    assert not message.share_email
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["mottagare@example.org"]
    assert "Sara Sändare" in mail.subject + mail.body
    assert "avsandare@example.org" not in mail.body
    assert "avsandare@example.org" not in str(mail.message())
    assert mail.reply_to == []
    client.force_login(recipient)
    page = client.get(url("message_detail", message.uuid)).content.decode()
    assert "Hej! Vill ni samarbeta?" in page
    assert "avsandare@example.org" not in page


def test_consent_shares_the_address_and_sets_reply_to(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    sender, recipient, profile = people
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, send_url(to=profile.uuid), share_email="on")
    message = Message.objects.get(sender=sender)
    assert message.share_email
    assert "avsandare@example.org" in mailoutbox[0].body
    assert mailoutbox[0].reply_to == ["avsandare@example.org"]
    client.force_login(recipient)
    page = client.get(url("message_detail", message.uuid)).content.decode()
    assert "mailto:avsandare@example.org" in page


def test_only_sender_and_recipient_read_a_message_and_reading_marks_it(client, people):
    sender, recipient, _profile = people
    message = message_send(
        sender=sender, recipient=recipient, subject="Hej", body="Text"
    )
    client.force_login(UserFactory())
    assert client.get(url("message_detail", message.uuid)).status_code == 404
    assert client.get(send_url(reply=message.uuid)).status_code == 404
    client.force_login(sender)
    assert client.get(url("message_detail", message.uuid)).status_code == 200
    message.refresh_from_db()
    assert message.read_at is None  # the sender's own reading does not count
    client.force_login(recipient)
    assert client.get(url("message_detail", message.uuid)).status_code == 200
    message.refresh_from_db()
    assert message.read_at is not None
    client.logout()
    response = client.get(url("message_detail", message.uuid))
    assert response.status_code == 302


def test_messages_to_an_organisation_reach_its_active_admins_only(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    sender, _recipient, _profile = people
    org = OrganisationFactory(name="Föreningen Bryggan")
    admin = UserFactory(email="admin.bryggan@example.org")
    add_org_member(org, admin, admin=True)
    add_org_member(org, UserFactory(email="medlem.bryggan@example.org"))
    add_org_member(
        org, UserFactory(email="vantar@example.org"), admin=True, active=False
    )
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, send_url(organisation=org.uuid))
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["admin.bryggan@example.org"]]
    message = Message.objects.get(recipient_organisation=org)
    client.force_login(admin)
    assert message in client.get(url("message_inbox")).context["page_obj"].object_list
    assert client.get(url("message_detail", message.uuid)).status_code == 200
    member = OrganisationMembership.objects.get(
        user__email="medlem.bryggan@example.org"
    )
    client.force_login(member.user)
    assert client.get(url("message_detail", message.uuid)).status_code == 404


def test_reply_goes_back_to_the_sender(client, people):
    sender, recipient, _profile = people
    first = message_send(sender=sender, recipient=recipient, subject="Fråga", body="?")
    client.force_login(recipient)
    form = client.get(send_url(reply=first.uuid))
    assert form.context["form"].initial["subject"] == "Re: Fråga"
    response = _post(
        client, send_url(reply=first.uuid), subject="Re: Fråga", body="Svar"
    )
    assert response.status_code == 302
    reply = Message.objects.get(reply_to=first)
    assert reply.sender == recipient
    assert reply.recipient == sender
    client.force_login(sender)
    page = client.get(url("message_detail", reply.uuid))
    assert [m.pk for m, _name in page.context["thread"]] == [first.pk]


def test_a_person_who_takes_no_messages_cannot_be_written_to(client, people):
    sender, _recipient, profile = people
    profile.accepts_messages = False
    profile.save()
    client.force_login(sender)
    response = _post(client, send_url(to=profile.uuid))
    assert response.status_code == 400
    assert not Message.objects.filter(sender=sender).exists()


def test_regarding_a_need_writes_to_its_organisation(client, people):
    sender, _recipient, _profile = people
    org = OrganisationFactory()
    add_org_member(org, UserFactory(), admin=True)
    need = NeedOfferFactory(organisation=org, title="Vi söker lokaler")
    client.force_login(sender)
    page = client.get(send_url(regarding=need.uuid))
    assert page.context["form"].initial["subject"] == "Vi söker lokaler"
    _post(client, send_url(regarding=need.uuid))
    message = Message.objects.get(sender=sender)
    assert message.regarding == need
    assert message.recipient_organisation == org


def test_regarding_a_closed_need_is_refused(client, people):
    sender, _recipient, _profile = people
    need = NeedOfferFactory(status=NeedOfferStatus.CLOSED)
    client.force_login(sender)
    response = _post(client, send_url(regarding=need.uuid))
    assert response.status_code == 400
    assert not Message.objects.filter(sender=sender).exists()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"to": "not-a-uuid"},
        {"to": "3f1e5c5e-0000-4000-8000-000000000000"},
        {"organisation": "x"},
        {"regarding": "'; drop table"},
        {"reply": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_unknown_recipients_are_not_found(client, people, params):
    client.force_login(people[0])
    from urllib.parse import urlencode  # noqa: PLC0415

    response = client.post(
        f"{url('message_send')}?{urlencode(params)}", {"subject": "a", "body": "b"}
    )
    assert response.status_code == 404
    assert not Message.objects.filter(sender=people[0]).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": "   "}, "required"),
        ({"body": ""}, "required"),
        ({"subject": "x" * 201}, "at most 200"),
        ({"body": "x" * 5001}, "at most 5000"),
    ],
)
def test_bad_message_input_is_explained_and_nothing_is_sent(
    client, people, data, message, mailoutbox
):
    sender, _recipient, profile = people
    client.force_login(sender)
    response = _post(client, send_url(to=profile.uuid), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Message.objects.filter(sender=sender).exists()
    assert mailoutbox == []


def test_a_member_cannot_write_to_themselves(client, people):
    _sender, recipient, profile = people
    client.force_login(recipient)
    assert _post(client, send_url(to=profile.uuid)).status_code == 400
    assert not Message.objects.filter(sender=recipient).exists()


def test_sending_is_limited_per_hour(client, people, settings):
    settings.ACTORS_MESSAGES_PER_HOUR = 3
    sender, _recipient, profile = people
    client.force_login(sender)
    for _n in range(3):
        assert _post(client, send_url(to=profile.uuid)).status_code == 302
    response = _post(client, send_url(to=profile.uuid))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many messages" in response.content.decode()
    assert Message.objects.filter(sender=sender).count() == 3


def test_inbox_and_sent_lists_have_a_pinned_query_count(
    client, people, django_assert_max_num_queries
):
    sender, recipient, _profile = people
    for n in range(15):
        message_send(sender=sender, recipient=recipient, subject=f"Nr {n}", body="Text")
    client.force_login(recipient)
    with django_assert_max_num_queries(12):
        response = client.get(url("message_inbox"))
    assert len(response.context["page_obj"].object_list) == 15
    client.force_login(sender)
    with django_assert_max_num_queries(12):
        response = client.get(url("message_sent"))
    assert "Mona Mottagare" in response.content.decode()


def test_retention_deletes_messages_older_than_24_months(people):
    sender, recipient, _profile = people
    old = message_send(sender=sender, recipient=recipient, subject="Gammalt", body="x")
    Message.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=731)
    )
    new = Message.objects.create(
        sender=sender, recipient=recipient, subject="Nytt", body="y"
    )
    assert actors_retention_run() == {"actor_messages": 1}
    assert list(Message.objects.filter(pk__in=[old.pk, new.pk])) == [new]


def test_the_accounts_retention_task_runs_the_message_rule(people):
    from motesplats.accounts.services import user_purge_expired  # noqa: PLC0415

    sender, recipient, _profile = people
    old = message_send(sender=sender, recipient=recipient, subject="Gammalt", body="x")
    Message.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=800)
    )
    counts = user_purge_expired()
    assert counts["actor_messages"] == 1
    assert not Message.objects.filter(pk=old.pk).exists()


def test_export_holds_the_profile_memberships_and_messages(people):
    sender, recipient, _profile = people
    org = OrganisationFactory(name="Föreningen Exporten")
    add_org_member(org, recipient, admin=True)
    message_send(sender=sender, recipient=recipient, subject="Hej", body="Till dig")
    data = user_export(user=recipient)["sections"]
    assert data["actors_profiles"]["profile"]["name"] == "Mona Mottagare"
    assert data["actors_profiles"]["messages"][0]["body"] == "Till dig"
    assert data["actors_profiles"]["messages"][0]["direction"] == "received"
    assert data["actors_organisations"]["memberships"][0]["organisation"] == org.name


def test_erasure_removes_profile_memberships_and_messages(people):
    sender, recipient, profile = people
    org = OrganisationFactory()
    add_org_member(org, sender, admin=True)
    proposed = OrganisationFactory(proposed_by=sender)
    to_person = message_send(sender=sender, recipient=recipient, subject="a", body="b")
    add_org_member(org, UserFactory(), admin=True)
    to_org = message_send(sender=recipient, organisation=org, subject="c", body="d")
    ProfileFactory(user=sender)
    user_erase(user=sender)
    assert Profile.objects.filter(pk=profile.pk).exists()  # the recipient's stays
    assert not Profile.objects.filter(user_id=sender.pk).exists()
    assert not OrganisationMembership.objects.filter(user_id=sender.pk).exists()
    assert not Message.objects.filter(pk=to_person.pk).exists()
    # The message to the organisation was not theirs: it stays with the organisation.
    assert Message.objects.filter(pk=to_org.pk).exists()
    proposed.refresh_from_db()
    assert proposed.proposed_by is None
    assert Organisation.objects.filter(pk=org.pk).exists()
