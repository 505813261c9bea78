"""Impact models on the knowledge bank: a case page lists its published impact
reports, and the listing has a facet "Has an impact report"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale

import pytest

from motesplats.impact.enums import ModelStatus
from motesplats.impact.models import ImpactModel
from motesplats.knowledge.models import InnovationPage
from motesplats.knowledge.selectors import knowledge_browse

pytestmark = pytest.mark.django_db

URL = "/sv/kunskapsbanken/"
SENIORS = "8b0c2e47-31d9-4f6a-b5e2-6a1c9d7f4a22"


@pytest.fixture
def sv_locale():
    return Locale.objects.get(language_code="sv")


def _case(slug="digitala-fixartraffar-for-seniorer"):
    return InnovationPage.objects.get(slug=slug, locale__language_code="sv")


def _impact_facet(facets):
    return {v.value: v for v in next(f for f in facets if f.key == "impact").values}


def _with_models():
    return set(
        InnovationPage.objects.filter(
            locale__language_code="sv",
            live=True,
            impact_models__status=ModelStatus.PUBLISHED,
        ).values_list("pk", flat=True)
    )


def test_case_page_lists_its_published_report_with_key_figures(client):
    page = _case()
    body = client.get(page.url).content.decode()
    model = ImpactModel.objects.get(uuid=SENIORS)
    assert model.title in body
    assert reverse("impact:report", args=[SENIORS]) in body
    assert "SROI" in body
    # Next to the evidence level it complements.
    assert body.index(model.title) > body.index(page.get_evidence_level_display())


def test_drafts_stay_off_the_case_page(client):
    page = _case("laxhjalp-i-biblioteket")
    ImpactModel.objects.create(title="Utkast om läxhjälp", innovation=page)
    assert list(page.published_impact_models()) == []
    assert "Utkast om läxhjälp" not in client.get(page.url).content.decode()


def test_published_impact_models_are_only_the_published_ones():
    page = _case()
    ImpactModel.objects.create(title="Ett utkast", innovation=page)
    assert [m.title for m in page.published_impact_models()] == [
        ImpactModel.objects.get(uuid=SENIORS).title
    ]


def test_facet_counts_cases_with_a_published_model(sv_locale):
    draft_case = _case("laxhjalp-i-biblioteket")
    ImpactModel.objects.create(title="Bara ett utkast", innovation=draft_case)
    _, facets = knowledge_browse(locale=sv_locale, selected={})
    facet = _impact_facet(facets)
    assert set(facet) == {"published"}  # a draft is never a facet value
    assert facet["published"].count == len(_with_models()) >= 1


def test_facet_filters_the_listing(sv_locale):
    items, _ = knowledge_browse(locale=sv_locale, selected={"impact": ["published"]})
    assert {p.pk for p in items} == _with_models()


def test_facet_combines_with_the_other_facets(sv_locale):
    second = _case("laxhjalp-i-biblioteket")
    ImpactModel.objects.create(
        title="Läxhjälpens effekter", innovation=second, status=ModelStatus.PUBLISHED
    )
    items, facets = knowledge_browse(
        locale=sv_locale,
        selected={"impact": ["published"], "theme": ["barnets-rattigheter"]},
    )
    assert [p.pk for p in items] == [second.pk]
    # The impact facet's own count ignores its own choice but applies the theme.
    assert _impact_facet(facets)["published"].count == 1


def test_listing_shows_the_facet_and_ignores_other_values(client):
    body = client.get(URL).content.decode()
    assert 'name="impact"' in body
    all_items = client.get(URL).context["items"]
    ignored = client.get(URL, {"impact": "draft"})
    assert ignored.status_code == 200
    assert len(ignored.context["items"]) == len(all_items)


def test_listing_query_count_is_unchanged_by_more_impact_models(client):
    client.get(URL, {"impact": "published"})
    with CaptureQueriesContext(connection) as before:
        client.get(URL, {"impact": "published"})
    for slug in ("laxhjalp-i-biblioteket", "trygga-strak-pa-landsbygden"):
        ImpactModel.objects.create(
            title=f"Modell {slug}", innovation=_case(slug), status=ModelStatus.PUBLISHED
        )
    with CaptureQueriesContext(connection) as after:
        client.get(URL, {"impact": "published"})
    assert len(after.captured_queries) == len(before.captured_queries)


def test_case_page_query_count_does_not_grow_with_its_models(client):
    page = _case()
    client.get(page.url)
    with CaptureQueriesContext(connection) as one:
        client.get(page.url)
    ImpactModel.objects.create(
        title="En andra modell", innovation=page, status=ModelStatus.PUBLISHED
    )
    with CaptureQueriesContext(connection) as two:
        body = client.get(page.url).content.decode()
    assert "En andra modell" in body
    assert len(two.captured_queries) == len(one.captured_queries)


def test_the_english_translation_lists_the_same_reports():
    page = _case()
    # The demo has the case in English too; the model links to the Swedish page.
    english = page.get_translation(Locale.objects.get(language_code="en"))
    assert [m.title for m in english.published_impact_models()] == [
        ImpactModel.objects.get(uuid=SENIORS).title
    ]
