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


def analysis_conventions(analysis: SroiInput) -> Mapping[str, object]:
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
class ExactFigures:
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


def exact_figures(analysis: SroiInput) -> ExactFigures:
    yearly: dict[int, Decimal] = {}
    for line in analysis.outcomes:
        for year, value in line.yearly_values().items():
            yearly[year] = yearly.get(year, ZERO) + value
    base = ONE + analysis.discount_rate
    present_value = sum((value / base**year for year, value in yearly.items()), ZERO)
    return ExactFigures(
        present_value=present_value,
        investment_pv=investment_present_value(analysis),
        annual_impact=sum((line.impact for line in analysis.outcomes), ZERO),
        yearly=yearly,
    )


def exact_ratio(analysis: SroiInput) -> Decimal:
    """The SROI ratio before rounding (for sensitivity and tests)."""
    return exact_figures(analysis).ratio


def calculate(analysis: SroiInput) -> SroiResult:
    exact = exact_figures(analysis)
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
        conventions=analysis_conventions(analysis),
    )
