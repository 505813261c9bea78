"""Whatever a client sends to the organisation, profile and message forms and the two
directories: never a 500, and nothing saved unless the answer says so."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.actors.models import (
    Message,
    Organisation,
    OrganisationMembership,
    Profile,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
VALUE = st.one_of(
    TEXT,
    st.lists(TEXT, max_size=3),
    st.sampled_from(["1", "12", "akademi", "public", "on", "556677-8899"]),
)
SLOW = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def url(name, *args):
    with translation.override("en"):
        return reverse(f"actors:{name}", args=args)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


PROPOSE_KEYS = st.sampled_from(
    [
        "name",
        "org_number",
        "sector",
        "county",
        "municipality",
        "website",
        "themes",
        "description_sv",
        "description_en",
        "contact_email",
        "contact_url",
        "node",
        "confirm_similar",
    ]
)


@SLOW
@given(data=st.dictionaries(PROPOSE_KEYS, VALUE))
def test_propose_form_never_fails(client, member, data):
    before = Organisation.objects.count()
    response = client.post(url("organisation_propose"), data)
    assert response.status_code in (302, 400)
    expected = before + (1 if response.status_code == 302 else 0)
    assert Organisation.objects.count() == expected


PROFILE_KEYS = st.sampled_from(
    [
        "name",
        "title",
        "organisation",
        "expertise",
        "themes",
        "languages",
        "county",
        "is_listed",
        "accepts_messages",
        "name_visibility",
        "themes_visibility",
        "county_visibility",
    ]
)


@SLOW
@given(data=st.dictionaries(PROFILE_KEYS, VALUE))
def test_profile_form_never_fails(client, member, data):
    response = client.post(url("profile_edit"), data)
    assert response.status_code in (302, 400)
    assert Profile.objects.filter(user=member).exists() == (response.status_code == 302)
    Profile.objects.filter(user=member).delete()


@SLOW
@given(
    params=st.dictionaries(
        st.sampled_from(["to", "organisation", "regarding", "reply"]), TEXT
    ),
    data=st.dictionaries(st.sampled_from(["subject", "body", "share_email"]), VALUE),
)
def test_message_form_never_fails(client, member, params, data):
    response = client.post(f"{url('message_send')}?{urlencode(params)}", data)
    assert response.status_code in (400, 404)
    assert not Message.objects.filter(sender=member).exists()


@SLOW
@given(
    data=st.dictionaries(
        st.sampled_from(["action", "membership", "decision", "role"]), VALUE
    )
)
def test_members_page_never_fails(client, data):
    org = Organisation.objects.get(slug="valfardslabbet-malmo")
    admin = org.memberships.get(role="admin").user
    client.force_login(admin)
    before = list(
        OrganisationMembership.objects.order_by("pk").values_list(
            "pk", "status", "role"
        )
    )
    response = client.post(url("organisation_members", org.slug), data)
    assert response.status_code in (302, 400, 404)
    if response.status_code != 302:
        after = list(
            OrganisationMembership.objects.order_by("pk").values_list(
                "pk", "status", "role"
            )
        )
        assert after == before


@SLOW
@given(
    params=st.lists(
        st.tuples(st.sampled_from(["q", "sector", "county", "theme", "page"]), TEXT),
        max_size=6,
    )
)
def test_directories_never_fail(client, params):
    for name in ("organisation_list", "people_list"):
        response = client.get(f"{url(name)}?{urlencode(params)}")
        assert response.status_code == 200


def test_fixture_data_exists():
    # The fuzzed members page relies on the demo organisation and its admin.
    org = Organisation.objects.get(slug="valfardslabbet-malmo")
    assert org.memberships.filter(role="admin").exists()


@pytest.mark.parametrize("query", ["\x00", "Före\x00ningen", "a\tb\x1fc"])
def test_control_characters_in_a_search_are_dropped(client, en, query):
    # PostgreSQL refuses NUL in text: the search must never pass it on (found by
    # Hypothesis on PostgreSQL).
    response = client.get(reverse("actors:organisation_list"), {"q": query})
    assert response.status_code == 200
