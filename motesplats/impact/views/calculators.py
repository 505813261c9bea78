"""The SROI calculator page, and what the three calculator pages share.

Public pages without login. GET shows the form (empty, or with the example); POST
either adds a line (no JavaScript needed) or computes. Invalid input comes back with
status 400 and the error summary; results come from the calculator modules only.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motesplats.core.forms import error_summary
from motesplats.impact import charts, selectors
from motesplats.impact.calculations import sroi, sroi_sensitivity
from motesplats.impact.calculations.limits import FORM_MAX_LINES, FORM_RUNS, FORM_SEED
from motesplats.impact.forms.calculators import (
    TOO_LARGE,
    number,
    percent,
    raw_values,
    unbound_lines,
)
from motesplats.impact.forms.calculators_sroi import (
    EXAMPLE,
    PRESET_LABELS,
    InvestmentFormSet,
    OutcomeFormSet,
    SroiForm,
    sroi_input,
)

TEMPLATE = "impact/calculators/sroi.html"
TORNADO_ROWS = 10

PARAMETER_LABELS = {
    "quantity": gettext_lazy("quantity"),
    "proxy": gettext_lazy("financial proxy"),
    "deadweight": gettext_lazy("deadweight"),
    "displacement": gettext_lazy("displacement"),
    "attribution": gettext_lazy("attribution"),
    "leakage": gettext_lazy("leakage"),
    "drop_off": gettext_lazy("drop-off"),
    "duration": gettext_lazy("duration"),
    "discount_rate": gettext_lazy("discount rate"),
}
PERCENT_PARAMETERS = {*sroi.SHARE_PARAMETERS, "discount_rate"}


def show_parameter(parameter: str, value) -> str:
    if parameter in PERCENT_PARAMETERS:
        return f"{percent(value)} %"
    if parameter == "duration":
        return number(value, 0)
    return number(value, 2)


def is_add(request: HttpRequest) -> str:
    """Which line table to grow ("" when the form was sent to compute)."""
    return request.POST.get("add", "") if request.method == "POST" else ""


# --------------------------------------------------------------------------- SROI


def _forms(request: HttpRequest, proxies: dict):
    kwargs = {"form_kwargs": {"proxies": proxies}}
    if request.method == "POST":
        data = request.POST
        add = is_add(request)
        if add:
            return (
                SroiForm(initial=raw_values(SroiForm, data)),
                unbound_lines(
                    OutcomeFormSet, data, "outcome", add == "outcome", **kwargs
                ),
                unbound_lines(
                    InvestmentFormSet, data, "investment", add == "investment"
                ),
            )
        return (
            SroiForm(data),
            OutcomeFormSet(data, prefix="outcome", **kwargs),
            InvestmentFormSet(data, prefix="investment"),
        )
    if "example" in request.GET:
        return (
            SroiForm(initial=EXAMPLE["form"]),
            OutcomeFormSet(prefix="outcome", rows=EXAMPLE["outcomes"], **kwargs),
            InvestmentFormSet(prefix="investment", rows=EXAMPLE["investment"]),
        )
    return (
        SroiForm(),
        OutcomeFormSet(prefix="outcome", lines=1, **kwargs),
        InvestmentFormSet(prefix="investment", lines=1),
    )


def sroi_view(request: HttpRequest) -> HttpResponse:
    proxies = {str(proxy.pk): proxy for proxy in selectors.proxy_library()}
    form, outcomes, investment = _forms(request, proxies)
    context = {
        "form": form,
        "outcomes": outcomes,
        "investment": investment,
        "max_lines": FORM_MAX_LINES,
        "has_proxies": bool(proxies),
        "errors": [],
    }
    if request.method != "POST" or is_add(request):
        return render(request, TEMPLATE, context)
    valid = form.is_valid() & outcomes.is_valid() & investment.is_valid()
    analysis = sroi_input(form, outcomes, investment) if valid else None
    if analysis is None:
        context["errors"] = error_summary(
            form, (outcomes, _("Outcome")), (investment, _("Investment"))
        )
        return render(request, TEMPLATE, context, status=400)
    try:
        context["results"] = sroi_results(analysis, form.cleaned_data.get("title", ""))
    except ArithmeticError:
        form.add_error(None, TOO_LARGE)
        context["errors"] = error_summary(form)
        return render(request, TEMPLATE, context, status=400)
    return render(request, TEMPLATE, context)


def sroi_results(analysis: sroi.SroiInput, title: str = "") -> dict:
    """Every figure of one analysis, formatted for the page (computed by the
    calculator modules; nothing is recomputed here)."""
    result = sroi.calculate(analysis)
    sensitivity = sroi_sensitivity.one_way(analysis)
    ranges = tuple(
        item
        for item in sroi_sensitivity.default_ranges(analysis)
        if item.parameter != "duration"
    )
    simulation = sroi_sensitivity.monte_carlo(
        analysis, ranges, runs=FORM_RUNS, seed=FORM_SEED
    )
    names = [line.name for line in analysis.outcomes]
    preset = sroi.DISCOUNT_RATE_PRESETS[analysis.discount_preset]

    def about(outcome, parameter) -> str:
        label = PARAMETER_LABELS.get(parameter, parameter)
        if outcome is None:
            return str(label).capitalize()
        return f"{names[outcome]}: {label}"

    one_way_rows = [
        {
            "label": about(row.outcome, row.parameter),
            "low": show_parameter(row.parameter, row.low),
            "base": show_parameter(row.parameter, row.base),
            "high": show_parameter(row.parameter, row.high),
            "ratio_low": number(row.ratio_low),
            "ratio_high": number(row.ratio_high),
            "swing": number(row.swing),
        }
        for row in sensitivity.tornado
    ]
    shown = sensitivity.tornado[:TORNADO_ROWS]
    tornado = charts.tornado(
        [(about(r.outcome, r.parameter), r.ratio_low, r.ratio_high) for r in shown],
        sensitivity.tornado[0].ratio_base,
    )
    years = [
        {
            "year": row.year,
            "value": number(row.value),
            "discounted": number(row.discounted),
        }
        for row in result.years
    ]
    return {
        "title": title,
        "currency": analysis.currency,
        "present_value": number(result.present_value),
        "investment_present_value": number(result.investment_present_value),
        "net_present_value": number(result.net_present_value),
        "sroi_ratio": number(result.sroi_ratio),
        "net_sroi_ratio": number(result.net_sroi_ratio),
        "payback_months": None
        if result.payback_months is None
        else number(result.payback_months),
        "ratio_above_one": result.sroi_ratio > 1,
        "lines": [
            {"name": name, "impact": number(impact)}
            for name, impact in zip(names, result.line_impacts, strict=True)
        ],
        "years": years,
        "year_chart": charts.bar_chart(
            [(str(row.year), row.discounted) for row in result.years]
        ),
        "break_even": [
            {
                "label": about(item.outcome, item.parameter),
                "base": show_parameter(
                    item.parameter,
                    getattr(analysis.outcomes[item.outcome], item.parameter),
                ),
                "value": None
                if item.value is None
                else show_parameter(item.parameter, item.value),
                "note": _("The assumption does not move the ratio.")
                if item.value is None and "does not change" in item.note
                else _("Not reached within the possible values."),
            }
            for item in sensitivity.break_even
        ],
        "one_way": one_way_rows,
        "tornado": tornado,
        "tornado_shown": len(shown),
        "tornado_ratio_base": number(sensitivity.tornado[0].ratio_base),
        "monte_carlo": {
            "runs": number(simulation.runs, 0),
            "seed": simulation.seed,
            "probability": percent(simulation.probability_ratio_above_one),
            "mean": number(simulation.mean_ratio),
            "p05": number(simulation.ratio_p05),
            "p50": number(simulation.ratio_p50),
            "p95": number(simulation.ratio_p95),
            "ranges": [
                {
                    "label": about(item.outcome, item.parameter),
                    "low": show_parameter(item.parameter, item.low),
                    "high": show_parameter(item.parameter, item.high),
                }
                for item in ranges
            ],
        },
        "conventions": {
            "rate": percent(analysis.discount_rate),
            "preset": PRESET_LABELS.get(preset.key, preset.name),
            "preset_is_custom": preset.rate is None,
            "preset_year": preset.year,
            "preset_source": preset.source,
            "preset_note": bool(preset.note),
        },
    }
