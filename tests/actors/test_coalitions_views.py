"""Coalition pages: the listing, a coalition's page, joining, leaving, following and
the coordinators' page, for every role (visitor, member, org admin, coordinator,
editor)."""

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.actors.enums import (
    CoalitionAccess,
    CoalitionRole,
    MembershipStatus,
    Visibility,
)
from motesplats.actors.models import CoalitionFollow, CoalitionMember
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"actors:{name}", args=args)


@pytest.fixture
def coalition():
    c = CoalitionFactory(access=CoalitionAccess.APPLICATION)
    coordinator = UserFactory()
    add_coalition_member(c, user=coordinator, coordinator=True)
    c.coordinator = coordinator
    return c


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=NATIONAL_EDITORS_GROUP))
    return user


# --- the listing ---------------------------------------------------------------------


def test_listing_shows_active_coalitions_with_sector_mix(client):
    shown = CoalitionFactory(name_en="Alliance for safe squares")
    add_coalition_member(shown, organisation=OrganisationFactory())
    CoalitionFactory(name_en="Dormant coalition", is_active=False)
    response = client.get(url("coalition_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alliance for safe squares" in html
    assert "Dormant coalition" not in html
    assert "Civil society and non-profit sector: 1" in html


def test_listing_filters_by_kind_and_access(client):
    alliance = CoalitionFactory(name_en="Filter alliance", is_knowledge_alliance=True)
    plain = CoalitionFactory(
        name_en="Filter coalition", access=CoalitionAccess.APPLICATION
    )
    response = client.get(url("coalition_list"), {"kind": "alliance"})
    html = response.content.decode()
    assert alliance.name_en in html
    assert plain.name_en not in html
    response = client.get(url("coalition_list"), {"access": "application"})
    html = response.content.decode()
    assert plain.name_en in html
    assert alliance.name_en not in html


def test_listing_with_unknown_filter_is_a_page_with_a_notice(client):
    response = client.get(url("coalition_list"), {"theme": "no-such-theme\x00"})
    assert response.status_code == 200
    assert "does not exist" in response.content.decode()


def test_listing_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        c = CoalitionFactory()
        add_coalition_member(c, organisation=OrganisationFactory())
        add_coalition_member(c, user=ProfileFactory().user)
    with django_assert_max_num_queries(20) as few:
        client.get(url("coalition_list"))
    for _ in range(10):
        c = CoalitionFactory()
        add_coalition_member(c, organisation=OrganisationFactory())
        add_coalition_member(c, user=ProfileFactory().user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("coalition_list"))
    assert response.status_code == 200


# --- the coalition's page --------------------------------------------------------------


def test_page_names_people_only_as_their_profile_allows(client, coalition):
    public = ProfileFactory(
        name="Pia Publik", is_listed=True, name_visibility=Visibility.PUBLIC
    )
    members_only = ProfileFactory(
        name="Mona Medlem", is_listed=True, name_visibility=Visibility.MEMBERS
    )
    hidden = ProfileFactory(name="Hemlig Person")
    for profile in (public, members_only, hidden):
        add_coalition_member(coalition, user=profile.user)
    page = url("coalition_detail", coalition.slug)
    html = client.get(page).content.decode()
    assert "Pia Publik" in html
    assert "Mona Medlem" not in html
    assert "Hemlig Person" not in html
    # The coordinator (no profile), Mona and the hidden person are counted.
    assert "And 3 more people who do not show their names." in html
    client.force_login(UserFactory())
    html = client.get(page).content.decode()
    assert "Mona Medlem" in html
    assert "Hemlig Person" not in html


def test_unknown_or_inactive_coalition_is_404(client):
    assert client.get(url("coalition_detail", "no-such")).status_code == 404
    dormant = CoalitionFactory(is_active=False)
    assert client.get(url("coalition_detail", dormant.slug)).status_code == 404


# --- joining --------------------------------------------------------------------------


def test_visitor_is_sent_to_login_to_join(client, coalition):
    response = client.post(url("coalition_join", coalition.slug), {"as_whom": "person"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not coalition.members.exclude(user=coalition.coordinator).exists()


def test_open_coalition_join_at_once_and_follow(client):
    c = CoalitionFactory(access=CoalitionAccess.OPEN)
    user = UserFactory()
    client.force_login(user)
    response = client.post(url("coalition_join", c.slug), {"as_whom": "person"})
    assert response.status_code == 302
    member = c.members.get(user=user)
    assert member.status == MembershipStatus.ACTIVE
    assert CoalitionFollow.objects.filter(coalition=c, user=user).exists()


def test_application_waits_then_coordinator_approves(client, coalition):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        url("coalition_join", coalition.slug),
        {"as_whom": "person", "message": "Vi driver läxhjälp i Rosengård."},
    )
    assert response.status_code == 302
    member = coalition.members.get(user=user)
    assert member.status == MembershipStatus.PENDING
    assert not CoalitionFollow.objects.filter(coalition=coalition, user=user).exists()
    # Another member may not answer it.
    client.force_login(UserFactory())
    response = client.post(
        url("coalition_manage", coalition.slug),
        {"action": "decide", "member": member.pk, "decision": "approve"},
    )
    assert response.status_code == 403
    client.force_login(coalition.coordinator)
    manage = client.get(url("coalition_manage", coalition.slug)).content.decode()
    assert "Vi driver läxhjälp i Rosengård." in manage
    response = client.post(
        url("coalition_manage", coalition.slug),
        {"action": "decide", "member": member.pk, "decision": "approve"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MembershipStatus.ACTIVE
    assert member.message == ""
    assert CoalitionFollow.objects.filter(coalition=coalition, user=user).exists()


def test_declined_application_is_deleted(client, coalition):
    user = UserFactory()
    member = add_coalition_member(coalition, user=user, active=False)
    client.force_login(coalition.coordinator)
    client.post(
        url("coalition_manage", coalition.slug),
        {"action": "decide", "member": member.pk, "decision": "decline"},
    )
    assert not CoalitionMember.objects.filter(pk=member.pk).exists()


def test_org_admin_joins_for_the_organisation_others_may_not(client):
    c = CoalitionFactory(access=CoalitionAccess.OPEN)
    org = OrganisationFactory()
    plain = add_org_member(org).user
    client.force_login(plain)
    response = client.post(url("coalition_join", c.slug), {"as_whom": str(org.pk)})
    assert response.status_code == 400
    assert not c.members.filter(organisation=org).exists()
    admin = add_org_member(org, admin=True).user
    client.force_login(admin)
    response = client.post(url("coalition_join", c.slug), {"as_whom": str(org.pk)})
    assert response.status_code == 302
    assert c.members.get(organisation=org).status == MembershipStatus.ACTIVE
    # A plain member of a member organisation counts as a coalition member.
    client.force_login(plain)
    response = client.post(url("coalition_follow", c.slug), {"action": "follow"})
    assert CoalitionFollow.objects.filter(coalition=c, user=plain).exists()
    # ...but cannot take the organisation out.
    row = c.members.get(organisation=org)
    response = client.post(url("coalition_leave", c.slug), {"member": row.pk})
    assert response.status_code == 403
    assert CoalitionMember.objects.filter(pk=row.pk).exists()


def test_join_twice_is_refused_with_a_message(client):
    c = CoalitionFactory(access=CoalitionAccess.OPEN)
    org = OrganisationFactory()
    admin = add_org_member(org, admin=True).user
    client.force_login(admin)
    client.post(url("coalition_join", c.slug), {"as_whom": "person"})
    response = client.post(url("coalition_join", c.slug), {"as_whom": "person"})
    assert response.status_code == 400
    assert c.members.filter(user=admin).count() == 1


# --- leaving --------------------------------------------------------------------------


def test_leaving_deletes_the_row_and_the_follow(client):
    c = CoalitionFactory(access=CoalitionAccess.OPEN)
    profile = ProfileFactory(
        name="Lisa Lämnar", is_listed=True, name_visibility=Visibility.PUBLIC
    )
    member = add_coalition_member(c, user=profile.user)
    CoalitionFollow.objects.create(coalition=c, user=profile.user)
    assert "Lisa Lämnar" in client.get(url("coalition_detail", c.slug)).content.decode()
    client.force_login(profile.user)
    client.post(url("coalition_leave", c.slug), {"member": member.pk})
    assert not CoalitionMember.objects.filter(pk=member.pk).exists()
    assert not CoalitionFollow.objects.filter(user=profile.user).exists()
    client.logout()
    assert (
        "Lisa Lämnar"
        not in client.get(url("coalition_detail", c.slug)).content.decode()
    )


def test_someone_else_cannot_remove_a_member(client, coalition):
    member = add_coalition_member(coalition, user=UserFactory())
    client.force_login(UserFactory())
    response = client.post(
        url("coalition_leave", coalition.slug), {"member": member.pk}
    )
    assert response.status_code == 403
    assert CoalitionMember.objects.filter(pk=member.pk).exists()


def test_last_coordinator_cannot_leave_or_step_down(client, coalition):
    row = coalition.members.get(user=coalition.coordinator)
    client.force_login(coalition.coordinator)
    client.post(url("coalition_leave", coalition.slug), {"member": row.pk})
    assert CoalitionMember.objects.filter(pk=row.pk).exists()
    client.post(
        url("coalition_manage", coalition.slug),
        {"action": "role", "member": row.pk, "role": "member"},
    )
    row.refresh_from_db()
    assert row.role == CoalitionRole.COORDINATOR
    # With a second coordinator, the first may step down.
    other = add_coalition_member(coalition, user=UserFactory())
    client.post(
        url("coalition_manage", coalition.slug),
        {"action": "role", "member": other.pk, "role": "coordinator"},
    )
    client.post(
        url("coalition_manage", coalition.slug),
        {"action": "role", "member": row.pk, "role": "member"},
    )
    row.refresh_from_db()
    assert row.role == CoalitionRole.MEMBER


# --- who sees the coordinators' page ----------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("member", 403),
        ("coalition_member", 403),
        ("org_admin", 403),
        ("coordinator", 200),
        ("editor", 200),
    ],
)
def test_coordinators_page_permissions(client, coalition, who, status):
    org = OrganisationFactory()
    add_coalition_member(coalition, organisation=org)
    users = {
        "member": UserFactory,
        "coalition_member": lambda: (
            add_coalition_member(coalition, user=UserFactory()).user
        ),
        "org_admin": lambda: add_org_member(org, admin=True).user,
        "coordinator": lambda: coalition.coordinator,
        "editor": editor,
    }
    if who != "visitor":
        client.force_login(users[who]())
    response = client.get(url("coalition_manage", coalition.slug))
    assert response.status_code == status
    response = client.post(
        url("coalition_manage", coalition.slug),
        {"action": "question", "question-text_sv": "Hur når vi unga?"},
    )
    assert coalition.own_questions.exists() == (status == 200)


def test_coordinator_edits_purpose_and_questions(client, coalition):
    client.force_login(coalition.coordinator)
    theme_question = coalition.theme.questions.first()
    response = client.post(
        url("coalition_manage", coalition.slug),
        {
            "action": "edit",
            "edit-purpose_sv": "Nytt syfte.",
            "edit-purpose_en": "New purpose.",
            "edit-questions": [theme_question.pk],
        },
    )
    assert response.status_code == 302
    coalition.refresh_from_db()
    assert coalition.purpose_en == "New purpose."
    assert list(coalition.questions.all()) == [theme_question]
    html = client.get(url("coalition_detail", coalition.slug)).content.decode()
    assert "New purpose." in html
    assert str(theme_question.text_en or theme_question.text_sv) in html


def test_edit_with_another_themes_question_changes_nothing(client, coalition):
    from motesplats.taxonomy.models import ThemeQuestion  # noqa: PLC0415

    foreign = ThemeQuestion.objects.exclude(theme=coalition.theme).first()
    client.force_login(coalition.coordinator)
    response = client.post(
        url("coalition_manage", coalition.slug),
        {"action": "edit", "edit-purpose_sv": "Ändrat", "edit-questions": [foreign.pk]},
    )
    assert response.status_code == 400
    assert "Choose questions of the coalition" in response.content.decode()
    coalition.refresh_from_db()
    assert coalition.purpose_sv != "Ändrat"


def test_empty_purpose_is_refused_with_a_summary(client, coalition):
    client.force_login(coalition.coordinator)
    response = client.post(
        url("coalition_manage", coalition.slug),
        {"action": "edit", "edit-purpose_sv": "  "},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Write the purpose in Swedish." in html


def test_garbage_actions_do_not_500(client, coalition):
    client.force_login(coalition.coordinator)
    for data in (
        {"action": "nonsense"},
        {"action": "decide", "member": "x", "decision": "approve"},
        {"action": "role", "member": "999999", "role": "king"},
        {"action": "question_remove", "question": "abc"},
        {"action": "document_remove", "document": "0"},
    ):
        response = client.post(url("coalition_manage", coalition.slug), data)
        assert response.status_code in (302, 400, 404), data
    response = client.post(url("coalition_leave", coalition.slug), {"member": "nan"})
    assert response.status_code == 404


# --- the rest of the permission matrix ------------------------------------------------


@pytest.mark.parametrize(
    "name", ["coalition_join", "coalition_leave", "coalition_follow"]
)
def test_visitor_posts_go_to_login_and_change_nothing(client, coalition, name):
    member = add_coalition_member(coalition, user=UserFactory())
    before = (coalition.members.count(), CoalitionFollow.objects.count())
    response = client.post(
        url(name, coalition.slug), {"member": member.pk, "as_whom": "person"}
    )
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert (coalition.members.count(), CoalitionFollow.objects.count()) == before


def test_non_member_cannot_follow(client, coalition):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        url("coalition_follow", coalition.slug), {"action": "follow"}
    )
    assert response.status_code == 302
    assert not CoalitionFollow.objects.filter(user=user).exists()


def test_member_unfollows_and_follows_again(client, coalition):
    user = add_coalition_member(coalition, user=UserFactory()).user
    CoalitionFollow.objects.create(coalition=coalition, user=user)
    client.force_login(user)
    client.post(url("coalition_follow", coalition.slug), {"action": "unfollow"})
    assert not CoalitionFollow.objects.filter(user=user).exists()
    client.post(url("coalition_follow", coalition.slug), {"action": "follow"})
    assert CoalitionFollow.objects.filter(user=user).exists()


def test_get_on_post_only_urls_is_405(client, coalition):
    client.force_login(coalition.coordinator)
    for name in ("coalition_leave", "coalition_follow"):
        assert client.get(url(name, coalition.slug)).status_code == 405


def test_editor_may_remove_a_member_and_post_updates(client, coalition):
    member = add_coalition_member(coalition, user=UserFactory())
    client.force_login(editor())
    client.post(
        url("coalition_leave", coalition.slug), {"member": member.pk, "back": "manage"}
    )
    assert not CoalitionMember.objects.filter(pk=member.pk).exists()
    response = client.post(
        url("coalition_manage", coalition.slug),
        {"action": "update", "update-title": "Från redaktionen", "update-body": "Hej"},
    )
    assert response.status_code == 302
    assert coalition.updates.filter(title="Från redaktionen").exists()


def test_pending_applicant_sees_status_and_may_withdraw(client, coalition):
    user = UserFactory()
    row = add_coalition_member(coalition, user=user, active=False)
    client.force_login(user)
    html = client.get(url("coalition_detail", coalition.slug)).content.decode()
    assert "Your application is waiting for the coordinators." in html
    client.post(url("coalition_leave", coalition.slug), {"member": row.pk})
    assert not CoalitionMember.objects.filter(pk=row.pk).exists()


def test_listing_pages_keep_the_filters(client):
    from motesplats.actors.selectors.coalitions import PER_PAGE  # noqa: PLC0415

    for n in range(PER_PAGE + 1):
        CoalitionFactory(name_en=f"Paged alliance {n:02d}", is_knowledge_alliance=True)
    first = client.get(url("coalition_list"), {"kind": "alliance"})
    assert len(first.context["coalitions"]) == PER_PAGE
    assert "kind=alliance&amp;page=2" in first.content.decode()
    second = client.get(url("coalition_list"), {"kind": "alliance", "page": "2"})
    assert second.context["page_obj"].number == 2
    assert len(second.context["coalitions"]) >= 1
    assert client.get(url("coalition_list"), {"page": "x"}).status_code == 200


def test_join_form_asks_as_whom_only_of_org_admins(client):
    c = CoalitionFactory(access=CoalitionAccess.OPEN)
    user = UserFactory()
    client.force_login(user)
    html = client.get(url("coalition_detail", c.slug)).content.decode()
    assert 'type="hidden" name="as_whom" value="person"' in html
    assert 'type="radio"' not in html
    org = OrganisationFactory(name="Radiovalets förening")
    add_org_member(org, user, admin=True)
    html = client.get(url("coalition_detail", c.slug)).content.decode()
    assert 'type="radio" name="as_whom"' in html
    assert "Radiovalets förening" in html
