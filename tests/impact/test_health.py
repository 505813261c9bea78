"""Cost-effectiveness calculator: published fixture H1 (CASP), the API example, hand
computed cases and property tests. No database."""

import ast
import inspect
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motesplats.impact.calculations import health, social_investment
from motesplats.impact.calculations.health import (
    THRESHOLD_PRESETS,
    THRESHOLDS_BY_KEY,
    CostEffectivenessInput,
    Dominance,
    HealthState,
    Quadrant,
    SimulationInput,
    acceptability_curve,
    evaluate,
    evaluate_runs,
    net_monetary_benefit,
    qalys,
    simulate,
)

D = Decimal


def test_api_example():
    result = evaluate(CostEffectivenessInput("1000", "0.2", "20000"))
    assert result.as_dict() == {
        "icer": "5000.00",
        "quadrant": "NE",
        "dominance": "trade-off",
        "net_monetary_benefit": "3000.00",
        "cost_effective": True,
    }
    assert result.conventions["rounding"] == "ROUND_HALF_UP"


def test_fixture_h1_casp_icer_5000_per_qaly():
    # CASP: ΔC = £1,000 per year, ΔE = 0.2 QALY per year → ICER £5,000 per QALY.
    result = evaluate(CostEffectivenessInput(D(1000), D("0.2"), D(20000)))
    assert result.icer == D(5000)


def test_from_arms():
    data = CostEffectivenessInput.from_arms("3500", "1.7", "2500", "1.5", "30000")
    assert data.delta_cost == D(1000)
    assert data.delta_effect == D("0.2")


@pytest.mark.parametrize(
    ("dc", "de", "quadrant", "dominance", "icer"),
    [
        ("1000", "0.2", Quadrant.NE, Dominance.TRADE_OFF, D(5000)),
        ("-1000", "0.2", Quadrant.SE, Dominance.DOMINANT, None),
        ("1000", "-0.2", Quadrant.NW, Dominance.DOMINATED, None),
        ("-1000", "-0.2", Quadrant.SW, Dominance.TRADE_OFF, D(5000)),
        ("0", "0.2", Quadrant.SE, Dominance.DOMINANT, None),
        ("1000", "0", Quadrant.NW, Dominance.DOMINATED, None),
        ("-1000", "0", Quadrant.SE, Dominance.DOMINANT, None),
        ("0", "-0.2", Quadrant.NW, Dominance.DOMINATED, None),
        ("0", "0", Quadrant.ORIGIN, Dominance.EQUIVALENT, None),
    ],
)
def test_quadrants(dc, de, quadrant, dominance, icer):
    result = evaluate(CostEffectivenessInput(dc, de, "20000"))
    assert result.quadrant is quadrant
    assert result.dominance is dominance
    assert result.icer == icer


def test_sw_quadrant_cost_effective_only_when_savings_exceed_threshold():
    # Saves 10,000 per 0.2 QALY lost: 50,000 saved per QALY lost > λ = 20,000.
    assert evaluate(CostEffectivenessInput("-10000", "-0.2", "20000")).cost_effective
    # Saves 2,000 per 0.2 QALY lost: 10,000 per QALY < λ.
    assert not evaluate(CostEffectivenessInput("-2000", "-0.2", "20000")).cost_effective


def test_icer_equal_to_threshold_is_not_cost_effective():
    result = evaluate(CostEffectivenessInput("4000", "0.2", "20000"))
    assert result.net_monetary_benefit == 0
    assert result.cost_effective is False


def test_half_up_rounding_of_icer():
    # 2.675 rounds to 2.67 as a float; half-up on the exact decimal gives 2.68.
    result = evaluate(CostEffectivenessInput("2.675", "1", "0"))
    assert result.as_dict()["icer"] == "2.68"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"delta_cost": "abc", "delta_effect": "0.2", "threshold": "1"}, "delta_cost"),
        ({"delta_cost": "1", "delta_effect": None, "threshold": "1"}, "delta_effect"),
        ({"delta_cost": "1", "delta_effect": "0.2", "threshold": "-1"}, "threshold"),
        ({"delta_cost": "1", "delta_effect": "NaN", "threshold": "1"}, "delta_effect"),
        ({"delta_cost": True, "delta_effect": "0.2", "threshold": "1"}, "delta_cost"),
    ],
)
def test_invalid_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CostEffectivenessInput(**kwargs)


