"""The demo impact content: a sourced proxy library and two complete, published
impact models, loaded with the demo site and loaded only once."""

import pytest

from motesplats.impact.demo import impact_demo_load, load_proxies
from motesplats.impact.enums import Level, ModelStatus, ProxyLicence
from motesplats.impact.models import FinancialProxy, ImpactModel
from motesplats.impact.reports import build_report
from motesplats.impact.selectors import model_detail

pytestmark = pytest.mark.django_db

DEMO = [
    "5d1f6a1e-7c2b-4e0a-9a43-2f8d3c6b9e01",
    "8b0c2e47-31d9-4f6a-b5e2-6a1c9d7f4a22",
]


def test_proxy_library_is_sourced_and_reusable():
    proxies = list(FinancialProxy.objects.prefetch_related("themes"))
    assert 10 <= len(proxies) <= 15
    for proxy in proxies:
        assert proxy.licence in ProxyLicence.values
        assert proxy.source
        assert proxy.source_url.startswith("https://")
        assert proxy.name_en
        assert proxy.unit_en
        assert proxy.price_year >= 2017
        assert proxy.value > 0
        assert proxy.themes.exists(), proxy.name_sv
    # Swedish agencies' data is public-sector information; our arithmetic is our own.
    own = [p for p in proxies if p.licence == ProxyLicence.OWN]
    assert own
    assert all("Egen beräkning" in p.source for p in own)


def test_two_published_models_each_with_a_full_theory_of_change():
    models = ImpactModel.objects.filter(uuid__in=DEMO)
    assert models.count() == 2
    subjects = set()
    for model in models:
        assert model.status == ModelStatus.PUBLISHED
        assert model.published_at is not None
        subjects.add("innovation" if model.innovation_id else "organisation")
        detail = model_detail(model.uuid)
        assert {s.level for s in detail.steps.all()} == set(Level.values)
        assert detail.links.count() >= 5
        report = build_report(detail)
        indicators = [i for o in report["outcomes"] for i in o["indicators"]]
        assert indicators
        assert all(i["values"] for i in indicators)
        assert any(o["stories"] for o in report["outcomes"])
        assert report["sroi"]["error"] == ""
        assert report["sroi"]["result"]["sroi_ratio"] > 0
        assert any(line["proxy"] for line in report["sroi"]["value_map"])
    assert subjects == {"innovation", "organisation"}


def test_demo_stories_have_recorded_consent():
    for model in ImpactModel.objects.filter(uuid__in=DEMO):
        for step in model.steps.all():
            for story in step.stories.all():
                assert story.consent_method
                assert story.consent_given_on
                assert story.consent_text_version


def test_loading_again_changes_nothing():
    before = (ImpactModel.objects.count(), FinancialProxy.objects.count())
    assert impact_demo_load() == 0
    assert load_proxies() == 0
    assert (ImpactModel.objects.count(), FinancialProxy.objects.count()) == before
