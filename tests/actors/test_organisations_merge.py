"""Editors merge two organisations: everything moves, nothing is doubled, the old page
redirects; and they approve or reject proposals in the admin."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.actors.enums import (
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import (
    CoalitionMember,
    Message,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.services.organisation_merge import organisation_merge
from motesplats.core.models import AuditEntry
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP
from motesplats.taxonomy.models import Theme
from tests.actors.factories import (
    CoalitionFactory,
    NeedOfferFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
)
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=NATIONAL_EDITORS_GROUP))
    return user


@pytest.fixture
def pair():
    themes = list(Theme.objects.order_by("sort_order"))
    source = OrganisationFactory(
        name="Kvarnby Läxhjälp", themes=themes[:2], website="https://exempel-a.example"
    )
    target = OrganisationFactory(
        name="Kvarnby läxhjälpsförening", themes=themes[1:3], website=""
    )
    return source, target


def test_merge_moves_everything_without_duplicates(pair):
    source, target = pair
    both = UserFactory()
    only_source_admin = UserFactory()
    pending_here_active_there = UserFactory()
    add_org_member(source, both, admin=True)
    add_org_member(target, both)  # a plain member of the target: becomes admin
    add_org_member(source, only_source_admin, admin=True)
    add_org_member(source, pending_here_active_there, active=False)
    add_org_member(target, pending_here_active_there)
    profile = ProfileFactory(organisation=source)
    need = NeedOfferFactory(organisation=source)
    shared = CoalitionFactory()
    own = CoalitionFactory()
    add_coalition_member(shared, organisation=source, coordinator=True)
    add_coalition_member(shared, organisation=target, active=False)
    add_coalition_member(own, organisation=source)
    sender = UserFactory()
    message = Message.objects.create(
        sender=sender, recipient_organisation=source, subject="Hej", body="Hej!"
    )

    organisation_merge(source=source, target=target, actor=editor())

    source.refresh_from_db()
    target.refresh_from_db()
    assert source.status == OrganisationStatus.MERGED
    assert source.merged_into == target
    assert not OrganisationMembership.objects.filter(organisation=source).exists()
    members = {
        m.user_id: m for m in OrganisationMembership.objects.filter(organisation=target)
    }
    assert len(members) == 3
    assert members[both.pk].role == OrganisationRole.ADMIN
    assert members[only_source_admin.pk].role == OrganisationRole.ADMIN
    assert members[pending_here_active_there.pk].status == MembershipStatus.ACTIVE
    assert Profile.objects.get(pk=profile.pk).organisation == target
    assert NeedOffer.objects.get(pk=need.pk).organisation == target
    coalition_rows = CoalitionMember.objects.filter(organisation=target)
    assert coalition_rows.count() == 2
    merged_row = coalition_rows.get(coalition=shared)
    assert merged_row.status == MembershipStatus.ACTIVE
    assert merged_row.role == "coordinator"
    assert not CoalitionMember.objects.filter(organisation=source).exists()
    assert Message.objects.get(pk=message.pk).recipient_organisation == target
    assert set(target.themes.values_list("pk", flat=True)) == set(
        Theme.objects.order_by("sort_order")[:3].values_list("pk", flat=True)
    )
    assert target.website == "https://exempel-a.example"
    entry = AuditEntry.objects.get(action="actors.organisation.merged")
    assert entry.data["source"] == source.pk
    assert entry.data["memberships"] == 1


def test_target_takes_the_number_only_when_it_has_none(pair):
    source, target = pair
    number = source.org_number
    target.org_number = ""
    target.save()
    organisation_merge(source=source, target=target, actor=editor())
    target.refresh_from_db()
    assert target.org_number == number


def test_old_page_redirects_to_the_target_even_through_two_merges(client, pair):
    source, target = pair
    third = OrganisationFactory(name="Läxhjälpen i Kvarnby")
    organisation_merge(source=source, target=target, actor=editor())
    organisation_merge(source=target, target=third, actor=editor())
    with translation.override("en"):
        old = reverse("actors:organisation_detail", args=[source.slug])
        new = reverse("actors:organisation_detail", args=[third.slug])
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize("case", ["self", "merged", "target_proposed", "not_editor"])
def test_refused_merges_change_nothing(pair, case):
    source, target = pair
    actor = editor()
    add_org_member(source, UserFactory())
    if case == "self":
        target = source
    elif case == "merged":
        source.status = OrganisationStatus.MERGED
        source.save()
    elif case == "target_proposed":
        target.status = OrganisationStatus.PROPOSED
        target.save()
    else:
        actor = UserFactory()
    error = PermissionDenied if case == "not_editor" else ValidationError
    with pytest.raises(error):
        organisation_merge(source=source, target=target, actor=actor)
    assert OrganisationMembership.objects.filter(organisation=source).count() == 1
    assert not AuditEntry.objects.filter(action="actors.organisation.merged").exists()


# --- the admin -------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    user = editor()
    login_with_totp(client, user)
    client.editor = user
    return client


def test_admin_merge_needs_confirmation_then_merges(editor_client, pair):
    source, target = pair
    url = reverse("actors_org_admin:merge")
    preview = editor_client.get(url, {"source": source.pk, "target": target.pk})
    assert preview.status_code == 200
    assert preview.context["preview"]["memberships"] == 0
    assert editor_client.get(url, {"source": "x'1", "target": "-"}).status_code == 200
    response = editor_client.post(url, {"source": source.pk, "target": target.pk})
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.status == OrganisationStatus.APPROVED
    response = editor_client.post(
        url, {"source": source.pk, "target": target.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target


def test_admin_lists_likely_duplicates(editor_client, pair):
    response = editor_client.get(reverse("actors_org_admin:duplicates"))
    assert response.status_code == 200
    pairs = response.context["pairs"]
    names = [{left.name, right.name} for left, right, _score in pairs]
    assert {"Kvarnby Läxhjälp", "Kvarnby läxhjälpsförening"} in names


def test_admin_approves_a_proposal_and_the_proposer_becomes_admin(
    editor_client, mailoutbox, django_capture_on_commit_callbacks
):
    proposer = UserFactory(email="foreslagare@example.org")
    org = OrganisationFactory(
        name="Föreningen Nybygget",
        status=OrganisationStatus.PROPOSED,
        proposed_by=proposer,
    )
    page = editor_client.get(reverse("actors_org_admin:proposals"))
    assert "Föreningen Nybygget" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("actors_org_admin:proposals"),
            {"organisation": org.pk, "decision": "approve"},
        )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == OrganisationStatus.APPROVED
    membership = OrganisationMembership.objects.get(organisation=org, user=proposer)
    assert membership.role == OrganisationRole.ADMIN
    assert membership.status == MembershipStatus.ACTIVE
    assert [m.to for m in mailoutbox] == [["foreslagare@example.org"]]


def test_admin_rejects_with_a_reason_and_bad_posts_change_nothing(
    editor_client, mailoutbox, django_capture_on_commit_callbacks
):
    org = OrganisationFactory(
        status=OrganisationStatus.PROPOSED, proposed_by=UserFactory()
    )
    url = reverse("actors_org_admin:proposals")
    assert (
        editor_client.post(url, {"organisation": org.pk, "decision": "?"}).status_code
        == 400
    )
    assert (
        editor_client.post(
            url, {"organisation": "x", "decision": "approve"}
        ).status_code
        == 400
    )
    org.refresh_from_db()
    assert org.status == OrganisationStatus.PROPOSED
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            url,
            {"organisation": org.pk, "decision": "reject", "reason": "Finns redan."},
        )
    org.refresh_from_db()
    assert org.status == OrganisationStatus.REJECTED
    assert "Finns redan." in mailoutbox[0].body
    # Deciding twice is refused.
    response = editor_client.post(url, {"organisation": org.pk, "decision": "approve"})
    assert response.status_code == 400
    org.refresh_from_db()
    assert org.status == OrganisationStatus.REJECTED


def test_moderation_is_for_editors_only(client):
    user = UserFactory()
    user.is_staff = True
    user.save()
    login_with_totp(client, user)
    for name in ("proposals", "duplicates", "merge"):
        response = client.get(reverse(f"actors_org_admin:{name}"))
        assert response.status_code in (302, 403)
    assert Organisation.objects.filter(status=OrganisationStatus.MERGED).count() == 0