def test_nmb_function():
    assert net_monetary_benefit("1000", "0.2", "20000") == D(3000)


# ------------------------------------------------------------------------------ QALYs


def test_qalys_undiscounted_utility_times_duration():
    result = qalys([HealthState("0.8", "2"), HealthState("0.5", "1.5")])
    assert result.undiscounted == D("2.35")
    assert result.discounted == D("2.35")


def test_qalys_discounted_by_hand():
    # 0.8 for 2 years at 3 %, year 1 discounted one period:
    # 0.8/1.03 + 0.8/1.03^2 = 0.776699... + 0.754077... = 1.530776...
    result = qalys([HealthState("0.8", "2")], "0.03")
    assert result.rounded()["discounted"] == "1.5308"
    start = qalys([HealthState("0.8", "2")], "0.03", discount_from=0)
    # 0.8 + 0.8/1.03 = 1.576699...
    assert start.rounded()["discounted"] == "1.5767"


def test_qalys_split_across_year_boundary():
    # 0.5 years at 1.0, then 1 year at 0.5: year 1 = 0.5 + 0.25, year 2 = 0.25.
    result = qalys([HealthState("1", "0.5"), HealthState("0.5", "1")])
    assert [(y, q) for y, q, _ in result.per_year] == [(1, D("0.75")), (2, D("0.25"))]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"utility": "1.2", "duration_years": "1"}, "utility"),
        ({"utility": "0.5", "duration_years": "-1"}, "duration_years"),
        ({"utility": "x", "duration_years": "1"}, "utility"),
    ],
)
def test_invalid_health_state(kwargs, message):
    with pytest.raises(ValueError, match=message):
        HealthState(**kwargs)


def test_invalid_discount_rate():
    with pytest.raises(ValueError, match="discount_rate"):
        qalys([HealthState("1", "1")], "-0.01")
    with pytest.raises(ValueError, match="discount_from"):
        qalys([HealthState("1", "1")], "0.03", discount_from=2)


# --------------------------------------------------------------------- probabilistic


def test_runs_probability():
    runs = [
        CostEffectivenessInput("1000", "0.2", "20000"),  # NMB 3000
        CostEffectivenessInput("5000", "0.2", "20000"),  # NMB -1000
        CostEffectivenessInput("-100", "0.1", "20000"),  # dominant
        CostEffectivenessInput("100", "-0.1", "20000"),  # dominated
    ]
    result = evaluate_runs(runs)
    assert result.probability_cost_effective == D("0.5")
    assert result.as_dict()["probability_cost_effective"] == "0.5000"
    assert len(result.as_dict()["runs"]) == 4


def test_runs_must_not_be_empty():
    with pytest.raises(ValueError, match="runs"):
        evaluate_runs([])


def test_acceptability_curve_by_hand():
    samples = [("1000", "0.2"), ("3000", "0.2"), ("5000", "0.1")]
    curve = acceptability_curve(samples, ["60000", "0", "10000", "20000"])
    assert [p.threshold for p in curve.points] == [D(0), D(10000), D(20000), D(60000)]
    # λ=10000: only (1000, 0.2); λ=20000: also (3000, 0.2); λ=60000: all three.
    assert [round(p.probability_cost_effective, 4) for p in curve.points] == [
        D("0.0000"),
        D("0.3333"),
        D("0.6667"),
        D("1.0000"),
    ]


def test_simulation_is_seeded_and_reproducible():
    data = SimulationInput("1000", "500", "0.2", "0.05", runs=200, seed=42)
    first = simulate(data)
    assert first == simulate(data)
    assert len(first) == 200
    curve = acceptability_curve(first, [0, 5000, 20000, 100000])
    probabilities = [p.probability_cost_effective for p in curve.points]
    assert probabilities == sorted(probabilities)
    assert probabilities[-1] > D("0.9")


