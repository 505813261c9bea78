"""The knowledge bank listing: facet counts, combined filters, sorting, pages, queries."""

import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from wagtail.models import Locale

import pytest

from motesplats.knowledge.enums import KnowledgeKind
from motesplats.knowledge.models import FilmPage, InnovationPage, KnowledgePage
from motesplats.knowledge.selectors import knowledge_browse
from motesplats.nodes.models import NodePage

pytestmark = pytest.mark.django_db

URL = "/sv/kunskapsbanken/"


@pytest.fixture
def sv_locale():
    return Locale.objects.get(language_code="sv")


def _facet(facets, key):
    return {v.value: v for v in next(f for f in facets if f.key == key).values}


def test_demo_has_every_kind_and_enough_innovations(sv_locale):
    items = KnowledgePage.objects.live().filter(locale=sv_locale)
    kinds = set(items.values_list("kind", flat=True))
    assert kinds == {k.value for k in KnowledgeKind}
    assert items.filter(kind=KnowledgeKind.INNOVATION).count() >= 40


def test_items_belong_to_the_node_they_are_published_under(sv_locale):
    for page in InnovationPage.objects.filter(locale=sv_locale).select_related("node"):
        parent = page.get_parent().specific
        assert isinstance(parent, NodePage)
        assert page.node_id == parent.node_id


def test_theme_facet_counts_match_the_database(sv_locale):
    _, facets = knowledge_browse(locale=sv_locale, selected={})
    themes = _facet(facets, "theme")
    assert themes
    for slug, value in themes.items():
        expected = (
            KnowledgePage.objects.live()
            .filter(locale=sv_locale, themes__slug=slug)
            .distinct()
            .count()
        )
        assert value.count == expected, slug


def test_filters_combine_across_facets_and_counts_follow(sv_locale):
    items, facets = knowledge_browse(locale=sv_locale, selected={"area": ["landsbygd"]})
    rural = set(
        InnovationPage.objects.live()
        .filter(locale=sv_locale, area_types__slug="landsbygd")
        .values_list("pk", flat=True)
    )
    assert {p.pk for p in items} == rural
    # The maturity counts are counted among rural items only.
    for value, option in _facet(facets, "maturity").items():
        expected = InnovationPage.objects.filter(pk__in=rural, maturity=value).count()
        assert option.count == expected
    # Combining with a theme narrows to the intersection.
    theme = next(iter(_facet(facets, "theme")))
    both, _ = knowledge_browse(
        locale=sv_locale, selected={"area": ["landsbygd"], "theme": [theme]}
    )
    expected = set(
        InnovationPage.objects.filter(pk__in=rural, themes__slug=theme).values_list(
            "pk", flat=True
        )
    )
    assert {p.pk for p in both} == expected


def test_values_within_a_facet_combine_with_or(sv_locale):
    one, _ = knowledge_browse(locale=sv_locale, selected={"kind": ["film"]})
    two, _ = knowledge_browse(locale=sv_locale, selected={"kind": ["film", "resource"]})
    assert {p.kind for p in one} == {"film"}
    assert {p.kind for p in two} == {"film", "resource"}
    assert two.count() > one.count()


def test_listing_page_renders_facets_counts_and_results(client):
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert 'name="theme"' in body
    total = KnowledgePage.objects.live().filter(locale__language_code="sv").count()
    assert re.search(rf"{total} (objekt|poster|träffar|items)", body), body[:500]


def test_listing_with_filters_is_shareable_and_keeps_choices(client):
    response = client.get(URL, {"kind": "film"})
    body = response.content.decode()
    assert 'value="film" checked' in body
    assert "Barns bostad först" in body
    assert "Handbok i effektmätning" not in body


def test_listing_without_matches_explains(client):
    response = client.get(URL, {"kind": "film", "area": "landsbygd"})
    assert response.status_code == 200
    assert "Inget matchar" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "x" * 500, "page": "abc", "sort": "drop table"},
        {"year": "abc"},
        {"goal": "tre"},
        {"year": "٢٠١٩"},
        {"goal": "99999999999999999999"},
        {"page": "999", "year": "2015"},
        # PostgreSQL refuses NUL in text: found by schemathesis through the API.
        {"node": "malmo\x00", "theme": "a\x00b", "county": "\x0012"},
    ],
)
def test_bad_filter_values_are_ignored_not_errors(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200


def test_htmx_request_gets_only_the_browser_partial(client):
    response = client.get(URL, {"kind": "film"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="knowledge-browser"' in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_listing_query_count_does_not_grow_with_results(client):
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"kind": "film"})
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 30


def test_english_listing_shows_english_items(client):
    response = client.get("/en/knowledge-bank/", {"kind": "resource"})
    assert "Impact measurement handbook" in response.content.decode()


def test_detail_pages_render_in_both_languages(client):
    for page in KnowledgePage.objects.live().filter(
        kind__in=["film", "resource", "article"]
    ):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.title) in response.content.decode()
    innovation = (
        InnovationPage.objects.live().filter(locale__language_code="sv").first()
    )
    body = client.get(innovation.url).content.decode()
    assert innovation.contact_organisation in body
    assert innovation.get_maturity_display() in body


def test_film_requires_captions_or_transcript():
    film = FilmPage.objects.filter(locale__language_code="sv").first()
    film.transcript = "  "
    film.captions_url = ""
    with pytest.raises(ValidationError) as excinfo:
        film.full_clean()
    assert "transcript" in excinfo.value.message_dict
