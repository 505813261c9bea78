"""The cost-effectiveness calculator page: figures equal to the health module's, the
CASP fixture, the quadrant in words (never a bare negative ICER), the probabilistic
analysis, 400 for bad input and never a 500 (Hypothesis)."""

import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.impact.calculations import health
from motesplats.impact.calculations._decimal import quantize
from motesplats.impact.calculations.limits import FORM_RUNS, FORM_SEED
from tests.impact.test_calculator_views import svg_coordinates_are_plain

pytestmark = pytest.mark.django_db

D = Decimal


def url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("impact:cost_effectiveness")


def ce_data(**values) -> dict:
    data = {
        "mode": "direct",
        "delta_cost": "60000",
        "delta_effect": "0.5",
        "effect_rate": "3",
        "threshold_preset": "TLV_MODERATE",
        "custom_threshold": "",
    }
    data.update(values)
    return data


def arms_data(**values) -> dict:
    data = ce_data(
        mode="arms",
        delta_cost="",
        delta_effect="",
        new_cost="180000",
        new_utility_1="0.75",
        new_years_1="2",
        new_utility_2="0.8",
        new_years_2="8",
        comparator_cost="120000",
        comparator_utility_1="0.65",
        comparator_years_1="2",
        comparator_utility_2="0.75",
        comparator_years_2="8",
    )
    data.update(values)
    return data


def summary(response) -> str:
    html = response.content.decode()
    assert 'class="error-summary"' in html
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_form_is_public_in_both_languages(client, language):
    response = client.get(url(language))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="delta_cost"' in html
    assert 'name="new_utility_1"' in html
    assert "lakartidningen.se" in html  # the thresholds' source
    assert reverse("impact:sroi") in html


def test_the_example_is_a_comparison_of_two_options(client, en):
    html = client.get(url() + "?example=1").content.decode()
    assert 'value="0.75"' in html
    assert re.search(r'value="arms"[^>]*checked', html)