def test_simulation_invalid():
    with pytest.raises(ValueError, match="sd_delta_cost"):
        SimulationInput("1", "-1", "0.1", "0.1")
    with pytest.raises(ValueError, match="runs"):
        SimulationInput("1", "1", "0.1", "0.1", runs=0)


# --------------------------------------------------------------------------- presets


def test_threshold_presets_are_sourced_and_dated():
    assert THRESHOLDS_BY_KEY["TLV_MODERATE"].value == D(500_000)
    assert THRESHOLDS_BY_KEY["TLV_VERY_HIGH"].value == D(1_000_000)
    assert THRESHOLDS_BY_KEY["TLV_RARE_VERY_HIGH"].value == D(2_000_000)
    assert THRESHOLDS_BY_KEY["TLV_RARE_VERY_HIGH"].year == 2016
    for preset in THRESHOLD_PRESETS:
        assert preset.source
        assert preset.evidence in {"V", "K"}
        assert preset.currency in {"SEK", "GBP"}
        assert preset.value is not None or preset.lower is not None


# -------------------------------------------------------------------------- properties

money = st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False)
effect = st.decimals(min_value=-50, max_value=50, places=4, allow_nan=False)
positive_effect = st.decimals(min_value="0.0001", max_value=50, places=4)
lam = st.decimals(min_value=0, max_value=10**7, places=0, allow_nan=False)


@given(money, effect, lam)
def test_nmb_identity_and_dominance_consistent_with_signs(dc, de, threshold):
    result = evaluate(CostEffectivenessInput(dc, de, threshold))
    assert result.net_monetary_benefit == threshold * de - dc
    assert result.cost_effective == (threshold * de - dc > 0)
    if result.icer is not None:
        assert result.icer > 0  # never a bare negative ICER
        assert (dc > 0 and de > 0) or (dc < 0 and de < 0)
    if result.dominance is Dominance.DOMINANT:
        assert dc <= 0
        assert de >= 0
        assert threshold == 0 or result.cost_effective or de == 0
    if result.dominance is Dominance.DOMINATED:
        assert dc >= 0
        assert de <= 0
        assert not result.cost_effective
    if result.quadrant is Quadrant.NE:
        assert result.cost_effective == (result.icer < threshold)
    if result.quadrant is Quadrant.SW:
        assert result.cost_effective == (result.icer > threshold)


@given(
    st.lists(st.tuples(money, positive_effect), min_size=1, max_size=30),
    st.lists(lam, min_size=1, max_size=10),
)
def test_ceac_non_decreasing_when_all_effects_positive(samples, thresholds):
    points = acceptability_curve(samples, thresholds).points
    probabilities = [p.probability_cost_effective for p in points]
    assert probabilities == sorted(probabilities)
    assert all(0 <= p <= 1 for p in probabilities)


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=1, places=3),
            st.decimals(min_value=0, max_value=10, places=2),
        ),
        max_size=6,
    ),
    st.decimals(min_value=0, max_value="0.1", places=3),
)
def test_discounted_qalys_never_exceed_undiscounted_for_non_negative_utility(
    states, rate
):
    result = qalys([HealthState(u, d) for u, d in states], rate)
    assert result.discounted <= result.undiscounted
    assert result.undiscounted == sum((u * d for u, d in states), D(0))
    assert (
        qalys([HealthState(u, d) for u, d in states]).discounted == result.undiscounted
    )


@given(st.lists(st.tuples(money, effect), min_size=1, max_size=20), lam)
def test_runs_and_curve_agree_at_one_threshold(samples, threshold):
    runs = [CostEffectivenessInput(dc, de, threshold) for dc, de in samples]
    curve = acceptability_curve(samples, [threshold])
    assert (
        evaluate_runs(runs).probability_cost_effective
        == curve.points[0].probability_cost_effective
    )


def test_module_is_pure_python():
    for module in (health, social_investment):
        tree = ast.parse(inspect.getsource(module))
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        ] + [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        ]
        assert not [name for name in names if name.startswith("django")]
