"""The suggestions page: who sees it, the switcher, empty states, links, queries."""

import re

from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.actors.enums import OrganisationStatus, Visibility
from motesplats.taxonomy.models import Region, Theme
from tests.actors.factories import (
    NeedOfferFactory,
    OrganisationFactory,
    ProfileFactory,
    add_org_member,
    sector,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("actors:suggestions")


@pytest.fixture
def digital():
    return Theme.objects.get(slug="digital-inkludering")


@pytest.fixture
def member(digital):
    user = UserFactory()
    profile = ProfileFactory(user=user, county=Region.objects.get(code="12"))
    profile.themes.set([digital])
    return user


def body(response) -> str:
    return response.content.decode()


def test_paths_are_under_the_language_prefix():
    # The Swedish word ("forslag/") comes with the compiled translations.
    assert url("sv").startswith("/sv/")
    assert url("en") == "/en/suggestions/"


def test_visitors_are_sent_to_log_in(client):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_only_get(client, member):
    client.force_login(member)
    assert client.post(url()).status_code == 405


def test_member_without_a_profile_is_shown_the_way_to_one(client):
    client.force_login(UserFactory())
    response = client.get(url())
    assert response.status_code == 200
    html = body(response)
    assert "You have no profile yet." in html
    with translation.override("en"):
        assert f'href="{reverse("actors:profile_edit")}"' in html
    assert "match-list" not in html


def test_member_without_themes_is_asked_for_them(client):
    user = UserFactory()
    ProfileFactory(user=user)
    client.force_login(user)
    html = body(client.get(url()))
    assert "Your profile has no themes yet." in html
    assert "match-list" not in html


def test_suggestions_link_to_the_things_and_to_messages(client, member, digital):
    civic = OrganisationFactory(sector=sector("ideburen"), themes=[digital])
    need = NeedOfferFactory(organisation=civic, themes=[digital])
    # The member's own expertise (the factory's) makes this person stand out.
    person = ProfileFactory(
        is_listed=True,
        name="Alva Testberg",
        name_visibility=Visibility.PUBLIC,
        themes_visibility=Visibility.PUBLIC,
        expertise_visibility=Visibility.PUBLIC,
    )
    person.themes.set([digital])
    client.force_login(member)
    response = client.get(url())
    assert response.status_code == 200
    html = body(response)
    assert html.count("<h1>") == 1
    assert re.findall(r"<h2 id=\"match-[a-z-]+\">([^<]+)</h2>", html) == [
        "Needs and offers that fit",
        "People and organisations to meet",
        "Coalitions to join",
    ]
    with translation.override("en"):
        message = reverse("actors:message_send")
        assert reverse("actors:need_detail", kwargs={"uuid": need.uuid}) in html
        assert f"{message}?regarding={need.uuid}" in html
        assert reverse("actors:profile_detail", kwargs={"uuid": person.uuid}) in html
        assert f"{message}?to={person.uuid}" in html
    assert "<strong>Why:</strong> You both work on digital inclusion" in html


def test_no_message_link_to_a_person_who_takes_none(client, member, digital):
    person = ProfileFactory(
        is_listed=True,
        accepts_messages=False,
        name_visibility=Visibility.PUBLIC,
        themes_visibility=Visibility.PUBLIC,
        expertise_visibility=Visibility.PUBLIC,
    )
    person.themes.set([digital])
    client.force_login(member)
    html = body(client.get(url()))
    assert reverse("actors:profile_detail", kwargs={"uuid": person.uuid}) in html
    assert f"?to={person.uuid}" not in html


def test_switcher_shows_the_organisations_the_member_administers(
    client, member, digital
):
    admin_of = OrganisationFactory(name="Testbyrån Admin AB", themes=[digital])
    add_org_member(admin_of, member, admin=True)
    member_of = OrganisationFactory(name="Testföreningen Medlem", themes=[digital])
    add_org_member(member_of, member)
    client.force_login(member)
    html = body(client.get(url()))
    assert f"?organisation={admin_of.uuid}" in html
    assert f"?organisation={member_of.uuid}" not in html
    assert 'aria-current="page">For me</a>' in html

    response = client.get(url(), {"organisation": str(admin_of.uuid)})
    assert response.status_code == 200
    html = body(response)
    assert "<h1>Suggestions for Testbyrån Admin AB</h1>" in html
    assert f'organisation={admin_of.uuid}" aria-current="page"' in html


@pytest.mark.parametrize("kind", ["member only", "pending admin", "unapproved", "junk"])
def test_no_one_sees_the_suggestions_of_an_organisation_they_do_not_administer(
    client, member, digital, kind
):
    organisation = OrganisationFactory(name="Testbolaget Annat AB", themes=[digital])
    if kind == "member only":
        add_org_member(organisation, member)
    elif kind == "pending admin":
        add_org_member(organisation, member, admin=True, active=False)
    elif kind == "unapproved":
        organisation.status = OrganisationStatus.PROPOSED
        organisation.save()
        add_org_member(organisation, member, admin=True)
    value = "x' OR 1=1 --" if kind == "junk" else str(organisation.uuid)
    client.force_login(member)
    response = client.get(url(), {"organisation": value})
    assert response.status_code == 404
    html = body(response)
    assert "You can only see suggestions for organisations you administer." in html
    assert "<h1>Suggestions for you</h1>" in html
    assert "<h1>Suggestions for Testbolaget" not in html
    if kind != "junk":  # otherwise it may well be suggested to the member
        assert "Testbolaget Annat AB" not in html


def test_organisation_without_themes_is_sent_to_its_edit_page(client, member):
    organisation = OrganisationFactory(name="Testbyrån Tom AB")
    add_org_member(organisation, member, admin=True)
    client.force_login(member)
    html = body(client.get(url(), {"organisation": str(organisation.uuid)}))
    assert "Testbyrån Tom AB has no themes yet." in html
    with translation.override("en"):
        edit = reverse("actors:organisation_edit", kwargs={"slug": organisation.slug})
    assert f'href="{edit}"' in html


def _many(digital, count: int, offset: int) -> None:
    for n in range(count):
        organisation = OrganisationFactory(
            name=f"Testnätverket {offset + n}", themes=[digital]
        )
        NeedOfferFactory(organisation=organisation, themes=[digital])


def test_query_count_does_not_grow_with_the_data(
    client, member, digital, django_assert_max_num_queries
):
    organisation = OrganisationFactory(themes=[digital])
    add_org_member(organisation, member, admin=True)
    client.force_login(member)
    _many(digital, 3, 0)
    client.get(url())  # builds the index for this data version
    # Version query, session and user, the seeker's profile, themes, memberships,
    # coalitions and needs, the switcher: not one more per suggestion.
    with django_assert_max_num_queries(12):
        assert client.get(url()).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(url(), {"organisation": str(organisation.uuid)})
        assert response.status_code == 200
    _many(digital, 30, 100)
    # A rebuild reads each table once, however many rows.
    with django_assert_max_num_queries(30):
        assert client.get(url()).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(url())
    assert len(re.findall(r'class="match match-(?:need|offer)"', body(response))) == 5


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(["organisation", "page", "to"]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=50),
        ),
        max_size=4,
    )
)
def test_any_query_string_gives_the_page_never_an_error(client, member, params):
    client.force_login(member)
    response = client.get(url(), params)
    chosen = [v for k, v in params if k == "organisation"]
    assert response.status_code == (404 if chosen and chosen[-1] else 200)
    assert b"<h1>Suggestions for you</h1>" in response.content


def test_the_swedish_page_renders_with_explanations(client, member, digital):
    OrganisationFactory(sector=sector("akademi"), themes=[digital])
    client.force_login(member)
    response = client.get(url("sv"))
    assert response.status_code == 200
    html = body(response)
    assert '<html lang="sv">' in html
    assert html.count('class="match-why"') >= 1


def test_nothing_in_common_gives_one_clear_message(client):
    # A theme no one else has: every demo theme is taken, so a fresh one is made.
    theme = Theme.objects.create(
        slug="test-tema-ensamt", name_sv="Ensamt tema", description_sv="Test."
    )
    user = UserFactory()
    ProfileFactory(user=user, title="", expertise="").themes.set([theme])
    client.force_login(user)
    html = body(client.get(url()))
    assert "Nothing fits right now." in html
    assert "match-group" not in html