def test_published_fixture_casp_icer(client, en):
    """H1: ΔC = 1,000 a year, ΔE = 0.2 QALY a year → ICER 5,000 per QALY."""
    response = client.post(
        url(),
        ce_data(
            delta_cost="1000",
            delta_effect="0.2",
            threshold_preset="CUSTOM",
            custom_threshold="20000",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "5,000.00 SEK" in html
    assert "Cost-effective at the chosen willingness to pay." in html
    assert "Each QALY gained costs 5,000.00 SEK" in html


def test_results_equal_the_health_module(client, en):
    html = client.post(url(), ce_data()).content.decode()
    result = health.evaluate(
        health.CostEffectivenessInput(D(60000), D("0.5"), D(500000))
    )
    assert f"{quantize(result.icer, 2):,} SEK" in html
    assert f"{quantize(result.net_monetary_benefit, 2):,} SEK" in html
    assert "500,000 SEK per QALY" in html
    assert "How the figures were computed" in html
    # Socialstyrelsen would call 120,000 SEK per QALY moderate.
    assert "this cost per QALY is moderate" in html


@pytest.mark.parametrize(
    ("delta_cost", "delta_effect", "words"),
    [
        ("-1000", "0.1", "it dominates the comparator"),
        ("1000", "-0.1", "the comparator dominates it"),
        ("0", "0", "do not differ in cost or effect"),
    ],
)
def test_dominance_is_explained_without_an_icer(
    client, en, delta_cost, delta_effect, words
):
    html = client.post(
        url(), ce_data(delta_cost=delta_cost, delta_effect=delta_effect)
    ).content.decode()
    assert words in html
    assert "not applicable, see above" in html
    assert "-10,000" not in html


def test_south_west_quadrant_shows_savings_per_qaly_lost_not_a_negative_icer(
    client, en
):
    html = client.post(
        url(), ce_data(delta_cost="-50000", delta_effect="-0.1")
    ).content.decode()
    assert "Each QALY given up saves 500,000.00 SEK" in html
    assert "-500,000" not in html


def test_two_options_count_discounted_qalys(client, en):
    html = client.post(url(), arms_data()).content.decode()
    rate = D("0.03")
    new = health.qalys(
        [health.HealthState(D("0.75"), D(2)), health.HealthState(D("0.8"), D(8))], rate
    )
    old = health.qalys(
        [health.HealthState(D("0.65"), D(2)), health.HealthState(D("0.75"), D(8))], rate
    )
    result = health.evaluate(
        health.CostEffectivenessInput.from_arms(
            D(180000), new.discounted, D(120000), old.discounted, D(500000)
        )
    )
    assert f"{quantize(new.discounted, 4)}" in html
    assert f"{quantize(old.discounted, 4)}" in html
    assert f"{quantize(result.icer, 2):,} SEK" in html


def test_swedish_pages_keep_chart_coordinates_plain(client, sv):
    data = ce_data(probabilistic="on", sd_delta_cost="20000", sd_delta_effect="0,25")
    html = client.post(url("sv"), data).content.decode()
    assert svg_coordinates_are_plain(html)


def test_probabilistic_analysis_matches_the_simulation(client, en):
    html = client.post(
        url(),
        ce_data(probabilistic="on", sd_delta_cost="20000", sd_delta_effect="0.25"),
    ).content.decode()
    samples = health.simulate(
        health.SimulationInput(
            D(60000), D(20000), D("0.5"), D("0.25"), runs=FORM_RUNS, seed=FORM_SEED
        )
    )
    runs = health.evaluate_runs(
        health.CostEffectivenessInput(c, e, D(500000)) for c, e in samples
    )
    probability = quantize(runs.probability_cost_effective * 100, 2).normalize()
    assert f"{probability} %" in html
    assert "Cost-effectiveness acceptability curve" in html
    assert '<polyline class="chart-line"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ce_data(delta_cost=""), "This field is required."),
        (ce_data(delta_effect="lots"), "Enter a number."),
        (ce_data(threshold_preset="CUSTOM"), "This field is required."),
        (ce_data(custom_threshold="-1", threshold_preset="CUSTOM"), "greater than"),
        (ce_data(probabilistic="on"), "This field is required."),
        (
            ce_data(probabilistic="on", sd_delta_cost="-5", sd_delta_effect="0.1"),
            "greater than or equal to 0",
        ),
        (arms_data(new_utility_1="1.5"), "less than or equal to 1"),
        (arms_data(new_years_2=""), "This field is required."),
        (
            arms_data(
                comparator_utility_1="",
                comparator_years_1="",
                comparator_utility_2="",
                comparator_years_2="",
            ),
            "Give at least one health state",
        ),
        (arms_data(new_years_1="100", new_years_2="50"), "at most 100 years in all"),
        (ce_data(mode="both"), "Select a valid choice."),
        (ce_data(effect_rate="100"), "less than or equal to 99.99"),
    ],
)
def test_bad_input_is_a_400_with_the_message_and_no_result(client, en, data, message):
    response = client.post(url(), data)
    assert response.status_code == 400
    assert message in summary(response)
    assert 'id="results-title"' not in response.content.decode()


FIELDS = st.sampled_from(
    [
        "mode",
        "delta_cost",
        "delta_effect",
        "effect_rate",
        "threshold_preset",
        "custom_threshold",
        "probabilistic",
        "sd_delta_cost",
        "sd_delta_effect",
        "new_cost",
        "new_utility_1",
        "new_years_1",
        "comparator_utility_3",
        "comparator_years_3",
    ]
)
VALUES = st.one_of(
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "0", "-1", "1", "arms", "direct", "CUSTOM", "on", "1e999"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(FIELDS, VALUES, max_size=6))
def test_any_post_is_answered_without_a_server_error(client, changes):
    data = arms_data()
    data.update(changes)
    assert client.post(url(), data).status_code in (200, 400)
