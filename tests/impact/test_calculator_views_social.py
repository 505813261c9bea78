"""The preventive social investment page: figures equal to the calculator module's,
a sourced lifetime cost split across payers, who pays and who gains, 400 for bad input,
adding a cost line without JavaScript and never a 500 (Hypothesis)."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.impact.calculations import social_investment as si
from motesplats.impact.calculations._decimal import quantize
from motesplats.impact.calculations.limits import FORM_MAX_LINES
from tests.impact.test_calculator_views import svg_coordinates_are_plain

pytestmark = pytest.mark.django_db

D = Decimal


def url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("impact:social_investment")


def cost(index: int, year="0", payer="municipality", amount="1000000") -> dict:
    return {
        f"cost-{index}-year": year,
        f"cost-{index}-payer": payer,
        f"cost-{index}-amount": amount,
    }


def si_data(costs=None, **values) -> dict:
    costs = costs if costs is not None else [cost(0)]
    data = {
        "target_group_size": "100",
        "probability_without": "30",
        "probability_with": "25",
        "horizon_years": "10",
        "first_effect_year": "1",
        "discount_rate": "3.5",
        "cost_source": "own",
        "own_municipality": "100000",
        "own_region": "",
        "own_social_insurance": "",
        "own_employment_service": "",
        "own_justice_system": "",
        "own_lost_production": "200000",
        "preset": "NW_LIFETIME_PER_PERSON",
        "preset_bound": "low",
        "years_in_exclusion": "45",
        "cost-TOTAL_FORMS": str(len(costs)),
        "cost-INITIAL_FORMS": "0",
        "cost-MIN_NUM_FORMS": "1",
        "cost-MAX_NUM_FORMS": str(FORM_MAX_LINES),
    }
    for line in costs:
        data.update(line)
    data.update(values)
    return data


def expected(**changes) -> si.SocialInvestmentResult:
    values = {
        "target_group_size": 100,
        "probability_without": D("0.30"),
        "probability_with": D("0.25"),
        "annual_cost_per_person": {
            si.Payer.MUNICIPALITY: D(100000),
            si.Payer.LOST_PRODUCTION: D(200000),
        },
        "intervention_costs": si.lines([(0, "municipality", D(1000000))]),
        "horizon_years": 10,
        "discount_rate": D("0.035"),
        "first_effect_year": 1,
    }
    values.update(changes)
    return si.evaluate(si.SocialInvestmentInput(**values))


def money(value: Decimal) -> str:
    return f"{quantize(value, 2):,}"


def summary(response) -> str:
    html = response.content.decode()
    assert 'class="error-summary"' in html
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_form_is_public_in_both_languages(client, language):
    response = client.get(url(language))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="cost-0-amount"' in html
    assert 'name="own_municipality"' in html
    assert "docplayer.se/173502" in html  # the lifetime cost's source
    assert reverse("impact:cost_effectiveness") in html


def test_the_example_fills_the_form(client, en):
    html = client.get(url() + "?example=1").content.decode()
    assert 'name="cost-2-amount"' in html


def test_results_equal_the_calculator_module(client, en):
    response = client.post(url(), si_data())
    assert response.status_code == 200
    html = response.content.decode()
    result = expected()
    assert f"{money(result.total.net_present_value)} SEK" in html
    municipality = result.by_payer("municipality")
    assert f"<td>{money(municipality.net_present_value)}</td>" in html
    lost = result.by_payer("lost_production")
    assert f"<td>{money(lost.pv_avoided_cost)}</td>" in html
    assert f"year {result.total.payback_year}" in html
    for row in result.total.years:
        assert f"<td>{money(row.cumulative_discounted_net)}</td>" in html
    assert "Who pays: Municipality." in html
    assert "Who gains: Municipality, Lost production." in html
    assert "How the figures were computed" in html
    assert html.count('role="img"') == 2


def test_swedish_pages_keep_chart_coordinates_plain(client, sv):
    html = client.post(url("sv"), si_data()).content.decode()
    assert svg_coordinates_are_plain(html)


def test_wrong_pocket_is_named(client, en):
    data = si_data(costs=[cost(0, payer="region", amount="3000000")])
    html = client.post(url(), data).content.decode()
    result = expected(intervention_costs=si.lines([(0, "region", D(3000000))]))
    assert result.wrong_pocket == (si.Payer.REGION,)
    assert "Wrong pocket:" in html
    assert "Region (health care) pays more than it saves" in html


def test_a_published_lifetime_cost_is_spread_and_split(client, en):
    data = si_data(
        cost_source="preset",
        share_municipality="40",
        share_lost_production="60",
        own_municipality="",
        own_lost_production="",
    )
    response = client.post(url(), data)
    assert response.status_code == 200
    yearly = si.annual_from_lifetime(D(10_000_000), 45)
    result = expected(
        annual_cost_per_person={
            si.Payer.MUNICIPALITY: yearly * D("0.4"),
            si.Payer.LOST_PRODUCTION: yearly * D("0.6"),
        }
    )
    html = response.content.decode()
    assert f"{money(result.total.net_present_value)} SEK" in html
    assert f"{money(yearly)} SEK per person and year" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (si_data(probability_with="40"), "should not be higher than without it"),
        (si_data(probability_without="120"), "less than or equal to 100"),
        (si_data(costs=[cost(0, amount="0")]), "must cost more than zero in total"),
        (si_data(costs=[cost(0, year="11")]), "within the time horizon"),
        (si_data(first_effect_year="12"), "within the time horizon"),
        (si_data(horizon_years="-3"), "greater than or equal to 1"),
        (si_data(target_group_size="many"), "Enter a whole number."),
        (si_data(own_municipality="", own_lost_production=""), "at least one payer"),
        (
            si_data(cost_source="preset", share_municipality="50"),
            "The shares must add up to 100 % (now 50 %).",
        ),
        (
            si_data(costs=[cost(i) for i in range(FORM_MAX_LINES + 1)]),
            f"Please submit at most {FORM_MAX_LINES} forms.",
        ),
        (si_data(costs=[cost(0, payer="church")]), "Select a valid choice."),
        (si_data(**{"cost-0-amount": ""}), "This field is required."),
    ],
)
def test_bad_input_is_a_400_with_the_message_and_no_result(client, en, data, message):
    response = client.post(url(), data)
    assert response.status_code == 400
    assert message in summary(response)
    assert 'id="results-title"' not in response.content.decode()


def test_add_a_cost_line_without_javascript(client, en):
    response = client.post(url(), si_data(add="cost"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="cost-TOTAL_FORMS" value="2"' in html
    assert 'name="cost-1-amount"' in html
    assert 'class="error-summary"' not in html


FIELDS = st.sampled_from(
    [
        "target_group_size",
        "probability_without",
        "probability_with",
        "horizon_years",
        "first_effect_year",
        "discount_rate",
        "cost_source",
        "own_region",
        "share_region",
        "preset",
        "preset_bound",
        "years_in_exclusion",
        "cost-0-year",
        "cost-0-payer",
        "cost-0-amount",
        "cost-TOTAL_FORMS",
        "add",
    ]
)
VALUES = st.one_of(
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.sampled_from(["", "0", "100", "preset", "own", "high", "region", "1e999"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(FIELDS, VALUES, max_size=6))
def test_any_post_is_answered_without_a_server_error(client, changes):
    data = si_data()
    data.update(changes)
    assert client.post(url(), data).status_code in (200, 400)
