"""The preventive social investment calculator page: per payer, what the intervention
costs and what it saves, the net present value, the payback year, and who pays and who
gains ("wrong pocket")."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motesplats.core.forms import error_summary
from motesplats.impact import charts
from motesplats.impact.calculations import social_investment as si
from motesplats.impact.calculations.limits import FORM_MAX_LINES
from motesplats.impact.forms.calculators import (
    TOO_LARGE,
    number,
    percent,
    raw_values,
    unbound_lines,
)
from motesplats.impact.forms.calculators_social import (
    EXAMPLE,
    PAYER_LABELS,
    CostFormSet,
    SocialInvestmentForm,
    social_investment_input,
)

from .calculators import is_add

TEMPLATE = "impact/calculators/social_investment.html"


def _forms(request: HttpRequest):
    if request.method == "POST":
        data = request.POST
        if is_add(request):
            return (
                SocialInvestmentForm(initial=raw_values(SocialInvestmentForm, data)),
                unbound_lines(CostFormSet, data, "cost", add=True),
            )
        return SocialInvestmentForm(data), CostFormSet(data, prefix="cost")
    if "example" in request.GET:
        return (
            SocialInvestmentForm(initial=EXAMPLE["form"]),
            CostFormSet(prefix="cost", rows=EXAMPLE["costs"]),
        )
    return SocialInvestmentForm(), CostFormSet(prefix="cost", lines=1)


def social_investment_view(request: HttpRequest) -> HttpResponse:
    form, costs = _forms(request)
    context = {"form": form, "costs": costs, "max_lines": FORM_MAX_LINES, "errors": []}
    if request.method != "POST" or is_add(request):
        return render(request, TEMPLATE, context)
    valid = form.is_valid() & costs.is_valid()
    data = social_investment_input(form, costs) if valid else None
    if data is None:
        context["errors"] = error_summary(form, (costs, _("Cost")))
        return render(request, TEMPLATE, context, status=400)
    try:
        context["results"] = social_investment_results(form, data)
    except ArithmeticError:
        form.add_error(None, TOO_LARGE)
        context["errors"] = error_summary(form, (costs, _("Cost")))
        return render(request, TEMPLATE, context, status=400)
    return render(request, TEMPLATE, context)


def _payback(result: si.PayerResult) -> str:
    if result.payback_year is not None:
        return str(result.payback_year)
    if result.pv_intervention_cost == 0:
        return _("pays nothing")
    return _("not within the horizon")


def _role(role: si.Role) -> str:
    return {
        si.Role.GAINS: _("gains"),
        si.Role.PAYS: _("pays more than it saves"),
        si.Role.NEUTRAL: _("neither gains nor pays"),
    }[role]


def _names(payers) -> str:
    return ", ".join(str(PAYER_LABELS[payer]) for payer in payers)


def social_investment_results(form: SocialInvestmentForm, data) -> dict:
    result = si.evaluate(data)
    rows = [
        {
            "name": PAYER_LABELS[item.payer],
            "pv_cost": number(item.pv_intervention_cost),
            "pv_avoided": number(item.pv_avoided_cost),
            "npv": number(item.net_present_value),
            "payback": _payback(item),
            "role": _role(item.role),
        }
        for item in result.payers
    ]
    total = result.total
    preset = form.preset_used()
    return {
        "payers": rows,
        "total": {
            "pv_cost": number(total.pv_intervention_cost),
            "pv_avoided": number(total.pv_avoided_cost),
            "npv": number(total.net_present_value),
            "payback": _payback(total),
            "role": _role(total.role),
        },
        "npv_positive": total.net_present_value > 0,
        "npv": number(total.net_present_value),
        "payback_year": total.payback_year,
        "who_pays": _names(result.who_pays),
        "who_gains": _names(result.who_gains),
        "wrong_pocket": _names(result.wrong_pocket),
        "avoided_people": number(
            data.target_group_size * data.change_in_probability, 2
        ),
        "years": [
            {
                "year": row.year,
                "cost": number(row.intervention_cost),
                "avoided": number(row.avoided_cost),
                "net": number(row.net),
                "discounted": number(row.discounted_net),
                "cumulative": number(row.cumulative_discounted_net),
            }
            for row in total.years
        ],
        "payer_chart": charts.bar_chart(
            [
                (str(index), item.net_present_value)
                for index, item in enumerate(result.payers, start=1)
            ]
        ),
        "payer_keys": [
            {"number": index, "name": PAYER_LABELS[item.payer]}
            for index, item in enumerate(result.payers, start=1)
        ],
        "year_chart": charts.bar_chart(
            [(str(row.year), row.cumulative_discounted_net) for row in total.years]
        ),
        "conventions": {
            "rate": percent(data.discount_rate),
            "horizon": data.horizon_years,
            "first_effect_year": data.first_effect_year,
            "preset": preset
            and {
                "name": form.fields["preset"].choices
                and dict(form.fields["preset"].choices)[preset[0].key],
                "lifetime": number(preset[1], 0),
                "yearly": number(preset[2]),
                "years": form.cleaned_data["years_in_exclusion"],
                "year": preset[0].year,
                "source": preset[0].source.rsplit(", ", 1)[-1],
                "authors": preset[0].authors,
            },
        },
    }
