"""The funder report: who may see it, what it says, and that it agrees with the
calculator."""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.impact.calculations import sroi as sroi_calc
from motesplats.impact.models import (
    ImpactModel,
    SroiAnalysis,
    SroiInvestment,
    SroiOutcomeLine,
)
from motesplats.impact.reports import build_report
from motesplats.impact.selectors import model_detail
from motesplats.impact.services import impact_model_create, step_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YOUTH = "5d1f6a1e-7c2b-4e0a-9a43-2f8d3c6b9e01"
SENIORS = "8b0c2e47-31d9-4f6a-b5e2-6a1c9d7f4a22"


def _url(uuid, language="sv", name="impact:report"):
    with translation.override(language):
        return reverse(name, args=[uuid])


@pytest.fixture
def draft():
    author = UserFactory()
    model = impact_model_create(user=author, title="Hemligt utkast", language="sv")
    step_save(user=author, model=model, level="outcome", title="Något förändras")
    return model


def test_report_urls_are_under_the_models_path():
    assert _url(YOUTH, "en") == f"/en/impact/models/{YOUTH}/report/"
    assert _url(YOUTH, "en", "impact:report_csv").endswith("/report.csv")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_published_report_renders_every_section(client, language):
    response = client.get(_url(YOUTH, language))
    assert response.status_code == 200
    body = response.content.decode()
    model = ImpactModel.objects.get(uuid=YOUTH)
    assert model.title in body
    # The content is marked with its own language, whatever the page's language.
    assert 'lang="sv"' in body
    for anchor in (
        "summary-heading",
        "toc-heading",
        "outcomes-heading",
        "sroi-heading",
        "assumptions-heading",
        "sensitivity-heading",
        "method-heading",
        "sources-heading",
    ):
        assert f'id="{anchor}"' in body
    assert "deltagare, 22 år" in body  # the story's teller, described, not named
    assert "<svg" in body
    assert 'role="img"' in body
    assert "css/impact-report.css" in body
    assert "js/impact-report.js" in body
    assert "<script>" not in body
    assert "style=" not in body


def test_english_chrome_and_swedish_content(client, en):
    body = client.get(_url(YOUTH, "en")).content.decode()
    assert "Theory of change" in body
    assert "Print / save as PDF" in body
    assert "Unga mår bättre och tror på sin förmåga" in body


def test_report_figures_agree_with_the_calculator():
    model = model_detail(YOUTH)
    report = build_report(model)
    expected = sroi_calc.calculate(model.sroi.as_input())
    assert report["sroi"]["result"]["sroi_ratio"] == expected.sroi_ratio
    assert report["key_figures"]["sroi_ratio"] == expected.sroi_ratio
    assert report["sroi"]["result"]["present_value"] == expected.present_value
    assert [y["value"] for y in report["sroi"]["years"]] == [
        y.value for y in expected.years
    ]
    # The grade summary counts every link once.
    assert sum(g["count"] for g in report["evidence_grades"]) == model.links.count()
    assert report["sroi"]["monte_carlo"]["runs"] > 0
    assert (
        report["sroi"]["tornado"][0]["swing"] >= report["sroi"]["tornado"][-1]["swing"]
    )


def test_monte_carlo_in_the_report_is_repeatable():
    first = build_report(model_detail(YOUTH))["sroi"]["monte_carlo"]
    second = build_report(model_detail(YOUTH))["sroi"]["monte_carlo"]
    assert first == second


def test_progress_towards_target_is_reported():
    report = build_report(model_detail(YOUTH))
    indicator = next(
        i for o in report["outcomes"] for i in o["indicators"] if i["unit"] == "procent"
    )
    # From 12 towards 45, the latest value 38: (38 − 12) / (45 − 12).
    assert indicator["progress"] == Decimal("0.79")


def test_draft_report_is_hidden_from_everyone_but_its_editors(client, draft):
    url = _url(draft.uuid)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    for name in ("impact:report_json", "impact:report_csv", "impact:report_jsonld"):
        assert client.get(_url(draft.uuid, name=name)).status_code == 404
    client.force_login(draft.created_by)
    response = client.get(url)
    assert response.status_code == 200
    assert "Hemligt utkast" in response.content.decode()


def test_unknown_model_is_404(client):
    assert client.get(_url("00000000-0000-0000-0000-000000000000")).status_code == 404


def test_model_without_sroi_reports_without_sroi_sections(client, draft):
    client.force_login(draft.created_by)
    body = client.get(_url(draft.uuid)).content.decode()
    assert 'id="sroi-heading"' not in body
    assert 'id="sensitivity-heading"' not in body


def test_report_query_count_does_not_grow_with_the_model(client):
    # Warm the page's cached fragments (menus are cached per path).
    client.get(_url(SENIORS))
    client.get(_url(YOUTH))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(SENIORS))
    with CaptureQueriesContext(connection) as large:
        client.get(_url(YOUTH))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 30


def test_print_style_sheet_hides_the_site_chrome_and_breaks_sections():
    from django.contrib.staticfiles import finders  # noqa: PLC0415

    with open(finders.find("css/impact-report.css"), encoding="utf-8") as file:
        css = file.read()
    assert "@media print" in css
    printed = css.split("@media print", 1)[1]
    assert ".site-header" in printed
    assert ".site-footer" in printed
    assert "break-before: page" in printed
    assert 'content: " (" attr(href) ")"' in printed


def test_svg_coordinates_are_not_localised(client, sv):
    # Swedish writes 12,5 for 12.5; an SVG coordinate must keep its point.
    body = client.get(_url(YOUTH, "sv")).content.decode()
    svg = "".join(re.findall(r"<svg.*?</svg>", body, flags=re.DOTALL))
    assert svg
    assert not re.search(r'\s(?:x|y|x1|x2|y1|y2|width|height)="[^"]*,', svg)


money = st.decimals(
    min_value=Decimal("-1000000"),
    max_value=Decimal("1000000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
share = st.decimals(min_value=0, max_value=1, places=4)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    quantity=st.decimals(min_value=0, max_value=100000, places=2),
    proxy=money,
    deadweight=share,
    attribution=share,
    drop_off=share,
    duration=st.integers(min_value=1, max_value=20),
    start_offset=st.integers(min_value=0, max_value=5),
    amount=st.decimals(min_value=0, max_value=10000000, places=2),
    year=st.integers(min_value=0, max_value=5),
)
def test_any_stored_value_map_gives_a_report_never_a_500(
    client,
    draft,
    quantity,
    proxy,
    deadweight,
    attribution,
    drop_off,
    duration,
    start_offset,
    amount,
    year,
):
    analysis, _ = SroiAnalysis.objects.update_or_create(model=draft)
    analysis.investments.all().delete()
    analysis.outcomes.all().delete()
    SroiInvestment.objects.create(analysis=analysis, year=year, amount=amount)
    SroiOutcomeLine.objects.create(
        analysis=analysis,
        name="Rad",
        quantity=quantity,
        proxy_value=proxy,
        deadweight=deadweight,
        attribution=attribution,
        drop_off=drop_off,
        duration=duration,
        start_offset=start_offset,
    )
    client.force_login(draft.created_by)
    for name in ("impact:report", "impact:report_json", "impact:report_csv"):
        response = client.get(_url(draft.uuid, name=name))
        assert response.status_code == 200
    report = build_report(model_detail(draft.uuid))
    if amount == 0:
        assert report["sroi"]["error"]
