"""Cost-effectiveness and cost-utility analysis (pure Python, no Django).

- QALYs from utility × duration, discounted per year (:func:`qalys`);
- incremental cost and effect, ICER with quadrant logic (never a bare negative ICER),
  net monetary benefit at a threshold (:func:`evaluate`);
- probabilistic runs: probability of being cost-effective and a cost-effectiveness
  acceptability curve (:func:`evaluate_runs`, :func:`acceptability_curve`,
  :func:`simulate`);
- threshold presets with body, severity, year and source (:data:`THRESHOLD_PRESETS`).

Formulas (research §2.1): ICER = ΔC / ΔE; INMB = λ·ΔE − ΔC; cost-effective iff INMB > 0,
which equals ICER < λ in the NE quadrant and ICER > λ in the SW quadrant.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from types import MappingProxyType

import numpy as np  # only for the seeded probabilistic runs (simulate)

from motesplats.impact.calculations._decimal import (
    MONEY_PLACES,
    ONE,
    ROUNDING_NAME,
    ZERO,
    quantize,
    to_decimal,
)

PRECISION = 40
PROBABILITY_PLACES = 4
QALY_PLACES = 4


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping))


# --------------------------------------------------------------------------- QALYs


@dataclass(frozen=True)
class HealthState:
    """A period spent at one utility (0 = dead, 1 = full health; below 0 is allowed
    for states worse than death, down to −1)."""

    utility: Decimal
    duration_years: Decimal

    def __post_init__(self) -> None:
        utility = to_decimal(self.utility, "utility")
        duration = to_decimal(self.duration_years, "duration_years")
        if utility < -ONE or utility > ONE:
            raise ValueError("utility must be between -1 and 1")
        if duration < ZERO:
            raise ValueError("duration_years must not be negative")
        object.__setattr__(self, "utility", utility)
        object.__setattr__(self, "duration_years", duration)


@dataclass(frozen=True)
class QalyResult:
    undiscounted: Decimal
    discounted: Decimal
    per_year: tuple[tuple[int, Decimal, Decimal], ...]  # (year, qalys, discounted)
    conventions: Mapping[str, object]

    def rounded(self) -> dict[str, str]:
        return {
            "undiscounted": f"{quantize(self.undiscounted, QALY_PLACES)}",
            "discounted": f"{quantize(self.discounted, QALY_PLACES)}",
        }


def qalys(
    states: Sequence[HealthState], discount_rate: object = ZERO, discount_from: int = 1
) -> QalyResult:
    """QALYs of consecutive health states starting at time 0.

    The part of a state that falls in year k (the interval [k−1, k)) is discounted by
    1 / (1 + r)^(k − 1 + discount_from): with ``discount_from = 1`` (default, as in the
    API) year 1 is discounted by one period; with 0 year 1 is not discounted.
    """
    rate = to_decimal(discount_rate, "discount_rate")
    if rate < ZERO or rate >= ONE:
        raise ValueError("discount_rate must be between 0 and 1 (exclusive of 1)")
    if discount_from not in (0, 1):
        raise ValueError("discount_from must be 0 or 1")
    states = tuple(states)
    for state in states:
        if not isinstance(state, HealthState):
            raise ValueError("states must be HealthState values")
    per_year: dict[int, Decimal] = {}
    with localcontext() as ctx:
        ctx.prec = PRECISION
        start = ZERO
        for state in states:
            end = start + state.duration_years
            cursor = start
            while cursor < end:
                year = int(cursor) + 1  # cursor lies in [year-1, year)
                segment_end = min(end, Decimal(year))
                per_year[year] = per_year.get(year, ZERO) + state.utility * (
                    segment_end - cursor
                )
                cursor = segment_end
            start = end
        rows = []
        total = ZERO
        total_discounted = ZERO
        for year in sorted(per_year):
            value = per_year[year]
            discounted = value / (ONE + rate) ** (year - 1 + discount_from)
            rows.append((year, value, discounted))
            total += value
            total_discounted += discounted
    return QalyResult(
        undiscounted=total,
        discounted=total_discounted,
        per_year=tuple(rows),
        conventions=_frozen(
            {
                "formula": "QALY = sum(utility x duration), split by year",
                "discount_rate": str(rate),
                "discount_from": discount_from,
                "timing": "year k is discounted by (1 + r)^(k - 1 + discount_from)",
                "rounding": ROUNDING_NAME,
                "decimals": QALY_PLACES,
            }
        ),
    )


# --------------------------------------------------------------- cost-effectiveness


class Quadrant(enum.StrEnum):
    """Position on the cost-effectiveness plane (x = ΔE, y = ΔC)."""

    NE = "NE"  # more effective, more costly: trade-off, ICER compared with λ
    NW = "NW"  # less effective, more costly (or equal cost): dominated
    SE = "SE"  # more effective, less costly (or equal cost): dominant
    SW = "SW"  # less effective, less costly: trade-off, savings per QALY lost
    ORIGIN = "origin"  # no difference in cost or effect


class Dominance(enum.StrEnum):
    DOMINANT = "dominant"
    DOMINATED = "dominated"
    TRADE_OFF = "trade-off"
    EQUIVALENT = "equivalent"


def classify(delta_cost: Decimal, delta_effect: Decimal) -> Quadrant:
    """Quadrant of (ΔE, ΔC). Points on an axis go to the dominance side: equal cost and
    more effect is SE (dominant), equal effect and more cost is NW (dominated)."""
    if delta_effect > ZERO:
        return Quadrant.NE if delta_cost > ZERO else Quadrant.SE
    if delta_effect < ZERO:
        return Quadrant.SW if delta_cost < ZERO else Quadrant.NW
    if delta_cost > ZERO:
        return Quadrant.NW
    if delta_cost < ZERO:
        return Quadrant.SE
    return Quadrant.ORIGIN


_DOMINANCE = {
    Quadrant.NE: Dominance.TRADE_OFF,
    Quadrant.SW: Dominance.TRADE_OFF,
    Quadrant.SE: Dominance.DOMINANT,
    Quadrant.NW: Dominance.DOMINATED,
    Quadrant.ORIGIN: Dominance.EQUIVALENT,
}


@dataclass(frozen=True)
class CostEffectivenessInput:
    """Incremental cost and effect of an intervention against its comparator, and a
    willingness-to-pay threshold λ (money per unit of effect, e.g. SEK per QALY)."""

    delta_cost: Decimal
    delta_effect: Decimal
    threshold: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "delta_cost", to_decimal(self.delta_cost, "delta_cost")
        )
        object.__setattr__(
            self, "delta_effect", to_decimal(self.delta_effect, "delta_effect")
        )
        threshold = to_decimal(self.threshold, "threshold")
        if threshold < ZERO:
            raise ValueError("threshold must not be negative")
        object.__setattr__(self, "threshold", threshold)

    @classmethod
    def from_arms(
        cls,
        cost_new: object,
        effect_new: object,
        cost_comparator: object,
        effect_comparator: object,
        threshold: object,
    ) -> CostEffectivenessInput:
        """ΔC = C₁ − C₀ and ΔE = E₁ − E₀ from the two arms' (discounted) totals."""
        return cls(
            delta_cost=to_decimal(cost_new, "cost_new")
            - to_decimal(cost_comparator, "cost_comparator"),
            delta_effect=to_decimal(effect_new, "effect_new")
            - to_decimal(effect_comparator, "effect_comparator"),
            threshold=threshold,
        )


