"""Person profiles: each field shown only to whom the person chose, the directory never
filters on a field the viewer may not see, the member's own form and preview."""

import re

from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.actors.enums import Visibility
from motesplats.actors.models import PROFILE_FIELDS, Profile
from motesplats.actors.selectors.profiles import (
    PeopleFilters,
    people_directory,
    public_profile_data,
)
from motesplats.taxonomy.models import Region, Theme
from tests.actors.factories import OrganisationFactory, ProfileFactory, add_org_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"actors:{name}", args=args)


def theme(slug="digital-inkludering"):
    return Theme.objects.get(slug=slug)


def mixed_profile(**extra):
    """Name public, title and themes for members, expertise private."""
    org = OrganisationFactory(name="Föreningen Fyrbåken")
    profile = ProfileFactory(
        name="Vera Visby",
        title="Samordnare",
        expertise="Hemlig expertis om kustbyar.",
        organisation=org,
        county=Region.objects.get(code="09"),
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        title_visibility=Visibility.MEMBERS,
        themes_visibility=Visibility.MEMBERS,
        expertise_visibility=Visibility.PRIVATE,
        organisation_visibility=Visibility.PUBLIC,
        county_visibility=Visibility.PRIVATE,
        **extra,
    )
    add_org_member(org, profile.user)
    profile.themes.set([theme()])
    return profile


def test_each_viewer_sees_only_the_fields_opened_to_them():
    profile = mixed_profile()
    visitor = public_profile_data(profile)
    assert visitor["visible"] == ["name", "organisation"]
    assert visitor["name"] == "Vera Visby"
    assert "title" not in visitor
    assert "themes" not in visitor
    assert "expertise" not in visitor
    member = public_profile_data(profile, UserFactory())
    assert set(member["visible"]) == {"name", "title", "organisation", "themes"}
    assert member["themes"] == [theme()]
    owner = public_profile_data(profile, profile.user)
    assert owner["visible"] == list(PROFILE_FIELDS)
    assert owner["expertise"] == "Hemlig expertis om kustbyar."


def test_a_new_profile_shows_nothing():
    profile = Profile.objects.create(
        user=UserFactory(), name="Ny Person", is_listed=True
    )
    assert public_profile_data(profile, UserFactory())["visible"] == []


def test_profile_page_by_viewer(client):
    profile = mixed_profile()
    body = client.get(url("profile_detail", profile.uuid)).content.decode()
    assert "Vera Visby" in body
    assert "Föreningen Fyrbåken" in body
    assert "Samordnare" not in body
    assert "Hemlig expertis" not in body
    assert "Gotland" not in body
    client.force_login(UserFactory())
    body = client.get(url("profile_detail", profile.uuid)).content.decode()
    assert "Samordnare" in body
    assert "Hemlig expertis" not in body
    client.force_login(profile.user)
    body = client.get(url("profile_detail", profile.uuid)).content.decode()
    assert "Hemlig expertis" in body


def test_unlisted_or_empty_profiles_are_not_found(client):
    unlisted = ProfileFactory(is_listed=False, name_visibility=Visibility.PUBLIC)
    assert client.get(url("profile_detail", unlisted.uuid)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("profile_detail", unlisted.uuid)).status_code == 404
    client.force_login(unlisted.user)
    assert client.get(url("profile_detail", unlisted.uuid)).status_code == 200
    client.logout()
    private = ProfileFactory(is_listed=True)  # every field private
    assert client.get(url("profile_detail", private.uuid)).status_code == 404
    assert client.get("/en/people/not-a-uuid/").status_code == 404


def test_directory_never_finds_anyone_by_a_hidden_field():
    hidden_themes = ProfileFactory(
        name="Dold Tema",
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        themes_visibility=Visibility.PRIVATE,
        county=Region.objects.get(code="09"),
        county_visibility=Visibility.MEMBERS,
    )
    hidden_themes.themes.set([theme()])
    shown = ProfileFactory(
        name="Synligt Tema",
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        themes_visibility=Visibility.PUBLIC,
    )
    shown.themes.set([theme()])
    filters = PeopleFilters(selected={"theme": ["digital-inkludering"]})
    for viewer in (None, UserFactory()):
        people, facets = people_directory(viewer=viewer, filters=filters)
        assert shown in people
        assert hidden_themes not in people
    # Not counted either: the count equals the people one can find.
    people, facets = people_directory(viewer=None, filters=filters)
    theme_facet = next(f for f in facets if f.key == "theme")
    count = next(
        v.count for v in theme_facet.values if v.value == "digital-inkludering"
    )
    assert count == people.count()
    gotland = PeopleFilters(selected={"county": ["09"]})
    assert hidden_themes not in people_directory(viewer=None, filters=gotland)[0]
    assert hidden_themes in people_directory(viewer=UserFactory(), filters=gotland)[0]


