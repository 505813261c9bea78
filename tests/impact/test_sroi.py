"""SROI calculator: published fixtures (T1, T2, T6 of the research notes), hand-computed
cases and property tests. Pure functions: no database."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motesplats.impact.calculations import sroi, sroi_sensitivity
from motesplats.impact.calculations.sroi import (
    DISCOUNT_RATE_PRESETS,
    InvestmentLine,
    OutcomeLine,
    SroiInput,
    calculate,
    discount_factor,
    exact_ratio,
)
from motesplats.impact.calculations.sroi_sensitivity import (
    SensitivityRange,
    break_even,
    break_evens,
    default_ranges,
    monte_carlo,
    one_way,
)

D = Decimal


def api_example() -> SroiInput:
    """The request body of the issue's API example."""
    return SroiInput(
        currency="SEK",
        discount_rate="0.035",
        investment=(InvestmentLine(year=0, amount="1000000"),),
        outcomes=(
            OutcomeLine(
                name="Young people in work",
                stakeholder="Young people",
                quantity="20",
                proxy="150000",
                deadweight="0.25",
                displacement="0.10",
                attribution="0.20",
                leakage="0",
                drop_off="0.20",
                duration=3,
                start_offset=0,
            ),
        ),
    )


def cash_line(name: str, amount, year: int) -> OutcomeLine:
    """A plain cash flow in one year, as an outcome line with no deflators."""
    return OutcomeLine(
        name=name, quantity=1, proxy=amount, duration=1, start_offset=year - 1
    )


# --------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (0, "1.0000"),
        (1, "0.9662"),
        (2, "0.9335"),
        (3, "0.9019"),
        (4, "0.8714"),
        (5, "0.8420"),
    ],
)
def test_t1_green_book_discount_factors(year, expected):
    rate = DISCOUNT_RATE_PRESETS["GREEN_BOOK_STPR_3_5"].rate
    assert sroi.quantize(discount_factor(rate, year), 4) == D(expected)


def test_t2_mishan_quah_present_value():
    analysis = SroiInput(
        outcomes=(cash_line("year 1", 50, 1), cash_line("year 2", 150, 2)),
        investment=(InvestmentLine(year=0, amount=100),),
        discount_rate="0.10",
    )
    result = calculate(analysis)
    assert sroi.quantize(result.present_value, 1) == D("169.4")  # published
    assert result.present_value == D("169.42")
    assert result.net_present_value == D("69.42")
    assert sroi.quantize(exact_ratio(analysis), 4) == D("1.6942")
    assert result.sroi_ratio == D("1.69")
    assert result.net_sroi_ratio == D("0.69")


def test_t6_multi_year_investment_is_discounted():
    benefits = [50_000, 60_000, 65_000, 70_000, 75_000]
    analysis = SroiInput(
        outcomes=tuple(
            cash_line(f"year {year}", amount, year)
            for year, amount in enumerate(benefits, start=1)
        ),
        investment=tuple(
            InvestmentLine(year=year, amount=100_000) for year in range(1, 6)
        ),
        discount_rate="0.08",
    )
    result = calculate(analysis)
    assert result.present_value == D("251831.55")
    assert result.investment_present_value == D("399271.00")
    assert sroi.quantize(exact_ratio(analysis), 4) == D("0.6307")
    assert result.sroi_ratio == D("0.63")
    # The pitfall: PV of benefits over undiscounted costs gives 0.5037, not the ratio.
    assert sroi.quantize(result.present_value / 500_000, 4) == D("0.5037")
    assert result.sroi_ratio != D("0.50")


# --------------------------------------------------------------------------- hand-computed


def test_api_example_by_hand():
    result = calculate(api_example())
    # 20 × 150 000 × 0.75 × 0.90 × 0.80 = 1 620 000, then 20 % drop-off per year.
    assert result.line_impacts == (D("1620000.00"),)
    assert [(row.year, row.value, row.discounted) for row in result.years] == [
        (1, D("1620000.00"), D("1565217.39")),  # / 1.035
        (2, D("1296000.00"), D("1209829.87")),  # / 1.035²
        (3, D("1036800.00"), D("935134.20")),  # / 1.035³
    ]
    assert result.present_value == D("3710181.46")
    assert result.net_present_value == D("2710181.46")
    assert result.sroi_ratio == D("3.71")
    assert result.net_sroi_ratio == D("2.71")
    # 1 000 000 / (1 620 000 / 12) = 7.407… months
    assert result.payback_months == D("7.41")
    assert result.conventions["rounding"] == "ROUND_HALF_UP"
    assert result.conventions["money_decimals"] == 2
    assert (
        "year 1 is the first year after the investment" in result.conventions["timing"]
    )


