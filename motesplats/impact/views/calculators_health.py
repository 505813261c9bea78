"""The cost-effectiveness calculator page: ICER with its quadrant in words (never a
bare negative ICER), net monetary benefit, and optionally a probabilistic analysis
with an acceptability curve."""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motesplats.core.forms import error_summary
from motesplats.impact import charts
from motesplats.impact.calculations import health
from motesplats.impact.calculations._decimal import quantize
from motesplats.impact.calculations.limits import FORM_RUNS, FORM_SEED
from motesplats.impact.forms.calculators import TOO_LARGE, number, percent
from motesplats.impact.forms.calculators_health import (
    EXAMPLE,
    THRESHOLD_LABELS,
    CostEffectivenessForm,
    cost_level,
)

TEMPLATE = "impact/calculators/cost_effectiveness.html"
CURVE_STEPS = 20


def cost_effectiveness_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CostEffectivenessForm(request.POST)
    elif "example" in request.GET:
        form = CostEffectivenessForm(initial=EXAMPLE)
    else:
        form = CostEffectivenessForm()
    context = {"form": form, "errors": []}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    results = None
    if form.is_valid():
        try:
            results = cost_effectiveness_results(form)
        except ValueError:
            form.add_error(
                None,
                _("These values cannot be used in the calculation. Check them."),
            )
        except ArithmeticError:
            form.add_error(None, TOO_LARGE)
    if results is None:
        context["errors"] = error_summary(form)
        return render(request, TEMPLATE, context, status=400)
    context["results"] = results
    return render(request, TEMPLATE, context)


def _quadrant_text(result: health.CostEffectivenessResult) -> str:
    values = {
        "icer": number(result.icer) if result.icer is not None else "",
        "threshold": number(result.threshold, 0),
    }
    texts = {
        health.Quadrant.SE: _(
            "The new option costs less and gives more health (or the same health "
            "for less money): it dominates the comparator. No ICER is needed: it "
            "is the better choice at any willingness to pay."
        ),
        health.Quadrant.NW: _(
            "The new option costs more and gives less health (or the same health "
            "for more money): the comparator dominates it. It is not cost-effective "
            "at any willingness to pay."
        ),
        health.Quadrant.NE: _(
            "The new option costs more and gives more health. Each QALY gained costs "
            "%(icer)s SEK (the ICER), compared with a willingness to pay of "
            "%(threshold)s SEK per QALY."
        ),
        health.Quadrant.SW: _(
            "The new option costs less but gives less health. Each QALY given up "
            "saves %(icer)s SEK. It is cost-effective only if that saving is larger "
            "than the willingness to pay of %(threshold)s SEK per QALY."
        ),
        health.Quadrant.ORIGIN: _("The options do not differ in cost or effect."),
    }
    return texts[result.quadrant] % values


def _arm(states, rate: Decimal) -> dict:
    result = health.qalys(states, rate)
    return {
        "undiscounted": number(result.undiscounted, health.QALY_PLACES),
        "discounted": number(result.discounted, health.QALY_PLACES),
        "exact": result.discounted,
    }


def cost_effectiveness_results(form: CostEffectivenessForm) -> dict:
    data = form.cleaned_data
    threshold = form.threshold
    arms = None
    if data["mode"] == "arms":
        rate = form.effect_rate_share
        arms = {"new": _arm(form.states("new"), rate)}
        arms["comparator"] = _arm(form.states("comparator"), rate)
        arms["new"]["cost"] = number(data["new_cost"])
        arms["comparator"]["cost"] = number(data["comparator_cost"])
        ce_input = health.CostEffectivenessInput.from_arms(
            data["new_cost"],
            arms["new"]["exact"],
            data["comparator_cost"],
            arms["comparator"]["exact"],
            threshold,
        )
    else:
        ce_input = health.CostEffectivenessInput(
            data["delta_cost"], data["delta_effect"], threshold
        )
    result = health.evaluate(ce_input)
    level = None
    if result.quadrant is health.Quadrant.NE:
        level = cost_level(result.icer)
    key = data["threshold_preset"]
    preset = health.THRESHOLDS_BY_KEY.get(key)
    results = {
        "mode": data["mode"],
        "arms": arms,
        "delta_cost": number(result.delta_cost),
        "delta_effect": number(result.delta_effect, health.QALY_PLACES),
        "threshold": number(threshold, 0),
        "threshold_name": THRESHOLD_LABELS.get(key, _("your own threshold")),
        "threshold_year": preset.year if preset else None,
        "threshold_source": preset.source.rsplit(", ", 1)[-1] if preset else "",
        "quadrant": result.quadrant.value,
        "dominance": result.dominance.value,
        "quadrant_text": _quadrant_text(result),
        "icer": None if result.icer is None else number(result.icer),
        "net_monetary_benefit": number(result.net_monetary_benefit),
        "cost_effective": result.cost_effective,
        "cost_level": level
        and {
            "word": level[0],
            "source": level[1].source.rsplit(", ", 1)[-1],
        },
        "effect_rate": percent(form.effect_rate_share),
        "probabilistic": None,
    }
    if data.get("probabilistic"):
        results["probabilistic"] = _probabilistic(form, ce_input)
    return results


def _probabilistic(form: CostEffectivenessForm, ce_input) -> dict:
    data = form.cleaned_data
    samples = health.simulate(
        health.SimulationInput(
            mean_delta_cost=ce_input.delta_cost,
            sd_delta_cost=data["sd_delta_cost"],
            mean_delta_effect=ce_input.delta_effect,
            sd_delta_effect=data["sd_delta_effect"],
            runs=FORM_RUNS,
            seed=FORM_SEED,
        )
    )
    runs = health.evaluate_runs(
        health.CostEffectivenessInput(cost, effect, ce_input.threshold)
        for cost, effect in samples
    )
    # The curve runs from 0 to twice the threshold (at least 1 million SEK).
    top = max(ce_input.threshold * 2, Decimal(1_000_000))
    steps = [top * index / CURVE_STEPS for index in range(CURVE_STEPS + 1)]
    curve = health.acceptability_curve(samples, steps)
    return {
        "runs": number(len(samples), 0),
        "seed": FORM_SEED,
        "sd_delta_cost": number(data["sd_delta_cost"]),
        "sd_delta_effect": number(data["sd_delta_effect"], health.QALY_PLACES),
        "probability": percent(
            quantize(runs.probability_cost_effective, health.PROBABILITY_PLACES)
        ),
        "curve": [
            {
                "threshold": number(point.threshold, 0),
                "probability": percent(
                    quantize(
                        point.probability_cost_effective, health.PROBABILITY_PLACES
                    )
                ),
            }
            for point in curve.points
        ],
        "chart": charts.line_chart(
            [(p.threshold, p.probability_cost_effective) for p in curve.points],
            y_range=(0, 1),
        ),
    }
