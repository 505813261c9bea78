"""Preventive social investment (pure Python, no Django): intervention cost per year
against avoided costs of exclusion per year, split by payer ("who pays, who gains").

Model (research §3.3, Nilsson & Wadeskog's cost of exclusion):

    avoided cost of payer p in year t = N × (p_without − p_with) × annual cost of one
                                        person in exclusion borne by p

for t in first_effect_year..horizon_years. Intervention costs are given per year and
payer. Year 0 is now and is not discounted; year t is discounted by (1 + r)^t, so year 1
(the first year after the start) is discounted by one period.

Per payer: present value of intervention cost and of avoided cost, NPV, payback year
(the first year from which the cumulative discounted net stays ≥ 0), and role (gains,
pays, neutral). The per-payer NPVs sum to the total NPV.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from types import MappingProxyType

from motesplats.impact.calculations._decimal import (
    MONEY_PLACES,
    ONE,
    ROUNDING_NAME,
    ZERO,
    check_share,
    check_whole,
    quantize,
    to_decimal,
)

PRECISION = 40


class Payer(enum.StrEnum):
    MUNICIPALITY = "municipality"  # kommun
    REGION = "region"  # region (healthcare)
    SOCIAL_INSURANCE = "social_insurance"  # Försäkringskassan
    EMPLOYMENT_SERVICE = "employment_service"  # Arbetsförmedlingen
    JUSTICE_SYSTEM = "justice_system"  # rättsväsendet
    LOST_PRODUCTION = "lost_production"  # produktionsbortfall


class Role(enum.StrEnum):
    GAINS = "gains"
    PAYS = "pays"
    NEUTRAL = "neutral"


def _payer(value: object, field: str) -> Payer:
    try:
        return Payer(value)
    except ValueError:
        allowed = ", ".join(p.value for p in Payer)
        raise ValueError(f"{field} must be one of {allowed}, got {value!r}") from None


@dataclass(frozen=True)
class InterventionCost:
    """What one payer spends on the intervention in one year (0 = now)."""

    year: int
    payer: Payer
    amount: Decimal

    def __post_init__(self) -> None:
        check_whole(self.year, "year", 0)
        object.__setattr__(self, "payer", _payer(self.payer, "payer"))
        amount = to_decimal(self.amount, "amount")
        if amount < ZERO:
            raise ValueError("amount must not be negative")
        object.__setattr__(self, "amount", amount)


@dataclass(frozen=True)
class SocialInvestmentInput:
    """A target group, the change in its probability of exclusion, the yearly cost of
    one person in exclusion per payer, and the intervention's costs."""

    target_group_size: int
    probability_without: Decimal  # probability of exclusion without the intervention
    probability_with: Decimal  # … and with it
    annual_cost_per_person: Mapping[Payer, Decimal]
    intervention_costs: tuple[InterventionCost, ...]
    horizon_years: int
    discount_rate: Decimal
    first_effect_year: int = 1

    def __post_init__(self) -> None:
        check_whole(self.target_group_size, "target_group_size", 1)
        object.__setattr__(
            self,
            "probability_without",
            check_share(self.probability_without, "probability_without"),
        )
        object.__setattr__(
            self,
            "probability_with",
            check_share(self.probability_with, "probability_with"),
        )
        if not isinstance(self.annual_cost_per_person, Mapping):
            raise ValueError("annual_cost_per_person must map payers to amounts")
        costs: dict[Payer, Decimal] = {}
        for key, value in self.annual_cost_per_person.items():
            payer = _payer(key, "annual_cost_per_person")
            amount = to_decimal(value, f"annual_cost_per_person[{payer.value}]")
            if amount < ZERO:
                raise ValueError(
                    f"annual_cost_per_person[{payer.value}] must not be negative"
                )
            costs[payer] = costs.get(payer, ZERO) + amount
        object.__setattr__(self, "annual_cost_per_person", MappingProxyType(costs))
        check_whole(self.horizon_years, "horizon_years", 1)
        check_whole(self.first_effect_year, "first_effect_year", 0)
        if self.first_effect_year > self.horizon_years:
            raise ValueError("first_effect_year must not be after horizon_years")
        lines = tuple(self.intervention_costs)
        for line in lines:
            if not isinstance(line, InterventionCost):
                raise ValueError("intervention_costs must be InterventionCost lines")
            if line.year > self.horizon_years:
                raise ValueError(
                    "intervention_costs year must not be after horizon_years"
                )
        if sum((line.amount for line in lines), ZERO) <= ZERO:
            raise ValueError("intervention_costs must total more than zero")
        object.__setattr__(self, "intervention_costs", lines)
        rate = to_decimal(self.discount_rate, "discount_rate")
        if rate < ZERO or rate >= ONE:
            raise ValueError("discount_rate must be between 0 and 1 (exclusive of 1)")
        object.__setattr__(self, "discount_rate", rate)

    @property
    def change_in_probability(self) -> Decimal:
        """Reduction in the probability of exclusion (negative if it rises)."""
        return self.probability_without - self.probability_with


