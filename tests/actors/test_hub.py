"""The collaboration hub: reachable from every page, counts what is public."""

from django.urls import reverse
from django.utils import timezone

import pytest

from motesplats.actors.enums import NeedOfferStatus, OrganisationStatus
from motesplats.actors.selectors.hub import hub_counts
from tests.actors.factories import NeedOfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_counts_only_what_is_public_and_open():
    before = hub_counts()
    OrganisationFactory()
    OrganisationFactory(status=OrganisationStatus.PROPOSED)
    NeedOfferFactory()
    NeedOfferFactory(status=NeedOfferStatus.CLOSED)
    NeedOfferFactory(expires_on=timezone.localdate() - timezone.timedelta(days=1))
    after = hub_counts()
    assert after.organisations == before.organisations + 1
    assert after.needs_offers == before.needs_offers + 1


def test_hub_page_links_every_part_and_is_in_the_menu(
    client, en, django_assert_max_num_queries
):
    url = reverse("actors:hub")
    assert url == "/en/collaborate/"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "organisation_list",
        "people_list",
        "coalition_list",
        "need_list",
        "survey_list",
        "suggestions",
    ):
        assert f'href="{reverse(f"actors:{name}")}"' in html
    home = client.get("/en/").content.decode()
    assert 'href="/en/collaborate/"' in home
