"""Open calculations: SROI and cost-effectiveness over `motesplats.impact.calculations`.

The endpoints only translate JSON to the calculators' inputs and back; every figure
comes from the calculator module, so the API and the site can never disagree.
"""

from decimal import Decimal

from django.http import HttpRequest

from ninja import Field, Router, Schema
from pydantic import StrictFloat, StrictInt, StrictStr

from motesplats.impact.calculations import health, sroi, sroi_sensitivity
from motesplats.impact.calculations._decimal import BREAK_EVEN_PLACES, quantize
from motesplats.impact.calculations.limits import MAX_LINES, MAX_RUNS, MAX_YEARS

router = Router()

# Strict: JSON true/false is not a number (lax parsing would read false as 0).
Number = Decimal | StrictStr | StrictInt | StrictFloat
# MAX_YEARS, MAX_LINES and MAX_RUNS keep one request's work small: an analysis over
# more than a century, or with more lines or runs than any real one, is refused (422).


class CalculationRefused(ValueError):
    """A calculator refused the input; `loc` says where in the body."""

    def __init__(self, message: str, loc: tuple = ()) -> None:
        super().__init__(message)
        self.loc = loc


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}"


# --- SROI ------------------------------------------------------------------------------


class OutcomeIn(Schema):
    name: str = Field(..., description="What changes, e.g. 'Young people in work'.")
    stakeholder: str = Field("", description="Who experiences the change.")
    quantity: Number = Field(..., description="How many (people, cases …).")
    proxy: Number = Field(..., description="Financial proxy per unit and year.")
    deadweight: Number = Field(0, description="Share that would have happened anyway.")
    displacement: Number = Field(0, description="Share that displaces other outcomes.")
    attribution: Number = Field(0, description="Share owed to others' contributions.")
    leakage: Number = Field(0, description="Share that benefits people outside.")
    drop_off: Number = Field(0, description="Yearly decline after the first year.")
    duration: int = Field(
        1, ge=1, le=MAX_YEARS, description="Years the outcome lasts (1–100)."
    )
    start_offset: int = Field(
        0, ge=0, le=MAX_YEARS, description="Years after year 1 before it starts."
    )


class InvestmentIn(Schema):
    year: int = Field(
        ..., ge=0, le=MAX_YEARS, description="0 = at the start; 1 = the year after."
    )
    amount: Number = Field(..., description="Amount invested in that year.")


class SroiIn(Schema):
    currency: str = Field("SEK", description="ISO 4217 code of all amounts.")
    discount_rate: Number = Field(..., description="Yearly rate, e.g. 0.035.")
    investment: list[InvestmentIn] = Field(..., max_length=MAX_LINES)
    outcomes: list[OutcomeIn] = Field(..., max_length=MAX_LINES)


class YearOut(Schema):
    year: int
    value: str
    discounted: str


class BreakEvenOut(Schema):
    outcome: int = Field(..., description="Index of the outcome in the request.")
    parameter: str
    value: str | None = Field(
        ..., description="The value giving a ratio of 1 : 1; null if none in range."
    )


class SroiOut(Schema):
    present_value: str
    investment_present_value: str
    net_present_value: str
    sroi_ratio: str
    net_sroi_ratio: str
    payback_months: str | None
    years: list[YearOut]
    break_even: list[BreakEvenOut]
    conventions: dict


def sroi_input(payload: SroiIn) -> sroi.SroiInput:
    """The calculator's input, or CalculationRefused naming the part of the body."""
    outcomes = []
    for index, line in enumerate(payload.outcomes):
        try:
            outcomes.append(sroi.OutcomeLine(currency=payload.currency, **line.dict()))
        except ValueError as exc:
            raise CalculationRefused(str(exc), ("outcomes", index)) from exc
    investment = []
    for index, line in enumerate(payload.investment):
        try:
            investment.append(sroi.InvestmentLine(**line.dict()))
        except ValueError as exc:
            raise CalculationRefused(str(exc), ("investment", index)) from exc
    try:
        return sroi.SroiInput(
            outcomes=tuple(outcomes),
            investment=tuple(investment),
            discount_rate=payload.discount_rate,
            currency=payload.currency,
        )
    except ValueError as exc:
        raise CalculationRefused(str(exc)) from exc


@router.post("/sroi", response=SroiOut, summary="Social return on investment")
def sroi_view(request: HttpRequest, payload: SroiIn):
    """Present value, NPV, SROI ratio, payback and a per-year table, with the value
    of each assumption at which the ratio falls to 1 : 1. Money and ratios to 2
    decimals, break-even values to 4, half-up."""
    analysis = sroi_input(payload)
    result = sroi.calculate(analysis)
    return {
        "present_value": _text(result.present_value),
        "investment_present_value": _text(result.investment_present_value),
        "net_present_value": _text(result.net_present_value),
        "sroi_ratio": _text(result.sroi_ratio),
        "net_sroi_ratio": _text(result.net_sroi_ratio),
        "payback_months": _text(result.payback_months),
        "years": [
            {"year": r.year, "value": _text(r.value), "discounted": _text(r.discounted)}
            for r in result.years
        ],
        "break_even": [
            {
                "outcome": b.outcome,
                "parameter": b.parameter,
                "value": None
                if b.value is None
                else _text(quantize(b.value, BREAK_EVEN_PLACES)),
            }
            for b in sroi_sensitivity.break_evens(analysis)
        ],
        "conventions": {k: str(v) for k, v in result.conventions.items()},
    }


# --- cost-effectiveness ----------------------------------------------------------------


class CostEffectivenessRun(Schema):
    delta_cost: Number = Field(..., description="Incremental cost (new − comparator).")
    delta_effect: Number = Field(..., description="Incremental effect, e.g. QALYs.")
    threshold: Number = Field(..., description="Willingness to pay per unit of effect.")


class CostEffectivenessIn(Schema):
    delta_cost: Number | None = None
    delta_effect: Number | None = None
    threshold: Number | None = None
    runs: list[CostEffectivenessRun] | None = Field(
        None,
        max_length=MAX_RUNS,
        description="Probabilistic runs instead of one comparison.",
    )


def _ce_input(data: dict, loc: tuple) -> health.CostEffectivenessInput:
    missing = [
        k for k in ("delta_cost", "delta_effect", "threshold") if data[k] is None
    ]
    if missing:
        raise CalculationRefused(f"{missing[0]} is required", (*loc, missing[0]))
    try:
        return health.CostEffectivenessInput(
            data["delta_cost"], data["delta_effect"], data["threshold"]
        )
    except ValueError as exc:
        raise CalculationRefused(str(exc), loc) from exc


@router.post("/cost-effectiveness", summary="Cost-effectiveness (ICER, NMB)")
def cost_effectiveness_view(request: HttpRequest, payload: CostEffectivenessIn):
    """ICER with its quadrant (never a bare negative ICER), net monetary benefit at
    the threshold and whether it is cost-effective; with `runs`, each run and the
    probability of being cost-effective."""
    if payload.runs is not None:
        if not payload.runs:
            raise CalculationRefused("runs must contain at least one run", ("runs",))
        runs = [
            _ce_input(run.dict(), ("runs", index))
            for index, run in enumerate(payload.runs)
        ]
        return health.evaluate_runs(runs).as_dict()
    return health.evaluate(_ce_input(payload.dict(), ())).as_dict()