def test_directory_by_sector_needs_the_organisation_shown():
    org = OrganisationFactory()
    private_org = ProfileFactory(
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        organisation=org,
        organisation_visibility=Visibility.PRIVATE,
    )
    public_org = ProfileFactory(
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        organisation=org,
        organisation_visibility=Visibility.PUBLIC,
    )
    filters = PeopleFilters(selected={"sector": [org.sector.slug]})
    people = list(people_directory(viewer=UserFactory(), filters=filters)[0])
    assert public_org in people
    assert private_org not in people


def test_directory_hides_names_a_visitor_may_not_see(client):
    ProfileFactory(
        name="Medlemsnamn Endast",
        is_listed=True,
        name_visibility=Visibility.MEMBERS,
        title_visibility=Visibility.PUBLIC,
    )
    body = client.get(url("people_list")).content.decode()
    assert "Medlemsnamn Endast" not in body
    assert "A member (name not shown)" in body
    client.force_login(UserFactory())
    assert "Medlemsnamn Endast" in client.get(url("people_list")).content.decode()


def test_directory_query_count_is_pinned(client, django_assert_max_num_queries):
    # Labels (3), facet counts (3), the count, the page and its themes, plus the
    # base template's site lookups; cards are built from the prefetched rows.
    with django_assert_max_num_queries(16):
        response = client.get(url("people_list"))
    first = len(response.context["cards"])
    for _n in range(30):
        p = ProfileFactory(is_listed=True, name_visibility=Visibility.PUBLIC)
        p.themes.set([theme()])
    with django_assert_max_num_queries(16):
        response = client.get(url("people_list"))
    assert len(response.context["cards"]) == 24 >= first


# --- the member's own profile ----------------------------------------------------------


def _form(**extra):
    data = {
        "name": "Kim Karlsson",
        "title": "Projektledare",
        "organisation": "",
        "expertise": "Medborgardialog i glesbygd.",
        "themes": [theme().pk],
        "languages": ["sv", "fi"],
        "county": Region.objects.get(code="25").pk,
        "is_listed": "on",
        "accepts_messages": "on",
    }
    for name in PROFILE_FIELDS:
        data[f"{name}_visibility"] = "private"
    data.update(extra)
    return data


def test_member_saves_a_profile_field_by_field(client):
    user = UserFactory()
    org = OrganisationFactory()
    add_org_member(org, user)
    client.force_login(user)
    page = client.get(url("profile_edit"))
    assert page.status_code == 200
    # Nothing public by default: every visibility starts at "only me".
    checked = re.findall(
        r'<input type="radio"[^>]*value="(\w+)"[^>]*checked', page.content.decode()
    )
    assert checked == ["private"] * len(PROFILE_FIELDS)
    response = client.post(
        url("profile_edit"),
        _form(
            organisation=org.pk, name_visibility="public", themes_visibility="members"
        ),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.name == "Kim Karlsson"
    assert profile.organisation == org
    assert profile.name_visibility == "public"
    assert profile.themes_visibility == "members"
    assert profile.expertise_visibility == "private"
    assert profile.languages == ["sv", "fi"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"name_visibility": "world"}, "Select a valid choice"),
        ({"title_visibility": ""}, "required"),
        ({"languages": ["xx"]}, "Select a valid choice"),
        ({"county": "999"}, "Select a valid choice"),
        ({"name": "x" * 151}, "at most 150"),
    ],
)
def test_bad_profile_input_is_explained_and_changes_nothing(client, extra, message):
    user = UserFactory()
    client.force_login(user)
    response = client.post(url("profile_edit"), _form(**extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.filter(user=user).exists()


def test_an_organisation_one_is_not_in_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    stranger = OrganisationFactory()
    response = client.post(url("profile_edit"), _form(organisation=stranger.pk))
    assert response.status_code == 400
    assert not Profile.objects.filter(user=user).exists()


def test_preview_as_visitor_and_member(client):
    profile = mixed_profile()
    client.force_login(profile.user)
    visitor = client.get(url("profile_preview"), {"as": "visitor"}).content.decode()
    assert "Vera Visby" in visitor
    assert "Samordnare" not in visitor
    member = client.get(url("profile_preview"), {"as": "member"}).content.decode()
    assert "Samordnare" in member
    assert "Hemlig expertis" not in member
    assert client.get(url("profile_preview"), {"as": "admin"}).status_code == 200