CE_CONVENTIONS = _frozen(
    {
        "icer": "delta_cost / delta_effect, only in the NE and SW quadrants",
        "net_monetary_benefit": "threshold x delta_effect - delta_cost",
        "cost_effective": "net_monetary_benefit > 0",
        "quadrant": "x = delta_effect, y = delta_cost; axes go to the dominance side",
        "rounding": ROUNDING_NAME,
        "decimals": MONEY_PLACES,
    }
)


@dataclass(frozen=True)
class CostEffectivenessResult:
    delta_cost: Decimal
    delta_effect: Decimal
    threshold: Decimal
    quadrant: Quadrant
    dominance: Dominance
    icer: Decimal | None  # None when dominant, dominated or equivalent: never negative
    net_monetary_benefit: Decimal
    cost_effective: bool
    conventions: Mapping[str, object] = field(default_factory=lambda: CE_CONVENTIONS)

    def as_dict(self) -> dict[str, object]:
        """The API shape: money and ICER to 2 decimals, half-up, as strings."""
        return {
            "icer": None
            if self.icer is None
            else f"{quantize(self.icer, MONEY_PLACES)}",
            "quadrant": self.quadrant.value,
            "dominance": self.dominance.value,
            "net_monetary_benefit": f"{quantize(self.net_monetary_benefit, MONEY_PLACES)}",
            "cost_effective": self.cost_effective,
        }


def net_monetary_benefit(
    delta_cost: object, delta_effect: object, threshold: object
) -> Decimal:
    """INMB = λ·ΔE − ΔC."""
    data = CostEffectivenessInput(delta_cost, delta_effect, threshold)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return data.threshold * data.delta_effect - data.delta_cost


