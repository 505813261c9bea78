"""Preventive social investment calculator: hand-computed cases, presets from the
research and property tests. No database."""

from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motesplats.impact.calculations.social_investment import (
    COHORT_EXCLUSION_SHARE,
    COST_OF_EXCLUSION_PRESETS,
    PRESETS_BY_KEY,
    InterventionCost,
    Payer,
    Role,
    SocialInvestmentInput,
    annual_from_lifetime,
    evaluate,
    lines,
)

D = Decimal

COSTS = {
    Payer.MUNICIPALITY: D(100_000),
    Payer.REGION: D(50_000),
    Payer.SOCIAL_INSURANCE: D(80_000),
}


def make(rate="0", municipality_cost="2000000", **overrides):
    kwargs = {
        "target_group_size": 100,
        "probability_without": "0.3",
        "probability_with": "0.2",
        "annual_cost_per_person": COSTS,
        "intervention_costs": lines([(0, "municipality", municipality_cost)]),
        "horizon_years": 3,
        "discount_rate": rate,
    }
    kwargs.update(overrides)
    return SocialInvestmentInput(**kwargs)


def test_undiscounted_by_hand():
    # 100 people × (0.3 − 0.2) = 10 fewer in exclusion, for years 1–3.
    result = evaluate(make())
    municipality = result.by_payer("municipality")
    assert municipality.pv_intervention_cost == D(2_000_000)
    assert municipality.pv_avoided_cost == D(3_000_000)
    assert municipality.net_present_value == D(1_000_000)
    # cumulative: −2.0M, −1.0M, 0, +1.0M → stays ≥ 0 from year 2
    assert municipality.payback_year == 2
    assert municipality.role is Role.GAINS
    region = result.by_payer(Payer.REGION)
    assert region.net_present_value == D(1_500_000)
    assert region.payback_year is None  # pays nothing, nothing to pay back
    assert result.by_payer(Payer.SOCIAL_INSURANCE).net_present_value == D(2_400_000)
    assert result.by_payer(Payer.JUSTICE_SYSTEM).role is Role.NEUTRAL
    assert result.total.net_present_value == D(4_900_000)
    # total cumulative: −2.0M, +0.3M, … → payback in year 1
    assert result.total.payback_year == 1
    assert result.who_pays == (Payer.MUNICIPALITY,)
    assert result.who_gains == (
        Payer.MUNICIPALITY,
        Payer.REGION,
        Payer.SOCIAL_INSURANCE,
    )
    assert result.wrong_pocket == ()


def test_discounted_by_hand():
    # 1,000,000 × (1/1.05 + 1/1.05² + 1/1.05³) = 2,723,248.0294 → NPV 723,248.03
    result = evaluate(make(rate="0.05"))
    data = result.as_dict()
    municipality = data["payers"][0]
    assert municipality["payer"] == "municipality"
    assert municipality["pv_avoided_cost"] == "2723248.03"
    assert municipality["net_present_value"] == "723248.03"
    assert municipality["payback_year"] == 3
    assert result.conventions["rounding"] == "ROUND_HALF_UP"
    assert "year 0 is not discounted" in result.conventions["timing"]


def test_wrong_pocket():
    # The municipality pays 5M and avoids 3M; the region and social insurance gain.
    result = evaluate(make(municipality_cost="5000000"))
    assert result.by_payer("municipality").net_present_value == D(-2_000_000)
    assert result.by_payer("municipality").role is Role.PAYS
    assert result.by_payer("municipality").payback_year is None
    assert result.total.net_present_value == D(1_900_000)
    assert result.wrong_pocket == (Payer.MUNICIPALITY,)


def test_first_effect_year_delays_avoided_costs():
    result = evaluate(make(first_effect_year=2))
    assert result.by_payer("municipality").pv_avoided_cost == D(2_000_000)
    assert result.by_payer("municipality").years[1].avoided_cost == 0


def test_per_year_table():
    rows = evaluate(make()).by_payer("municipality").years
    assert [row.year for row in rows] == [0, 1, 2, 3]
    assert [row.cumulative_discounted_net for row in rows] == [
        D(-2_000_000),
        D(-1_000_000),
        D(0),
        D(1_000_000),
    ]


