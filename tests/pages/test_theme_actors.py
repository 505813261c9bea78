"""A theme page shows the theme's coalitions and open needs and offers."""

import datetime

from django.utils import timezone

import pytest

from motesplats.actors.enums import NeedOfferStatus
from motesplats.pages.models import ThemePage
from tests.actors.factories import (
    CoalitionFactory,
    NeedOfferFactory,
    OrganisationFactory,
    add_coalition_member,
)

pytestmark = pytest.mark.django_db


def _page(language="en"):
    return (
        ThemePage.objects.live()
        .filter(locale__language_code=language)
        .select_related("theme")
        .order_by("theme__sort_order")
        .first()
    )


def test_theme_page_lists_its_coalitions_and_open_needs(client):
    page = _page()
    theme = page.theme
    coalition = CoalitionFactory(theme=theme, name_en="Theme page coalition")
    add_coalition_member(coalition, organisation=OrganisationFactory())
    CoalitionFactory(theme=theme, name_en="Sleeping coalition", is_active=False)
    NeedOfferFactory(title="Behov på temasidan", themes=[theme])
    NeedOfferFactory(
        title="Stängt på temasidan", themes=[theme], status=NeedOfferStatus.CLOSED
    )
    NeedOfferFactory(
        title="Utgånget på temasidan",
        themes=[theme],
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theme page coalition" in html
    assert "Sleeping coalition" not in html
    assert "Behov på temasidan" in html
    assert "Stängt på temasidan" not in html
    assert "Utgånget på temasidan" not in html
    assert f"/en/coalitions/?theme={theme.slug}" in html
    assert f"/en/needs-and-offers/?theme={theme.slug}" in html
    assert "Civil society and non-profit sector: 1" in html


def test_other_themes_stay_off(client):
    page = _page()
    other = (
        ThemePage.objects.live()
        .filter(locale__language_code="en")
        .exclude(theme=page.theme)
        .first()
    )
    CoalitionFactory(theme=other.theme, name_en="Another theme's coalition")
    NeedOfferFactory(title="Annat temas behov", themes=[other.theme])
    html = client.get(page.url).content.decode()
    assert "Another theme's coalition" not in html
    assert "Annat temas behov" not in html


def test_theme_page_query_count_is_flat(client, django_assert_max_num_queries):
    page = _page()
    client.get(page.url)  # warm caches of the page tree
    with django_assert_max_num_queries(200) as before:
        client.get(page.url)
    for _ in range(6):
        coalition = CoalitionFactory(theme=page.theme)
        add_coalition_member(coalition, organisation=OrganisationFactory())
        NeedOfferFactory(themes=[page.theme], organisation=OrganisationFactory())
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(page.url)