def evaluate(data: CostEffectivenessInput) -> CostEffectivenessResult:
    """ICER with quadrant logic, net monetary benefit and the decision at λ."""
    if not isinstance(data, CostEffectivenessInput):
        raise ValueError("data must be a CostEffectivenessInput")
    quadrant = classify(data.delta_cost, data.delta_effect)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        nmb = data.threshold * data.delta_effect - data.delta_cost
        icer = (
            data.delta_cost / data.delta_effect
            if quadrant in (Quadrant.NE, Quadrant.SW)
            else None
        )
    return CostEffectivenessResult(
        delta_cost=data.delta_cost,
        delta_effect=data.delta_effect,
        threshold=data.threshold,
        quadrant=quadrant,
        dominance=_DOMINANCE[quadrant],
        icer=icer,
        net_monetary_benefit=nmb,
        cost_effective=nmb > ZERO,
    )


# ----------------------------------------------------------------- probabilistic runs


@dataclass(frozen=True)
class ProbabilisticResult:
    runs: tuple[CostEffectivenessResult, ...]
    probability_cost_effective: Decimal
    conventions: Mapping[str, object]

    def as_dict(self) -> dict[str, object]:
        return {
            "runs": [run.as_dict() for run in self.runs],
            "probability_cost_effective": (
                f"{quantize(self.probability_cost_effective, PROBABILITY_PLACES)}"
            ),
        }