def test_deflators_multiply_not_add():
    line = OutcomeLine(
        name="x", quantity=1, proxy=100, deadweight="0.5", attribution="0.5"
    )
    assert line.impact == D("25")  # 100 × 0.5 × 0.5, not 100 × (1 − 0.5 − 0.5)


def test_start_offset_moves_value_one_year_later():
    line = OutcomeLine(name="x", quantity=1, proxy=100, duration=2, start_offset=1)
    analysis = SroiInput(
        outcomes=(line,), investment=(InvestmentLine(0, 100),), discount_rate=0
    )
    result = calculate(analysis)
    assert [(row.year, row.value) for row in result.years] == [
        (1, D("0.00")),
        (2, D("100.00")),
        (3, D("100.00")),
    ]


def test_negative_outcome_lowers_value_and_no_payback():
    analysis = SroiInput(
        outcomes=(OutcomeLine(name="harm", quantity=2, proxy=-50),),
        investment=(InvestmentLine(0, 100),),
        discount_rate=0,
    )
    result = calculate(analysis)
    assert result.present_value == D("-100.00")
    assert result.sroi_ratio == D("-1.00")
    assert result.payback_months is None


def test_presets_are_data_with_names_years_and_sources():
    assert DISCOUNT_RATE_PRESETS["GREEN_BOOK_STPR_3_5"].rate == D("0.035")
    assert DISCOUNT_RATE_PRESETS["TLV_3_0"].rate == D("0.03")
    assert DISCOUNT_RATE_PRESETS["ASEK_3_5"].rate == D("0.035")
    assert DISCOUNT_RATE_PRESETS["GREEN_BOOK_HEALTH_1_5"].rate == D("0.015")
    assert DISCOUNT_RATE_PRESETS["CUSTOM"].rate is None
    for preset in DISCOUNT_RATE_PRESETS.values():
        assert preset.name
        if preset.rate is not None:
            assert preset.year
            assert preset.source.startswith("https://")
    analysis = SroiInput(
        outcomes=api_example().outcomes,
        investment=api_example().investment,
        discount_preset="TLV_3_0",
    )
    assert analysis.discount_rate == D("0.03")
    assert calculate(analysis).conventions["discount_preset"] == "TLV_3_0"


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadweight": "1.2"}, "deadweight must be between 0 and 1"),
        ({"attribution": "-0.1"}, "attribution must be between 0 and 1"),
        ({"drop_off": "2"}, "drop_off must be between 0 and 1"),
        ({"duration": -1}, "duration must be at least 1"),
        ({"duration": "3"}, "duration must be a whole number"),
        ({"start_offset": -1}, "start_offset must be at least 0"),
        ({"quantity": "many"}, "quantity must be a number"),
        ({"proxy": True}, "proxy must be a number"),
        ({"proxy": "NaN"}, "proxy must be a finite number"),
        ({"quantity": -1}, "quantity must be zero or more"),
        ({"name": " "}, "name must be a non-empty text"),
        ({"currency": "kronor"}, "currency must be a three-letter"),
    ],
)
def test_invalid_outcome_line(changes, message):
    fields = {"name": "x", "quantity": 1, "proxy": 1} | changes
    with pytest.raises(ValueError, match=message):
        OutcomeLine(**fields)


