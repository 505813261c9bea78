"""Theme pages gather their knowledge; detail pages show related items."""

import pytest

from motesplats.knowledge.models import InnovationPage, KnowledgePage
from motesplats.knowledge.selectors import knowledge_for_theme, knowledge_related
from motesplats.pages.models import ThemePage

pytestmark = pytest.mark.django_db


def test_theme_page_lists_newest_items_of_its_theme_and_links_to_the_filter(client):
    theme_page = ThemePage.objects.get(
        locale__language_code="sv", theme__slug="jamlik-halsa"
    )
    items = knowledge_for_theme(locale=theme_page.locale, theme_id=theme_page.theme_id)
    assert items
    assert all(theme_page.theme in item.themes.all() for item in items)
    body = client.get(theme_page.url).content.decode()
    for item in items:
        assert item.url in body
    assert "/sv/kunskapsbanken/?theme=jamlik-halsa" in body


def test_related_items_share_a_theme_or_goal_and_exclude_the_page_itself():
    page = InnovationPage.objects.get(locale__language_code="sv", slug="yalla-trappan")
    related = knowledge_related(page=page)
    assert related
    assert page.pk not in [r.pk for r in related]
    themes = set(page.themes.values_list("pk", flat=True))
    goals = set(page.sdg_goals.values_list("pk", flat=True))
    for item in related:
        shared = (set(item.themes.values_list("pk", flat=True)) & themes) | (
            set(item.sdg_goals.values_list("pk", flat=True)) & goals
        )
        assert shared, item
        assert item.locale_id == page.locale_id


def test_related_items_are_ordered_by_how_much_they_share():
    page = InnovationPage.objects.get(locale__language_code="sv", slug="yalla-trappan")
    related = knowledge_related(page=page, limit=10)
    scores = [r.shared for r in related]
    assert scores == sorted(scores, reverse=True)


def test_page_without_themes_or_goals_has_no_related_items():
    page = KnowledgePage.objects.filter(locale__language_code="sv").first().specific
    # In memory, as in a preview: the relations are not saved.
    page.themes = []
    page.sdg_goals = []
    assert knowledge_related(page=page) == []


def test_detail_page_shows_related_section(client):
    page = InnovationPage.objects.get(locale__language_code="sv", slug="yalla-trappan")
    body = client.get(page.url).content.decode()
    assert "Relaterat" in body