def _probability(hits: int, total: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return Decimal(hits) / Decimal(total)


def evaluate_runs(runs: Iterable[CostEffectivenessInput]) -> ProbabilisticResult:
    """Evaluate each run (each with its own λ) and the share that is cost-effective."""
    runs = tuple(runs)
    if not runs:
        raise ValueError("runs must contain at least one run")
    results = tuple(evaluate(run) for run in runs)
    hits = sum(1 for result in results if result.cost_effective)
    return ProbabilisticResult(
        runs=results,
        probability_cost_effective=_probability(hits, len(results)),
        conventions=_frozen(
            {
                **CE_CONVENTIONS,
                "probability_cost_effective": "share of runs with net_monetary_benefit > 0",
                "probability_decimals": PROBABILITY_PLACES,
            }
        ),
    )


@dataclass(frozen=True)
class CurvePoint:
    threshold: Decimal
    probability_cost_effective: Decimal


@dataclass(frozen=True)
class AcceptabilityCurve:
    points: tuple[CurvePoint, ...]
    conventions: Mapping[str, object]


def acceptability_curve(
    samples: Iterable[tuple[object, object]], thresholds: Iterable[object]
) -> AcceptabilityCurve:
    """Cost-effectiveness acceptability curve: for each λ, the share of (ΔC, ΔE)
    samples with λ·ΔE − ΔC > 0. Thresholds are sorted ascending."""
    pairs = tuple(
        (to_decimal(cost, "delta_cost"), to_decimal(effect, "delta_effect"))
        for cost, effect in samples
    )
    if not pairs:
        raise ValueError(
            "samples must contain at least one (delta_cost, delta_effect) pair"
        )
    lambdas = sorted({to_decimal(value, "threshold") for value in thresholds})
    if not lambdas:
        raise ValueError("thresholds must contain at least one value")
    if lambdas[0] < ZERO:
        raise ValueError("threshold must not be negative")
    points = []
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for lam in lambdas:
            hits = sum(1 for cost, effect in pairs if lam * effect - cost > ZERO)
            points.append(CurvePoint(lam, _probability(hits, len(pairs))))
    return AcceptabilityCurve(
        points=tuple(points),
        conventions=_frozen(
            {
                "probability_cost_effective": "share of samples with threshold x dE - dC > 0",
                "samples": len(pairs),
                "rounding": ROUNDING_NAME,
                "probability_decimals": PROBABILITY_PLACES,
            }
        ),
    )


@dataclass(frozen=True)
class SimulationInput:
    """Normal distributions for ΔC and ΔE (independent), sampled with a seeded
    ``numpy.random.default_rng``."""

    mean_delta_cost: Decimal
    sd_delta_cost: Decimal
    mean_delta_effect: Decimal
    sd_delta_effect: Decimal
    runs: int = 1000
    seed: int = 0

    def __post_init__(self) -> None:
        for name in (
            "mean_delta_cost",
            "sd_delta_cost",
            "mean_delta_effect",
            "sd_delta_effect",
        ):
            object.__setattr__(self, name, to_decimal(getattr(self, name), name))
        for name in ("sd_delta_cost", "sd_delta_effect"):
            if getattr(self, name) < ZERO:
                raise ValueError(f"{name} must not be negative")
        if (
            isinstance(self.runs, bool)
            or not isinstance(self.runs, int)
            or self.runs < 1
        ):
            raise ValueError("runs must be a positive whole number")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError("seed must be a whole number")


def simulate(data: SimulationInput) -> tuple[tuple[Decimal, Decimal], ...]:
    """Draw (ΔC, ΔE) samples; floats are converted with ``str`` (shortest repr)."""
    rng = np.random.default_rng(data.seed)
    costs = rng.normal(
        float(data.mean_delta_cost), float(data.sd_delta_cost), data.runs
    )
    effects = rng.normal(
        float(data.mean_delta_effect), float(data.sd_delta_effect), data.runs
    )
    return tuple(
        (Decimal(str(float(c))), Decimal(str(float(e))))
        for c, e in zip(costs, effects, strict=True)
    )


# -------------------------------------------------------------------- threshold presets


@dataclass(frozen=True)
class ThresholdPreset:
    key: str
    body: str
    jurisdiction: str
    severity: str
    value: Decimal | None  # willingness to pay per QALY (upper bound of the band)
    lower: Decimal | None
    currency: str
    year: int | None  # year of the figure or its source; None when not stated
    source: str
    evidence: (
        str  # V = verified in the research, K = to verify against the primary text
    )
    note: str = ""


_LAKARTIDNINGEN_2018 = (
    "Läkartidningen 2018-08, 'Ett QALY-år är värt mer än två miljoner kronor', "
    "https://lakartidningen.se/Opinion/Debatt/2018/08/Ett-QALY-ar-vart-mer-an-tva-miljoner-kronor/"
)

THRESHOLD_PRESETS: tuple[ThresholdPreset, ...] = (
    ThresholdPreset(
        "TLV_MODERATE",
        "TLV",
        "SE",
        "moderate (måttlig)",
        Decimal(500_000),
        None,
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "V",
        "TLV practice, no formal threshold",
    ),
    ThresholdPreset(
        "TLV_VERY_HIGH",
        "TLV",
        "SE",
        "very high (mycket hög)",
        Decimal(1_000_000),
        None,
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "V",
        "TLV practice, no formal threshold",
    ),
    ThresholdPreset(
        "TLV_RARE_VERY_HIGH",
        "TLV",
        "SE",
        "rare disease, very high severity",
        Decimal(2_000_000),
        None,
        "SEK",
        2016,
        _LAKARTIDNINGEN_2018,
        "V",
        "decided 2016; reported in the 2018 source",
    ),
    ThresholdPreset(
        "SOCIALSTYRELSEN_LOW",
        "Socialstyrelsen",
        "SE",
        "låg (low cost per QALY)",
        Decimal(99_999),
        Decimal(0),
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "K",
        "band below 100,000; verify against the national guidelines' method appendix",
    ),
    ThresholdPreset(
        "SOCIALSTYRELSEN_MODERATE",
        "Socialstyrelsen",
        "SE",
        "måttlig (moderate cost per QALY)",
        Decimal(499_999),
        Decimal(100_000),
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "K",
        "verify against the national guidelines' method appendix",
    ),
    ThresholdPreset(
        "SOCIALSTYRELSEN_HIGH",
        "Socialstyrelsen",
        "SE",
        "hög (high cost per QALY)",
        Decimal(1_000_000),
        Decimal(500_000),
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "K",
        "verify against the national guidelines' method appendix",
    ),
    ThresholdPreset(
        "SOCIALSTYRELSEN_VERY_HIGH",
        "Socialstyrelsen",
        "SE",
        "mycket hög (very high cost per QALY)",
        None,
        Decimal(1_000_000),
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "V",
        ">= 1,000,000 SEK/QALY is 'mycket dyrt' (very expensive); no upper bound",
    ),
    ThresholdPreset(
        "TRAFIKVERKET_VSL_DERIVED",
        "Trafikverket (derived)",
        "SE",
        "all",
        Decimal(2_400_000),
        None,
        "SEK",
        2018,
        _LAKARTIDNINGEN_2018,
        "V",
        "≈2.4 MSEK/QALY derived by the authors from the 40.5 MSEK value of a statistical life",
    ),
    ThresholdPreset(
        "NICE_LOWER",
        "NICE",
        "UK",
        "standard (lower bound)",
        Decimal(20_000),
        None,
        "GBP",
        None,
        "NICE methods (historical £20,000–30,000 per QALY); check the current NICE manual",
        "K",
        "for comparison only",
    ),
    ThresholdPreset(
        "NICE_UPPER",
        "NICE",
        "UK",
        "standard (upper bound)",
        Decimal(30_000),
        None,
        "GBP",
        None,
        "NICE methods (historical £20,000–30,000 per QALY); check the current NICE manual",
        "K",
        "for comparison only",
    ),
)

THRESHOLDS_BY_KEY: Mapping[str, ThresholdPreset] = MappingProxyType(
    {preset.key: preset for preset in THRESHOLD_PRESETS}
)
