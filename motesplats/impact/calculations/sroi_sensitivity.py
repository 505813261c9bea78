"""SROI sensitivity: break-even values, one-way ranges with a tornado, Monte Carlo.

Built on `sroi.py`: each analysis is recomputed exactly with one value changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType

from ._decimal import (
    BREAK_EVEN_PLACES,
    ONE,
    RATIO_PLACES,
    ZERO,
    check_whole,
    quantize,
    to_decimal,
)
from .sroi import (
    AMOUNT_PARAMETERS,
    BISECTION_STEPS,
    BREAK_EVEN_PARAMETERS,
    PARAMETERS,
    SHARE_PARAMETERS,
    SroiInput,
    analysis_conventions,
    exact_figures,
    exact_ratio,
    investment_present_value,
)

# --------------------------------------------------------------------------- sensitivity


def _parameter_value(analysis: SroiInput, outcome: int | None, parameter: str):
    if parameter == "discount_rate":
        return analysis.discount_rate
    return getattr(analysis.outcomes[outcome], parameter)


def _with_value(analysis: SroiInput, outcome: int | None, parameter: str, value):
    if parameter == "discount_rate":
        return replace(analysis, discount_rate=value, discount_preset="CUSTOM")
    return analysis.with_outcome(outcome, **{parameter: value})


def _check_target(analysis: SroiInput, outcome: int | None, parameter: str) -> None:
    if parameter == "discount_rate":
        if outcome is not None:
            raise ValueError("outcome must be empty for the discount_rate parameter")
        return
    if parameter not in PARAMETERS:
        raise ValueError(
            f"parameter must be one of {', '.join((*PARAMETERS, 'discount_rate'))}"
        )
    if (
        isinstance(outcome, bool)
        or not isinstance(outcome, int)
        or not 0 <= outcome < len(analysis.outcomes)
    ):
        raise ValueError(
            f"outcome must be an index from 0 to {len(analysis.outcomes) - 1}"
        )


@dataclass(frozen=True)
class BreakEven:
    outcome: int
    parameter: str
    value: Decimal | None  # None when no value in the allowed range gives 1 : 1
    method: str  # "exact" (linear parameter) or "bisection"
    note: str = ""


def _parameter_range(parameter: str) -> tuple[Decimal | None, Decimal | None]:
    if parameter in SHARE_PARAMETERS:
        return ZERO, ONE
    if parameter == "quantity":
        return ZERO, None
    return None, None  # proxy: any value, negative outcomes allowed


def break_even(analysis: SroiInput, outcome: int, parameter: str) -> BreakEven:
    """The value of one assumption at which the SROI ratio is exactly 1 : 1.

    Quantity, proxy, deadweight, displacement, attribution and leakage enter the
    present value linearly, so the value is solved exactly; drop-off is solved by
    bisection. The value is rounded half-up to 4 decimals. ``value`` is None, with a
    note, when the parameter does not move the ratio or 1 : 1 lies outside its range."""
    _check_target(analysis, outcome, parameter)
    if parameter not in BREAK_EVEN_PARAMETERS:
        raise ValueError(
            f"parameter must be one of {', '.join(BREAK_EVEN_PARAMETERS)} for break-even"
        )
    target = investment_present_value(analysis)
    low, high = _parameter_range(parameter)

    def pv_at(value: Decimal) -> Decimal:
        return exact_figures(
            _with_value(analysis, outcome, parameter, value)
        ).present_value

    def outside(value: Decimal) -> bool:
        return (low is not None and value < low) or (high is not None and value > high)

    if parameter != "drop_off":
        a, b = ZERO, ONE
        pv_a, pv_b = pv_at(a), pv_at(b)
        if pv_a == pv_b:
            return BreakEven(
                outcome,
                parameter,
                None,
                "exact",
                "the parameter does not change the ratio",
            )
        value = a + (target - pv_a) * (b - a) / (pv_b - pv_a)
        if outside(value):
            return BreakEven(
                outcome,
                parameter,
                None,
                "exact",
                f"no break-even in range: 1 : 1 would need {parameter} = "
                f"{quantize(value, BREAK_EVEN_PLACES)}",
            )
        return BreakEven(
            outcome, parameter, quantize(value, BREAK_EVEN_PLACES), "exact"
        )

    lo, hi = low, high
    f_lo, f_hi = pv_at(lo) - target, pv_at(hi) - target
    if f_lo == ZERO:
        return BreakEven(
            outcome, parameter, quantize(lo, BREAK_EVEN_PLACES), "bisection"
        )
    if f_hi == ZERO:
        return BreakEven(
            outcome, parameter, quantize(hi, BREAK_EVEN_PLACES), "bisection"
        )
    if (f_lo > ZERO) == (f_hi > ZERO):
        side = "above" if f_lo > ZERO else "below"
        return BreakEven(
            outcome,
            parameter,
            None,
            "bisection",
            f"no break-even in range: the ratio stays {side} 1 : 1 for {parameter} "
            "from 0 to 1",
        )
    for _ in range(BISECTION_STEPS):
        mid = (lo + hi) / 2
        f_mid = pv_at(mid) - target
        if f_mid == ZERO:
            lo = hi = mid
            break
        if (f_mid > ZERO) == (f_lo > ZERO):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return BreakEven(
        outcome, parameter, quantize((lo + hi) / 2, BREAK_EVEN_PLACES), "bisection"
    )


def break_evens(analysis: SroiInput) -> tuple[BreakEven, ...]:
    """Break-even values for every line and every solvable assumption."""
    return tuple(
        break_even(analysis, index, parameter)
        for index in range(len(analysis.outcomes))
        for parameter in BREAK_EVEN_PARAMETERS
    )


@dataclass(frozen=True)
class SensitivityRange:
    """Low and high value of one assumption (outcome None for the discount rate)."""

    outcome: int | None
    parameter: str
    low: Decimal
    high: Decimal

    def __post_init__(self):
        if self.parameter == "duration":
            low = check_whole(self.low, "low", 1)
            high = check_whole(self.high, "high", 1)
        else:
            low = to_decimal(self.low, "low")
            high = to_decimal(self.high, "high")
            object.__setattr__(self, "low", low)
            object.__setattr__(self, "high", high)
        if low > high:
            raise ValueError(f"low must not exceed high for {self.parameter}")


@dataclass(frozen=True)
class OneWayRow:
    outcome: int | None
    parameter: str
    low: Decimal
    base: Decimal
    high: Decimal
    ratio_low: Decimal
    ratio_base: Decimal
    ratio_high: Decimal
    swing: Decimal  # |ratio_high − ratio_low|, rounded like a ratio


@dataclass(frozen=True)
class SensitivityResult:
    rows: tuple[OneWayRow, ...]  # in the order the ranges were given
    tornado: tuple[OneWayRow, ...]  # largest swing first
    break_even: tuple[BreakEven, ...]
    conventions: Mapping[str, object]


def default_ranges(
    analysis: SroiInput,
    relative: Decimal = Decimal("0.2"),
    share_spread: Decimal = Decimal("0.1"),
) -> tuple[SensitivityRange, ...]:
    """Low/high ranges for every line: quantity and proxy ±``relative`` of the base,
    shares ±``share_spread`` (kept within 0–1), duration ±1 year (at least 1)."""
    relative = to_decimal(relative, "relative")
    share_spread = to_decimal(share_spread, "share_spread")
    ranges = []
    for index, line in enumerate(analysis.outcomes):
        for parameter in AMOUNT_PARAMETERS:
            base = getattr(line, parameter)
            a, b = base * (ONE - relative), base * (ONE + relative)
            ranges.append(SensitivityRange(index, parameter, min(a, b), max(a, b)))
        for parameter in SHARE_PARAMETERS:
            base = getattr(line, parameter)
            ranges.append(
                SensitivityRange(
                    index,
                    parameter,
                    max(ZERO, base - share_spread),
                    min(ONE, base + share_spread),
                )
            )
        ranges.append(
            SensitivityRange(
                index, "duration", max(1, line.duration - 1), line.duration + 1
            )
        )
    return tuple(ranges)


def one_way(
    analysis: SroiInput, ranges: tuple[SensitivityRange, ...] | None = None
) -> SensitivityResult:
    """Ratio at the low, base and high value of each assumption, one at a time;
    the tornado is the same rows ordered by swing; break-even values per line."""
    if ranges is None:
        ranges = default_ranges(analysis)
    rows = []
    base_ratio = exact_ratio(analysis)
    for item in ranges:
        _check_target(analysis, item.outcome, item.parameter)
        ratio_low = exact_ratio(
            _with_value(analysis, item.outcome, item.parameter, item.low)
        )
        ratio_high = exact_ratio(
            _with_value(analysis, item.outcome, item.parameter, item.high)
        )
        rows.append(
            OneWayRow(
                outcome=item.outcome,
                parameter=item.parameter,
                low=item.low,
                base=_parameter_value(analysis, item.outcome, item.parameter),
                high=item.high,
                ratio_low=quantize(ratio_low, RATIO_PLACES),
                ratio_base=quantize(base_ratio, RATIO_PLACES),
                ratio_high=quantize(ratio_high, RATIO_PLACES),
                swing=quantize(abs(ratio_high - ratio_low), RATIO_PLACES),
            )
        )
    order = sorted(
        range(len(rows)),
        key=lambda i: (-rows[i].swing, i),
    )
    conventions = dict(analysis_conventions(analysis))
    conventions["sensitivity"] = (
        "one assumption changed at a time, the others at their base values"
    )
    conventions["break_even"] = (
        "value at which the ratio is 1 : 1; exact for linear parameters, bisection "
        "for drop-off; rounded half-up to 4 decimals"
    )
    return SensitivityResult(
        rows=tuple(rows),
        tornado=tuple(rows[i] for i in order),
        break_even=break_evens(analysis),
        conventions=MappingProxyType(conventions),
    )


# --------------------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True)
class MonteCarloResult:
    runs: int
    seed: int
    probability_ratio_above_one: Decimal
    mean_ratio: Decimal
    ratio_p05: Decimal
    ratio_p50: Decimal
    ratio_p95: Decimal
    conventions: Mapping[str, object]


def monte_carlo(
    analysis: SroiInput,
    ranges: tuple[SensitivityRange, ...],
    runs: int = 10_000,
    seed: int = 0,
) -> MonteCarloResult:
    """Draw every ranged assumption from a triangular distribution (low, base, high)
    with a seeded NumPy generator and report the probability that the ratio
    exceeds 1. Runs use floating point; the summary is rounded half-up."""
    import numpy as np  # noqa: PLC0415 -- only the probabilistic run needs NumPy

    check_whole(runs, "runs", 1)
    check_whole(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    draws: dict[tuple[int | None, str], object] = {}
    for item in ranges:
        _check_target(analysis, item.outcome, item.parameter)
        if item.parameter == "duration":
            raise ValueError(
                "duration cannot be drawn in Monte Carlo; use one-way instead"
            )
        base = _parameter_value(analysis, item.outcome, item.parameter)
        if not item.low <= base <= item.high:
            raise ValueError(
                f"{item.parameter}: the base value {base} must lie between low and high"
            )
        if item.parameter in SHARE_PARAMETERS and (item.low < ZERO or item.high > ONE):
            raise ValueError(f"{item.parameter} must be between 0 and 1")
        if item.parameter == "discount_rate" and (item.low < ZERO or item.high >= ONE):
            raise ValueError("discount_rate must be at least 0 and below 1")
        if item.low == item.high:
            draws[(item.outcome, item.parameter)] = np.full(runs, float(base))
        else:
            draws[(item.outcome, item.parameter)] = rng.triangular(
                float(item.low), float(base), float(item.high), size=runs
            )

    def value(outcome, parameter):
        found = draws.get((outcome, parameter))
        if found is None:
            return np.full(runs, float(_parameter_value(analysis, outcome, parameter)))
        return found

    base_rate = 1.0 + value(None, "discount_rate")
    present_value = np.zeros(runs)
    for index, line in enumerate(analysis.outcomes):
        impact = value(index, "quantity") * value(index, "proxy")
        for share in ("deadweight", "displacement", "attribution", "leakage"):
            impact = impact * (1.0 - value(index, share))
        keep = 1.0 - value(index, "drop_off")
        for k in range(1, line.duration + 1):
            present_value += (
                impact * keep ** (k - 1) / base_rate ** (k + line.start_offset)
            )
    investment = np.zeros(runs)
    for line in analysis.investment:
        investment += float(line.amount) / base_rate**line.year
    ratio = present_value / investment

    def dec(number: float, places: int) -> Decimal:
        return quantize(Decimal(repr(float(number))), places)

    conventions = dict(analysis_conventions(analysis))
    conventions.update(
        {
            "distribution": "triangular(low, base, high) per ranged assumption, "
            "independent draws",
            "generator": f"numpy.random.default_rng({seed})",
            "arithmetic": "floating point per run; summary rounded half-up",
            "probability_decimals": BREAK_EVEN_PLACES,
        }
    )
    return MonteCarloResult(
        runs=runs,
        seed=seed,
        probability_ratio_above_one=dec(np.mean(ratio > 1.0), BREAK_EVEN_PLACES),
        mean_ratio=dec(np.mean(ratio), RATIO_PLACES),
        ratio_p05=dec(np.percentile(ratio, 5), RATIO_PLACES),
        ratio_p50=dec(np.percentile(ratio, 50), RATIO_PLACES),
        ratio_p95=dec(np.percentile(ratio, 95), RATIO_PLACES),
        conventions=MappingProxyType(conventions),
    )
