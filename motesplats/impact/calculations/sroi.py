"""Social Return on Investment (SROI): value map, present value, ratios, payback and
sensitivity (one-way, break-even, tornado, Monte Carlo).

Pure Python with exact decimals; NumPy only for the Monte Carlo run. Formulas follow
the SROI Guide (Cabinet Office 2009/2012) as summarised in the project's research notes:

* impact of a line in its first year: ``Q × P × (1−DW) × (1−DS) × (1−AT) × (1−LK)``
  (deflators applied one after another, never subtracted from each other);
* value in the k-th outcome year: ``impact × (1−DO)^(k−1)``, k = 1..duration;
* that value falls in year ``k + start_offset`` and is discounted by
  ``(1+r)^(k + start_offset)``: year 1 is the first year after the investment,
  discounted by one period;
* investment lines in year t are discounted by ``(1+r)^t`` (year 0 is not discounted);
* NPV = PV − PV(investment), SROI ratio = PV / PV(investment), net ratio = NPV /
  PV(investment), payback in months = PV(investment) / (annual impact / 12).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType

from ._decimal import (
    BREAK_EVEN_PLACES,
    MONEY_PLACES,
    ONE,
    RATIO_PLACES,
    ROUNDING_NAME,
    ZERO,
    check_share,
    check_whole,
    quantize,
    to_decimal,
)

SHARE_PARAMETERS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
AMOUNT_PARAMETERS = ("quantity", "proxy")
PARAMETERS = AMOUNT_PARAMETERS + SHARE_PARAMETERS + ("duration",)
# Parameters whose break-even value the calculator solves (duration is a whole number
# of years and is covered by one-way sensitivity instead).
BREAK_EVEN_PARAMETERS = AMOUNT_PARAMETERS + SHARE_PARAMETERS

BISECTION_STEPS = 60


# --------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class DiscountRatePreset:
    key: str
    name: str
    rate: Decimal | None  # None for "custom": the analyst gives the rate
    year: int | None
    source: str
    note: str = ""


DISCOUNT_RATE_PRESETS: Mapping[str, DiscountRatePreset] = MappingProxyType(
    {
        preset.key: preset
        for preset in (
            DiscountRatePreset(
                key="GREEN_BOOK_STPR_3_5",
                name="HM Treasury Green Book social time preference rate (years 0–30)",
                rate=Decimal("0.035"),
                year=2018,
                source="https://www.gov.uk/government/publications/"
                "the-green-book-appraisal-and-evaluation-in-central-governent",
            ),
            DiscountRatePreset(
                key="TLV_3_0",
                name="TLV general guidelines for economic evaluations (costs and effects)",
                rate=Decimal("0.03"),
                year=2017,
                source="https://www.tlv.se/",
                note="Rate as commonly cited (TLVAR 2017:1); verify against the "
                "primary document before quoting",
            ),
            DiscountRatePreset(
                key="ASEK_3_5",
                name="Trafikverket ASEK real discount rate",
                rate=Decimal("0.035"),
                year=2018,
                source="https://www.trafikverket.se/asek",
                note="3.5 % real as commonly cited; verify the ASEK version and year "
                "against the primary document before quoting",
            ),
            DiscountRatePreset(
                key="GREEN_BOOK_HEALTH_1_5",
                name="HM Treasury Green Book rate for health effects",
                rate=Decimal("0.015"),
                year=2018,
                source="https://www.gov.uk/government/publications/"
                "the-green-book-appraisal-and-evaluation-in-central-governent",
            ),
            DiscountRatePreset(
                key="CUSTOM",
                name="Custom rate given by the analyst",
                rate=None,
                year=None,
                source="",
            ),
        )
    }
)


def discount_factor(rate, year: int) -> Decimal:
    """Exact discount factor ``1 / (1 + rate)^year`` (not rounded)."""
    r = to_decimal(rate, "discount_rate")
    return ONE / (ONE + r) ** year


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class OutcomeLine:
    """One line of the value map: one stakeholder × one outcome × one indicator."""

    name: str
    quantity: Decimal
    proxy: Decimal
    stakeholder: str = ""
    indicator: str = ""
    currency: str = "SEK"
    price_year: int | None = None
    source: str = ""
    deadweight: Decimal = ZERO
    displacement: Decimal = ZERO
    attribution: Decimal = ZERO
    leakage: Decimal = ZERO
    drop_off: Decimal = ZERO
    duration: int = 1
    start_offset: int = 0

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name must be a non-empty text")
        quantity = to_decimal(self.quantity, "quantity")
        if quantity < ZERO:
            raise ValueError(
                "quantity must be zero or more (give a negative outcome a negative proxy)"
            )
        object.__setattr__(self, "quantity", quantity)
        object.__setattr__(self, "proxy", to_decimal(self.proxy, "proxy"))
        for share in SHARE_PARAMETERS:
            object.__setattr__(self, share, check_share(getattr(self, share), share))
        check_whole(self.duration, "duration", 1)
        check_whole(self.start_offset, "start_offset", 0)
        if self.price_year is not None:
            check_whole(self.price_year, "price_year", 1800)
        if not isinstance(self.currency, str) or len(self.currency) != 3:
            raise ValueError("currency must be a three-letter ISO 4217 code")

    @property
    def impact(self) -> Decimal:
        """Value in the first outcome year, after all deflators (exact)."""
        return (
            self.quantity
            * self.proxy
            * (ONE - self.deadweight)
            * (ONE - self.displacement)
            * (ONE - self.attribution)
            * (ONE - self.leakage)
        )

    def yearly_values(self) -> dict[int, Decimal]:
        """Undiscounted value per year (year 1 = first year after the investment)."""
        values = {}
        level = self.impact
        keep = ONE - self.drop_off
        for k in range(1, self.duration + 1):
            values[k + self.start_offset] = level
            level *= keep
        return values


@dataclass(frozen=True)
class InvestmentLine:
    year: int
    amount: Decimal
    description: str = ""

    def __post_init__(self):
        check_whole(self.year, "investment year", 0)
        amount = to_decimal(self.amount, "investment amount")
        if amount < ZERO:
            raise ValueError("investment amount must be zero or more")
        object.__setattr__(self, "amount", amount)


@dataclass(frozen=True)
class SroiInput:
    outcomes: tuple[OutcomeLine, ...]
    investment: tuple[InvestmentLine, ...]
    discount_rate: Decimal | None = None
    discount_preset: str = "CUSTOM"
    currency: str = "SEK"

    def __post_init__(self):
        if self.discount_preset not in DISCOUNT_RATE_PRESETS:
            raise ValueError(
                f"discount_preset must be one of {', '.join(DISCOUNT_RATE_PRESETS)}"
            )
        preset = DISCOUNT_RATE_PRESETS[self.discount_preset]
        if self.discount_rate is None:
            if preset.rate is None:
                raise ValueError("discount_rate is required with a custom preset")
            rate = preset.rate
        else:
            rate = to_decimal(self.discount_rate, "discount_rate")
            if preset.rate is not None and rate != preset.rate:
                raise ValueError(
                    f"discount_rate {rate} does not match preset {preset.key} "
                    f"({preset.rate}); use the custom preset for another rate"
                )
        if rate < ZERO or rate >= ONE:
            raise ValueError("discount_rate must be at least 0 and below 1")
        object.__setattr__(self, "discount_rate", rate)
        outcomes = tuple(self.outcomes)
        investment = tuple(self.investment)
        if not outcomes:
            raise ValueError("outcomes must contain at least one line")
        if not investment:
            raise ValueError("investment must contain at least one line")
        for line in outcomes:
            if not isinstance(line, OutcomeLine):
                raise ValueError("outcomes must be OutcomeLine values")
        for line in investment:
            if not isinstance(line, InvestmentLine):
                raise ValueError("investment must be InvestmentLine values")
        if sum((line.amount for line in investment), ZERO) <= ZERO:
            raise ValueError("investment must be greater than zero in total")
        if not isinstance(self.currency, str) or len(self.currency) != 3:
            raise ValueError("currency must be a three-letter ISO 4217 code")
        for line in outcomes:
            if line.currency != self.currency:
                raise ValueError(
                    f"outcome {line.name!r}: currency {line.currency} differs from "
                    f"the analysis currency {self.currency}"
                )
        object.__setattr__(self, "outcomes", outcomes)
        object.__setattr__(self, "investment", investment)

    def with_outcome(self, index: int, **changes) -> SroiInput:
        """A copy with one outcome line changed (validated again)."""
        outcomes = list(self.outcomes)
        outcomes[index] = replace(outcomes[index], **changes)
        return replace(self, outcomes=tuple(outcomes))


# --------------------------------------------------------------------------- results


def _conventions(analysis: SroiInput) -> Mapping[str, object]:
    preset = DISCOUNT_RATE_PRESETS[analysis.discount_preset]
    return MappingProxyType(
        {
            "rounding": ROUNDING_NAME,
            "money_decimals": MONEY_PLACES,
            "ratio_decimals": RATIO_PLACES,
            "break_even_decimals": BREAK_EVEN_PLACES,
            "discount_rate": str(analysis.discount_rate),
            "discount_preset": preset.key,
            "discount_preset_source": preset.source,
            "discount_preset_name": preset.name,
            "discounting": "value in year t is divided by (1 + r)^t",
            "timing": "year 0 is the investment year and is not discounted; year 1 is "
            "the first year after the investment, discounted by one period; an outcome "
            "with start offset s has its k-th year in year k + s",
            "deflators": "applied multiplicatively: Q × P × (1−deadweight) × "
            "(1−displacement) × (1−attribution) × (1−leakage)",
            "drop_off": "value in outcome year k is impact × (1 − drop_off)^(k − 1)",
            "investment": "present value of all investment lines, discounted like "
            "the outcomes",
            "payback": "months = PV(investment) / (annual impact / 12), annual impact "
            "being the undiscounted first-year impact of all lines",
            "currency": analysis.currency,
            "rounded_last": "totals and ratios are computed exactly and rounded once",
        }
    )


@dataclass(frozen=True)
class YearRow:
    year: int
    value: Decimal
    discounted: Decimal


@dataclass(frozen=True)
class SroiResult:
    present_value: Decimal
    investment_present_value: Decimal
    net_present_value: Decimal
    sroi_ratio: Decimal
    net_sroi_ratio: Decimal
    payback_months: Decimal | None  # None when the annual impact is not positive
    years: tuple[YearRow, ...]
    line_impacts: tuple[Decimal, ...]
    conventions: Mapping[str, object]


@dataclass(frozen=True)
class _Exact:
    present_value: Decimal
    investment_pv: Decimal
    annual_impact: Decimal
    yearly: dict[int, Decimal]

    @property
    def ratio(self) -> Decimal:
        return self.present_value / self.investment_pv


def _line_pv(line: OutcomeLine, rate: Decimal) -> Decimal:
    base = ONE + rate
    return sum(
        (value / base**year for year, value in line.yearly_values().items()), ZERO
    )


def investment_present_value(analysis: SroiInput) -> Decimal:
    base = ONE + analysis.discount_rate
    return sum((line.amount / base**line.year for line in analysis.investment), ZERO)


def _exact(analysis: SroiInput) -> _Exact:
    yearly: dict[int, Decimal] = {}
    for line in analysis.outcomes:
        for year, value in line.yearly_values().items():
            yearly[year] = yearly.get(year, ZERO) + value
    base = ONE + analysis.discount_rate
    present_value = sum((value / base**year for year, value in yearly.items()), ZERO)
    return _Exact(
        present_value=present_value,
        investment_pv=investment_present_value(analysis),
        annual_impact=sum((line.impact for line in analysis.outcomes), ZERO),
        yearly=yearly,
    )


def exact_ratio(analysis: SroiInput) -> Decimal:
    """The SROI ratio before rounding (for sensitivity and tests)."""
    return _exact(analysis).ratio


def calculate(analysis: SroiInput) -> SroiResult:
    exact = _exact(analysis)
    base = ONE + analysis.discount_rate
    npv = exact.present_value - exact.investment_pv
    payback = None
    if exact.annual_impact > ZERO:
        payback = quantize(
            exact.investment_pv / (exact.annual_impact / 12), MONEY_PLACES
        )
    last_year = max(exact.yearly)
    years = tuple(
        YearRow(
            year=year,
            value=quantize(exact.yearly.get(year, ZERO), MONEY_PLACES),
            discounted=quantize(
                exact.yearly.get(year, ZERO) / base**year, MONEY_PLACES
            ),
        )
        for year in range(1, last_year + 1)
    )
    return SroiResult(
        present_value=quantize(exact.present_value, MONEY_PLACES),
        investment_present_value=quantize(exact.investment_pv, MONEY_PLACES),
        net_present_value=quantize(npv, MONEY_PLACES),
        sroi_ratio=quantize(exact.ratio, RATIO_PLACES),
        net_sroi_ratio=quantize(npv / exact.investment_pv, RATIO_PLACES),
        payback_months=payback,
        years=years,
        line_impacts=tuple(
            quantize(line.impact, MONEY_PLACES) for line in analysis.outcomes
        ),
        conventions=_conventions(analysis),
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
        return _exact(_with_value(analysis, outcome, parameter, value)).present_value

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
    conventions = dict(_conventions(analysis))
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

    conventions = dict(_conventions(analysis))
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