def test_invalid_analysis():
    outcomes = api_example().outcomes
    with pytest.raises(ValueError, match="investment must be greater than zero"):
        SroiInput(
            outcomes=outcomes, investment=(InvestmentLine(0, 0),), discount_rate=0
        )
    with pytest.raises(ValueError, match="investment amount must be zero or more"):
        InvestmentLine(0, -5)
    with pytest.raises(ValueError, match="investment year must be at least 0"):
        InvestmentLine(-1, 5)
    with pytest.raises(ValueError, match="discount_rate must be at least 0"):
        SroiInput(
            outcomes=outcomes, investment=(InvestmentLine(0, 1),), discount_rate="-0.01"
        )
    with pytest.raises(ValueError, match="discount_rate is required"):
        SroiInput(outcomes=outcomes, investment=(InvestmentLine(0, 1),))
    with pytest.raises(ValueError, match="does not match preset"):
        SroiInput(
            outcomes=outcomes,
            investment=(InvestmentLine(0, 1),),
            discount_rate="0.05",
            discount_preset="TLV_3_0",
        )
    with pytest.raises(ValueError, match="outcomes must contain at least one line"):
        SroiInput(outcomes=(), investment=(InvestmentLine(0, 1),), discount_rate=0)
    with pytest.raises(ValueError, match="differs from the analysis currency"):
        SroiInput(
            outcomes=outcomes,
            investment=(InvestmentLine(0, 1),),
            discount_rate=0,
            currency="EUR",
        )


def test_inputs_and_results_are_frozen():
    analysis = api_example()
    with pytest.raises(AttributeError):
        analysis.discount_rate = D(0)
    with pytest.raises(AttributeError):
        calculate(analysis).present_value = D(0)


# --------------------------------------------------------------------------- sensitivity


def test_break_even_deadweight_by_hand():
    # PV is proportional to (1 − deadweight): 3 710 181.4577 / 0.75 × (1 − dw) = 1 000 000
    found = break_even(api_example(), 0, "deadweight")
    assert found.value == D("0.7979")
    assert found.method == "exact"


def test_break_even_drop_off_golden_ratio():
    # r = 0: PV = 100 (1 + k + k²) with k = 1 − drop_off; PV = 200 at k = (√5 − 1)/2.
    analysis = SroiInput(
        outcomes=(OutcomeLine(name="x", quantity=1, proxy=100, duration=3),),
        investment=(InvestmentLine(0, 200),),
        discount_rate=0,
    )
    found = break_even(analysis, 0, "drop_off")
    assert found.value == D("0.3820")
    assert found.method == "bisection"


def test_no_break_even_in_range_is_said():
    found = break_even(api_example(), 0, "drop_off")
    assert found.value is None
    assert "no break-even in range" in found.note
    deflated = api_example().with_outcome(0, attribution=1)
    assert break_even(deflated, 0, "deadweight").value is None
    assert "does not change the ratio" in break_even(deflated, 0, "deadweight").note


def test_one_way_and_tornado():
    analysis = api_example()
    ranges = (
        SensitivityRange(0, "deadweight", "0.15", "0.35"),
        SensitivityRange(0, "quantity", 10, 30),
        SensitivityRange(None, "discount_rate", "0.03", "0.04"),
    )
    result = one_way(analysis, ranges)
    deadweight, quantity, rate = result.rows
    assert deadweight.ratio_base == D("3.71")
    # ratio ∝ (1 − dw): 3.7101814577 / 0.75 × 0.85 and × 0.65
    assert deadweight.ratio_low == D("4.20")
    assert deadweight.ratio_high == D("3.22")
    assert quantity.ratio_low == D("1.86")
    assert quantity.ratio_high == D("5.57")
    assert rate.ratio_low > rate.ratio_base > rate.ratio_high
    assert [row.parameter for row in result.tornado] == [
        "quantity",
        "deadweight",
        "discount_rate",
    ]
    assert len(result.break_even) == len(sroi.BREAK_EVEN_PARAMETERS)
    assert "one assumption changed at a time" in result.conventions["sensitivity"]


def test_default_ranges_stay_in_bounds():
    ranges = default_ranges(api_example())
    for item in ranges:
        if item.parameter in sroi.SHARE_PARAMETERS:
            assert D(0) <= item.low <= item.high <= D(1)
    assert (
        one_way(api_example()).tornado[0].swing
        >= one_way(api_example()).tornado[-1].swing
    )


def test_sensitivity_range_validation():
    with pytest.raises(ValueError, match="low must not exceed high"):
        SensitivityRange(0, "deadweight", "0.5", "0.1")
    with pytest.raises(ValueError, match="parameter must be one of"):
        one_way(api_example(), (SensitivityRange(0, "colour", 0, 1),))
    with pytest.raises(ValueError, match="outcome must be an index"):
        one_way(api_example(), (SensitivityRange(3, "deadweight", 0, 1),))


