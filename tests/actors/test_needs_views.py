"""Needs and offers: listing with filters and pages, detail, post / edit / close and
who may do what (visitor, member, organisation member, editor)."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.actors.enums import NeedOfferKind, NeedOfferStatus
from motesplats.actors.models import NeedOffer
from motesplats.actors.selectors.needs import PER_PAGE
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP
from motesplats.taxonomy.models import Region, Sector, Theme
from tests.actors.factories import NeedOfferFactory, OrganisationFactory, add_org_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"actors:{name}", kwargs=kwargs)


def today():
    return timezone.localdate()


def _form(**extra):
    theme = Theme.objects.order_by("sort_order").first()
    return {
        "kind": "offer",
        "category": "premises",
        "title": "Lokal för möten i Umeå",
        "description": "Vi lånar ut vår samlingssal kvällstid till föreningar.",
        "themes": [theme.pk],
        "counties": [Region.objects.get(code="24").pk],
        "sectors_sought": [Sector.objects.get(slug="ideburen").pk],
        "organisation": "",
        "expires_on": (today() + datetime.timedelta(days=30)).isoformat(),
        **extra,
    }


# --- listing --------------------------------------------------------------------------


def test_listing_shows_open_not_expired_only(client):
    NeedOfferFactory(title="Öppet behov om läxhjälp")
    NeedOfferFactory(title="Stängt behov", status=NeedOfferStatus.CLOSED)
    NeedOfferFactory(
        title="Utgånget behov", expires_on=today() - datetime.timedelta(days=1)
    )
    html = client.get(url("need_list")).content.decode()
    assert "Öppet behov om läxhjälp" in html
    assert "Stängt behov" not in html
    assert "Utgånget behov" not in html


def test_filters_combine_and_count(client):
    theme = Theme.objects.order_by("sort_order").last()
    region = Region.objects.get(code="01")
    match = NeedOfferFactory(
        title="Erbjudande data Stockholm",
        kind=NeedOfferKind.OFFER,
        category="data",
        themes=[theme],
    )
    match.counties.set([region])
    NeedOfferFactory(title="Behov data Stockholm", category="data", themes=[theme])
    response = client.get(url("need_list"), {"kind": "offer", "county": "01"})
    html = response.content.decode()
    assert "Erbjudande data Stockholm" in html
    assert "Behov data Stockholm" not in html
    facets = {f.key: f for f in response.context["facets"]}
    offer = next(v for v in facets["kind"].values if v.value == "offer")
    assert offer.selected
    county = next(v for v in facets["county"].values if v.value == "01")
    assert county.count >= 1


def test_unknown_filter_value_gives_a_notice_not_an_error(client):
    response = client.get(url("need_list"), {"category": "'; drop table", "page": "x"})
    assert response.status_code == 200
    assert "does not exist" in response.content.decode()


def test_pages(client):
    for n in range(PER_PAGE + 3):
        NeedOfferFactory(title=f"Sidbehov {n}")
    first = client.get(url("need_list"))
    assert len(first.context["items"]) == PER_PAGE
    second = client.get(url("need_list"), {"page": 2})
    assert second.context["page_obj"].number == 2
    assert 'rel="prev"' in second.content.decode()


def test_listing_query_count_does_not_grow(client, django_assert_max_num_queries):
    org = OrganisationFactory()
    for _ in range(2):
        NeedOfferFactory(organisation=org)
    with django_assert_max_num_queries(30) as few:
        client.get(url("need_list"))
    for _ in range(15):
        need = NeedOfferFactory(organisation=OrganisationFactory())
        need.counties.set(Region.objects.all()[:2])
        need.sectors_sought.set(Sector.objects.all()[:2])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("need_list"))


# --- detail ---------------------------------------------------------------------------


def test_detail_never_shows_the_authors_email(client):
    author = UserFactory(email="hemlig.adress@example.org")
    org = OrganisationFactory(name="Föreningen Grannsamverkan")
    need = NeedOfferFactory(author=author, organisation=org)
    html = client.get(url("need_detail", uuid=need.uuid)).content.decode()
    assert need.title in html
    assert "Föreningen Grannsamverkan" in html
    assert "hemlig.adress" not in html
    assert str(need.uuid) in html  # the answer link names the need, not the person


def test_closed_or_expired_detail_is_404_for_others(client):
    need = NeedOfferFactory(status=NeedOfferStatus.CLOSED)
    assert client.get(url("need_detail", uuid=need.uuid)).status_code == 404
    client.force_login(need.author)
    assert client.get(url("need_detail", uuid=need.uuid)).status_code == 200


# --- post ------------------------------------------------------------------------------


def test_visitor_must_sign_in_to_post(client):
    response = client.get(url("need_create"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_member_posts_an_offer(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(url("need_create"), _form())
    assert response.status_code == 302
    need = NeedOffer.objects.get(title="Lokal för möten i Umeå")
    assert need.author == user
    assert need.organisation is None
    assert [c.code for c in need.counties.all()] == ["24"]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "Choose a date after today."),
        (-5, "Choose a date after today."),
        (400, "at most twelve months ahead"),
    ],
)
def test_expiry_must_be_within_twelve_months(client, days, message):
    client.force_login(UserFactory())
    data = _form(expires_on=(today() + datetime.timedelta(days=days)).isoformat())
    response = client.post(url("need_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert not NeedOffer.objects.filter(title="Lokal för möten i Umeå").exists()


def test_missing_fields_are_named(client):
    client.force_login(UserFactory())
    response = client.post(
        url("need_create"),
        {"kind": "", "title": "", "expires_on": "31/12", "themes": ["x"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Choose need or offer.",
        "Write a title.",
        "Write the date as year-month-day",
        "Choose themes from the list.",
    ):
        assert message in html


def test_post_for_organisation_only_as_its_member(client):
    org = OrganisationFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(url("need_create"), _form(organisation=str(org.pk)))
    assert response.status_code == 400
    assert not NeedOffer.objects.filter(organisation=org).exists()
    add_org_member(org, user)
    response = client.post(url("need_create"), _form(organisation=str(org.pk)))
    assert response.status_code == 302
    assert NeedOffer.objects.get(organisation=org).author == user


# --- edit and close ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("other", False), ("author", True), ("org_member", True), ("editor", True)],
)
def test_who_may_edit_and_close(client, who, allowed):
    org = OrganisationFactory()
    need = NeedOfferFactory(organisation=org)
    users = {
        "other": UserFactory,
        "author": lambda: need.author,
        "org_member": lambda: add_org_member(org).user,
        "editor": lambda: _editor(),
    }
    client.force_login(users[who]())
    response = client.get(url("need_edit", uuid=need.uuid))
    assert response.status_code == (200 if allowed else 403)
    response = client.post(
        url("need_edit", uuid=need.uuid),
        _form(title="Ändrad titel", organisation=str(org.pk)),
    )
    need.refresh_from_db()
    assert (need.title == "Ändrad titel") == allowed
    response = client.post(url("need_close", uuid=need.uuid))
    need.refresh_from_db()
    assert (need.status == NeedOfferStatus.CLOSED) == allowed


def _editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=NATIONAL_EDITORS_GROUP))
    return user


def test_visitor_cannot_close(client):
    need = NeedOfferFactory()
    response = client.post(url("need_close", uuid=need.uuid))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedOfferStatus.OPEN


def test_mine_lists_own_including_closed(client):
    need = NeedOfferFactory(status=NeedOfferStatus.CLOSED, title="Mitt stängda")
    client.force_login(need.author)
    html = client.get(url("need_mine")).content.decode()
    assert "Mitt stängda" in html
    assert "Closed" in html


def test_whole_country_is_a_county_choice(client):
    nationwide = NeedOfferFactory(title="Rikstäckande erbjudande")
    local = NeedOfferFactory(title="Lokalt i Gävleborg")
    local.counties.set([Region.objects.get(code="21")])
    response = client.get(url("need_list"), {"county": "se"})
    html = response.content.decode()
    assert nationwide.title in html
    assert local.title not in html
    response = client.get(url("need_list"), {"county": ["se", "21"]})
    html = response.content.decode()
    assert nationwide.title in html
    assert local.title in html
    county = next(f for f in response.context["facets"] if f.key == "county")
    whole = next(v for v in county.values if v.value == "se")
    assert whole.selected
    assert whole.label == "The whole country"
    assert whole.count >= 1