@dataclass(frozen=True)
class YearRow:
    year: int
    intervention_cost: Decimal
    avoided_cost: Decimal
    net: Decimal
    discounted_net: Decimal
    cumulative_discounted_net: Decimal


@dataclass(frozen=True)
class PayerResult:
    payer: Payer | None  # None for the total row
    pv_intervention_cost: Decimal
    pv_avoided_cost: Decimal
    net_present_value: Decimal
    payback_year: int | None
    role: Role
    years: tuple[YearRow, ...]


@dataclass(frozen=True)
class SocialInvestmentResult:
    payers: tuple[PayerResult, ...]  # one per Payer, in enum order
    total: PayerResult  # payer None
    who_pays: tuple[Payer, ...]  # payers with intervention costs
    who_gains: tuple[Payer, ...]  # payers with avoided costs
    wrong_pocket: tuple[
        Payer, ...
    ]  # payers with a negative NPV while the total is positive
    conventions: Mapping[str, object]

    def by_payer(self, payer: Payer | str) -> PayerResult:
        payer = _payer(payer, "payer")
        return next(result for result in self.payers if result.payer is payer)

    def as_dict(self) -> dict[str, object]:
        def money(value: Decimal) -> str:
            return f"{quantize(value, MONEY_PLACES)}"

        def row(result: PayerResult, name: str) -> dict[str, object]:
            return {
                "payer": name,
                "pv_intervention_cost": money(result.pv_intervention_cost),
                "pv_avoided_cost": money(result.pv_avoided_cost),
                "net_present_value": money(result.net_present_value),
                "payback_year": result.payback_year,
                "role": result.role.value,
            }

        return {
            "payers": [row(result, str(result.payer)) for result in self.payers],
            "total": row(self.total, "total"),
            "who_pays": [payer.value for payer in self.who_pays],
            "who_gains": [payer.value for payer in self.who_gains],
            "wrong_pocket": [payer.value for payer in self.wrong_pocket],
        }


def _role(npv: Decimal) -> Role:
    if npv > ZERO:
        return Role.GAINS
    if npv < ZERO:
        return Role.PAYS
    return Role.NEUTRAL


def _summarise(
    payer: Payer | None,
    costs: list[Decimal],
    avoided: list[Decimal],
    factors: list[Decimal],
) -> PayerResult:
    rows = []
    cumulative = ZERO
    pv_cost = ZERO
    pv_avoided = ZERO
    for year, (cost, gain, factor) in enumerate(
        zip(costs, avoided, factors, strict=True)
    ):
        net = gain - cost
        discounted = net * factor
        cumulative += discounted
        pv_cost += cost * factor
        pv_avoided += gain * factor
        rows.append(YearRow(year, cost, gain, net, discounted, cumulative))
    payback_year = None
    if pv_cost > ZERO:
        for row in rows:
            if all(
                later.cumulative_discounted_net >= ZERO for later in rows[row.year :]
            ):
                payback_year = row.year
                break
    npv = pv_avoided - pv_cost
    return PayerResult(
        payer, pv_cost, pv_avoided, npv, payback_year, _role(npv), tuple(rows)
    )


def evaluate(data: SocialInvestmentInput) -> SocialInvestmentResult:
    """Per-payer and total NPV, payback year and roles over the horizon."""
    if not isinstance(data, SocialInvestmentInput):
        raise ValueError("data must be a SocialInvestmentInput")
    years = range(data.horizon_years + 1)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        factors = [ONE / (ONE + data.discount_rate) ** year for year in years]
        avoided_people = Decimal(data.target_group_size) * data.change_in_probability
        results = []
        for payer in Payer:
            costs = [ZERO for _ in years]
            for line in data.intervention_costs:
                if line.payer is payer:
                    costs[line.year] += line.amount
            per_person = data.annual_cost_per_person.get(payer, ZERO)
            avoided = [
                avoided_people * per_person if year >= data.first_effect_year else ZERO
                for year in years
            ]
            results.append(_summarise(payer, costs, avoided, factors))
        total_costs = [
            sum((r.years[y].intervention_cost for r in results), ZERO) for y in years
        ]
        total_avoided = [
            sum((r.years[y].avoided_cost for r in results), ZERO) for y in years
        ]
        total = _summarise(None, total_costs, total_avoided, factors)
    positive_total = total.net_present_value > ZERO
    return SocialInvestmentResult(
        payers=tuple(results),
        total=total,
        who_pays=tuple(r.payer for r in results if r.pv_intervention_cost > ZERO),
        who_gains=tuple(r.payer for r in results if r.pv_avoided_cost > ZERO),
        wrong_pocket=tuple(
            r.payer for r in results if positive_total and r.net_present_value < ZERO
        ),
        conventions=MappingProxyType(
            {
                "avoided_cost": "target_group_size x (probability_without - probability_with)"
                " x annual cost per person and payer, years first_effect_year..horizon",
                "discount_rate": str(data.discount_rate),
                "timing": "year 0 is not discounted; year t is discounted by (1 + r)^t",
                "payback_year": "first year from which the cumulative discounted net stays"
                " >= 0; none when the payer pays nothing or never breaks even",
                "total_payer": "the total row has payer None",
                "rounding": ROUNDING_NAME,
                "decimals": MONEY_PLACES,
            }
        ),
    )