def test_monte_carlo_seeded_and_bounded():
    analysis = api_example()
    ranges = (
        SensitivityRange(0, "deadweight", "0.10", "0.95"),
        SensitivityRange(0, "attribution", "0.05", "0.90"),
    )
    first = monte_carlo(analysis, ranges, runs=2000, seed=42)
    again = monte_carlo(analysis, ranges, runs=2000, seed=42)
    assert first == again
    assert D(0) < first.probability_ratio_above_one < D(1)
    assert first.ratio_p05 <= first.ratio_p50 <= first.ratio_p95
    assert first.conventions["generator"] == "numpy.random.default_rng(42)"


def test_monte_carlo_without_spread_gives_the_exact_ratio():
    analysis = api_example()
    result = monte_carlo(analysis, (), runs=10, seed=1)
    assert result.mean_ratio == calculate(analysis).sroi_ratio
    assert result.probability_ratio_above_one == D("1.0000")


def test_monte_carlo_rejects_base_outside_range():
    with pytest.raises(ValueError, match="base value"):
        monte_carlo(api_example(), (SensitivityRange(0, "deadweight", "0.5", "0.6"),))
    with pytest.raises(ValueError, match="duration cannot be drawn"):
        monte_carlo(api_example(), (SensitivityRange(0, "duration", 2, 4),))


# --------------------------------------------------------------------------- properties

shares = st.decimals(min_value=0, max_value=1, places=2)
lines = st.builds(
    OutcomeLine,
    name=st.just("outcome"),
    quantity=st.integers(min_value=0, max_value=500),
    proxy=st.decimals(min_value=0, max_value=200_000, places=2),
    deadweight=shares,
    displacement=shares,
    attribution=shares,
    leakage=shares,
    drop_off=shares,
    duration=st.integers(min_value=1, max_value=6),
    start_offset=st.integers(min_value=0, max_value=2),
)
investments = st.lists(
    st.builds(
        InvestmentLine,
        year=st.integers(min_value=0, max_value=3),
        amount=st.decimals(min_value=1, max_value=5_000_000, places=2),
    ),
    min_size=1,
    max_size=3,
)
analyses = st.builds(
    SroiInput,
    outcomes=st.lists(lines, min_size=1, max_size=3).map(tuple),
    investment=investments.map(tuple),
    discount_rate=st.decimals(min_value=0, max_value=D("0.15"), places=3),
)


@settings(max_examples=60, deadline=None)
@given(analyses, st.data())
def test_more_deadweight_never_raises_the_ratio(analysis, data):
    index = data.draw(st.integers(min_value=0, max_value=len(analysis.outcomes) - 1))
    base = analysis.outcomes[index].deadweight
    more = data.draw(st.decimals(min_value=base, max_value=1, places=2))
    assert exact_ratio(analysis.with_outcome(index, deadweight=more)) <= exact_ratio(
        analysis
    )


@settings(max_examples=60, deadline=None)
@given(analyses)
def test_zero_discount_rate_gives_the_undiscounted_sum(analysis):
    undiscounted = SroiInput(
        outcomes=analysis.outcomes, investment=analysis.investment, discount_rate=0
    )
    result = calculate(undiscounted)
    total = sum(
        (
            value
            for line in analysis.outcomes
            for value in line.yearly_values().values()
        ),
        D(0),
    )
    assert result.present_value == sroi.quantize(total, 2)
    assert result.investment_present_value == sroi.quantize(
        sum((line.amount for line in analysis.investment), D(0)), 2
    )
    assert all(row.value == row.discounted for row in result.years)


@settings(max_examples=40, deadline=None)
@given(analyses)
def test_break_even_values_give_one_to_one(analysis):
    step = D("0.0001")
    for found in break_evens(analysis):
        if found.value is None:
            continue
        low, high = sroi_sensitivity._parameter_range(found.parameter)
        below = found.value - step if low is None else max(low, found.value - step)
        above = found.value + step if high is None else min(high, found.value + step)
        ratio_below = exact_ratio(
            analysis.with_outcome(found.outcome, **{found.parameter: below})
        )
        ratio_above = exact_ratio(
            analysis.with_outcome(found.outcome, **{found.parameter: above})
        )
        assert min(ratio_below, ratio_above) <= 1 <= max(ratio_below, ratio_above), (
            found
        )