def test_rising_probability_gives_negative_avoided_costs():
    result = evaluate(make(probability_with="0.4"))
    assert result.by_payer("region").net_present_value == D(-1_500_000)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target_group_size": 0}, "target_group_size"),
        ({"probability_without": "1.2"}, "probability_without must be between 0 and 1"),
        ({"probability_with": "-0.1"}, "probability_with must be between 0 and 1"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"discount_rate": "x"}, "discount_rate"),
        ({"discount_rate": "-0.01"}, "discount_rate"),
        ({"first_effect_year": 4}, "first_effect_year"),
        ({"intervention_costs": ()}, "intervention_costs must total more than zero"),
        (
            {"intervention_costs": lines([(4, "region", "1")])},
            "intervention_costs year",
        ),
        (
            {"annual_cost_per_person": {"school": D(1)}},
            "annual_cost_per_person must be one of",
        ),
        (
            {"annual_cost_per_person": {"region": "-1"}},
            r"annual_cost_per_person\[region\]",
        ),
    ],
)
def test_invalid_input(overrides, message):
    with pytest.raises(ValueError, match=message):
        make(**overrides)


def test_invalid_cost_line():
    with pytest.raises(ValueError, match="amount must not be negative"):
        InterventionCost(0, Payer.REGION, D(-1))
    with pytest.raises(ValueError, match="payer must be one of"):
        InterventionCost(0, "school", D(1))
    with pytest.raises(ValueError, match="year"):
        InterventionCost(-1, Payer.REGION, D(1))


def test_presets_from_research():
    assert PRESETS_BY_KEY["NW_LIFETIME_PER_PERSON"].low == D(10_000_000)
    assert PRESETS_BY_KEY["NW_LIFETIME_PER_PERSON"].high == D(15_000_000)
    assert PRESETS_BY_KEY["NW_COHORT_ANNUAL"].low == D(6_000_000_000)
    assert PRESETS_BY_KEY["NW_COHORT_LIFETIME"].low == D(155_000_000_000)
    assert PRESETS_BY_KEY["FAKTA_COHORT_LIFETIME"].low == D(210_000_000_000)
    # derived: cutting marginalisation by 20 % of 155 billion gives 31 billion
    derived = PRESETS_BY_KEY["NW_COHORT_20_PERCENT_REDUCTION"]
    assert derived.low == D("0.2") * PRESETS_BY_KEY["NW_COHORT_LIFETIME"].low
    assert derived.evidence == "D"
    assert D("0.12") == COHORT_EXCLUSION_SHARE
    for preset in COST_OF_EXCLUSION_PRESETS:
        assert preset.source.startswith(("Är du", "Fakta"))
        assert preset.low <= preset.high
        assert preset.currency == "SEK"


def test_annual_from_lifetime():
    # 10 MSEK spread over 45 years (20 to 65) is 222,222.22 a year.
    assert round(annual_from_lifetime(D(10_000_000), 45), 2) == D("222222.22")
    with pytest.raises(ValueError, match="years"):
        annual_from_lifetime(1, 0)


# -------------------------------------------------------------------------- properties

amount = st.decimals(min_value=0, max_value=10**7, places=2)
share = st.decimals(min_value=0, max_value=1, places=3)


@given(
    costs=st.dictionaries(st.sampled_from(list(Payer)), amount, max_size=6),
    cost_lines=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=5),
            st.sampled_from(list(Payer)),
            st.decimals(min_value="0.01", max_value=10**7, places=2),
        ),
        min_size=1,
        max_size=6,
    ),
    p_without=share,
    p_with=share,
    size=st.integers(min_value=1, max_value=10_000),
    rate=st.decimals(min_value=0, max_value="0.1", places=3),
)
def test_per_payer_npvs_sum_to_total(costs, cost_lines, p_without, p_with, size, rate):
    data = SocialInvestmentInput(
        target_group_size=size,
        probability_without=p_without,
        probability_with=p_with,
        annual_cost_per_person=costs,
        intervention_costs=lines(cost_lines),
        horizon_years=5,
        discount_rate=rate,
    )
    result = evaluate(data)
    with localcontext() as ctx:
        ctx.prec = 40  # the calculator's working precision
        total = sum((r.net_present_value for r in result.payers), D(0))
        pv_costs = sum((r.pv_intervention_cost for r in result.payers), D(0))
        assert abs(total - result.total.net_present_value) < D("1e-20")
        assert abs(pv_costs - result.total.pv_intervention_cost) < D("1e-20")
    for payer in result.payers:
        assert (payer.role is Role.GAINS) == (payer.net_present_value > 0)
        if payer.payback_year is not None:
            later = payer.years[payer.payback_year :]
            assert all(row.cumulative_discounted_net >= 0 for row in later)
    assert set(result.wrong_pocket) <= {
        r.payer for r in result.payers if r.role is Role.PAYS
    }


@given(rate=st.decimals(min_value=0, max_value="0.1", places=3))
def test_zero_rate_is_undiscounted_and_discounting_never_raises_avoided_costs(rate):
    plain = evaluate(make()).total.pv_avoided_cost
    discounted = evaluate(make(rate=rate)).total.pv_avoided_cost
    assert plain == D(100) * D("0.1") * sum(COSTS.values()) * 3
    assert discounted <= plain
