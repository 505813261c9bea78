"""The SROI calculator page answers any POST, including extreme magnitudes, with a
result or a 400, never a server error (Hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.impact.test_calculator_views import (
    investment,
    outcome,
    sroi_data,
    url,
)

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------- fuzz

NUMBERS = st.one_of(
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "100", "101", "1e999999", "0,5", "1 000", "−3"]),
)
FIELDS = st.sampled_from(
    [
        "outcome-0-quantity",
        "outcome-0-proxy",
        "outcome-0-deadweight",
        "outcome-0-drop_off",
        "outcome-0-duration",
        "outcome-0-start_offset",
        "outcome-0-price_year",
        "outcome-0-currency",
        "outcome-0-proxy_choice",
        "investment-0-year",
        "investment-0-amount",
        "outcome-TOTAL_FORMS",
        "investment-TOTAL_FORMS",
        "custom_rate",
        "discount_preset",
        "currency",
        "add",
    ]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(FIELDS, NUMBERS, max_size=6))
def test_any_post_is_answered_without_a_server_error(client, changes):
    data = sroi_data(discount_preset="CUSTOM", custom_rate="3")
    data.update(changes)
    response = client.post(url(), data)
    assert response.status_code in (200, 400)


EXTREMES = st.sampled_from(
    [
        "9999999999.99",
        "999999999999.99",
        "-999999999999.99",
        "99999999999999.99",
        "0.01",
        "0",
        "100",
        "99.999999",
        "0.000001",
    ]
)
EXTREME_FIELDS = st.sampled_from(
    [
        "outcome-0-quantity",
        "outcome-0-proxy",
        "outcome-0-deadweight",
        "outcome-0-displacement",
        "outcome-0-attribution",
        "outcome-0-leakage",
        "outcome-0-drop_off",
        "investment-0-amount",
        "custom_rate",
    ]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(EXTREME_FIELDS, EXTREMES, min_size=2, max_size=9))
def test_extreme_magnitudes_are_answered_without_a_server_error(client, changes):
    data = sroi_data(discount_preset="CUSTOM", custom_rate="0")
    data.update({"outcome-0-duration": "100", "outcome-0-start_offset": "100"})
    data.update(changes)
    assert client.post(url(), data).status_code in (200, 400)


def test_a_tiny_value_against_a_huge_investment_is_still_answered(client, en):
    data = sroi_data(
        outcomes=[
            outcome(
                0,
                quantity="0.01",
                proxy="0.01",
                deadweight="99.999999",
                displacement="99.999999",
                attribution="99.999999",
                leakage="99.999999",
            )
        ],
        investments=[investment(0, amount="99999999999999.99")],
    )
    assert client.post(url(), data).status_code in (200, 400)