# ------------------------------------------------------------- cost-of-exclusion presets


@dataclass(frozen=True)
class CostOfExclusionPreset:
    key: str
    description: str
    low: Decimal
    high: Decimal
    unit: str
    currency: str
    year: int | None  # publication year; None where the research does not state it
    source: str
    authors: str
    evidence: str  # V = verified in the research, D = derived from verified figures
    note: str = ""


_LONSAM = (
    "Är du lönsam lille vän?, https://docplayer.se/173502-Ar-du-lonsam-lille-van.html"
)
_FAKTA = "Fakta om utanförskap, http://vikanmittsverige.se/fakta-om-utanforskap/"
_NW = "Ingvar Nilsson & Anders Wadeskog (SEE AB)"

COST_OF_EXCLUSION_PRESETS: tuple[CostOfExclusionPreset, ...] = (
    CostOfExclusionPreset(
        "NW_LIFETIME_PER_PERSON",
        "Social cost of one young person in exclusion over adult life",
        Decimal(10_000_000),
        Decimal(15_000_000),
        "per person, lifetime",
        "SEK",
        None,
        _LONSAM,
        _NW,
        "V",
        "publication year not stated in the research; verify before display",
    ),
    CostOfExclusionPreset(
        "FAKTA_LIFETIME_PER_PERSON_20_TO_RETIREMENT",
        "Cost of one person in exclusion from age 20 to retirement",
        Decimal(10_000_000),
        Decimal(15_000_000),
        "per person, age 20 to retirement",
        "SEK",
        None,
        _FAKTA,
        "Idéer för livet (Skandia), citing Nilsson & Wadeskog",
        "V",
        "publication year not stated in the research",
    ),
    CostOfExclusionPreset(
        "NW_COHORT_ANNUAL",
        "Yearly cost of the ≈12 % of a cohort who neither work nor study",
        Decimal(6_000_000_000),
        Decimal(6_000_000_000),
        "per cohort, per year",
        "SEK",
        None,
        _LONSAM,
        _NW,
        "V",
    ),
    CostOfExclusionPreset(
        "NW_COHORT_LIFETIME",
        "Lifetime cost if the whole excluded group of a cohort stays excluded",
        Decimal(155_000_000_000),
        Decimal(155_000_000_000),
        "per cohort, lifetime",
        "SEK",
        None,
        _LONSAM,
        _NW,
        "V",
    ),
    CostOfExclusionPreset(
        "FAKTA_COHORT_LIFETIME",
        "Lifetime cost of the excluded share of one cohort",
        Decimal(210_000_000_000),
        Decimal(210_000_000_000),
        "per cohort, lifetime",
        "SEK",
        None,
        _FAKTA,
        "Idéer för livet (Skandia)",
        "V",
        "differs from the 155 billion in Är du lönsam lille vän?",
    ),
    CostOfExclusionPreset(
        "NW_COHORT_20_PERCENT_REDUCTION",
        "Long-term gain from cutting marginalisation by 20 %",
        Decimal(31_000_000_000),
        Decimal(31_000_000_000),
        "per cohort, lifetime",
        "SEK",
        None,
        _LONSAM,
        _NW,
        "D",
        "= 0.2 x 155 billion",
    ),
)

#: Share of a cohort that neither works nor studies a few years after upper-secondary
#: school (Är du lönsam lille vän?): "almost 12 %".
COHORT_EXCLUSION_SHARE = Decimal("0.12")

PRESETS_BY_KEY: Mapping[str, CostOfExclusionPreset] = MappingProxyType(
    {preset.key: preset for preset in COST_OF_EXCLUSION_PRESETS}
)


def annual_from_lifetime(lifetime_cost: object, years: object) -> Decimal:
    """Spread a lifetime cost evenly over ``years`` (e.g. 45 years from 20 to 65) to
    get a yearly cost per person, undiscounted."""
    cost = to_decimal(lifetime_cost, "lifetime_cost")
    span = to_decimal(years, "years")
    if span <= ZERO:
        raise ValueError("years must be more than zero")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return cost / span


def lines(items: Iterable[tuple[int, str, object]]) -> tuple[InterventionCost, ...]:
    """Build intervention cost lines from (year, payer, amount) triples."""
    return tuple(InterventionCost(year, payer, amount) for year, payer, amount in items)
