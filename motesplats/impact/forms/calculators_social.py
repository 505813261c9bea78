"""The preventive social investment calculator's form: the target group, the change
in its probability of exclusion, the yearly cost of exclusion per payer (own figures,
or a sourced lifetime figure spread over the years and split across payers) and the
intervention's costs per year and payer."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.impact.calculations import social_investment as si
from motesplats.impact.calculations.limits import MAX_YEARS

from .calculators import (
    HUNDRED,
    LineForm,
    NumberField,
    PercentField,
    WholeNumberField,
    line_formset,
    number,
)

PAYER_LABELS = {
    si.Payer.MUNICIPALITY: _("Municipality"),
    si.Payer.REGION: _("Region (health care)"),
    si.Payer.SOCIAL_INSURANCE: _("Social Insurance Agency (Försäkringskassan)"),
    si.Payer.EMPLOYMENT_SERVICE: _("Public Employment Service (Arbetsförmedlingen)"),
    si.Payer.JUSTICE_SYSTEM: _("Justice system"),
    si.Payer.LOST_PRODUCTION: _("Lost production"),
}
# Presets that give a cost per person, which the calculator can spread over years.
PERSON_PRESETS = {
    "NW_LIFETIME_PER_PERSON": _(
        "Social cost of one young person in exclusion over adult life"
    ),
    "FAKTA_LIFETIME_PER_PERSON_20_TO_RETIREMENT": _(
        "Cost of one person in exclusion from age 20 to retirement"
    ),
}
DEFAULT_PRESET = "NW_LIFETIME_PER_PERSON"


def _money(label, **kwargs):
    kwargs.setdefault("required", False)
    return NumberField(
        label=label, min_value=Decimal(0), max_digits=16, decimal_places=2, **kwargs
    )


class SocialInvestmentForm(forms.Form):
    target_group_size = WholeNumberField(
        label=_("Size of the target group (people)"),
        initial=100,
        min_value=1,
        max_value=10_000_000,
        help_text=_("For example the young people the programme reaches."),
    )
    probability_without = PercentField(
        label=_("Risk of exclusion without the intervention (%)"),
        help_text=_("Share of the group expected to end up in exclusion, 0–100 %."),
    )
    probability_with = PercentField(
        label=_("Risk of exclusion with the intervention (%)"),
        help_text=_("The same share if the intervention works as hoped, 0–100 %."),
    )
    horizon_years = WholeNumberField(
        label=_("Time horizon (years)"),
        initial=10,
        min_value=1,
        max_value=MAX_YEARS,
        help_text=_("How many years ahead to count, 1–100."),
    )
    first_effect_year = WholeNumberField(
        label=_("First year with avoided costs"),
        initial=1,
        min_value=0,
        max_value=MAX_YEARS,
        help_text=_("0 = this year, 1 = next year, …"),
    )
    discount_rate = PercentField(
        label=_("Discount rate (% per year)"),
        initial=Decimal("3.5"),
        maximum=Decimal("99.99"),
        help_text=_(
            "For example 3.5, as in the Green Book and Trafikverket's ASEK; TLV uses 3."
        ),
    )
    cost_source = forms.ChoiceField(
        label=_("Yearly cost of one person in exclusion"),
        choices=[
            ("own", _("My own figures per payer")),
            ("preset", _("A published lifetime cost, split across payers by me")),
        ],
        initial="own",
        widget=forms.RadioSelect,
    )
    preset = forms.ChoiceField(
        label=_("Published cost of exclusion"),
        choices=list(PERSON_PRESETS.items()),
        initial=DEFAULT_PRESET,
        widget=forms.RadioSelect,
        required=False,
    )
    preset_bound = forms.ChoiceField(
        label=_("Which end of the published range"),
        choices=[("low", _("The lower figure")), ("high", _("The higher figure"))],
        initial="low",
        required=False,
        help_text=_(
            "The sources give a range; the lower figure is the cautious choice."
        ),
    )
    years_in_exclusion = WholeNumberField(
        label=_("Years the lifetime cost is spread over"),
        initial=45,
        min_value=1,
        max_value=MAX_YEARS,
        required=False,
        help_text=_("For example 45 years, from age 20 to 65."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for payer, label in PAYER_LABELS.items():
            self.fields[f"own_{payer.value}"] = _money(
                _("%(payer)s: cost per person and year (SEK)") % {"payer": label}
            )
        for payer, label in PAYER_LABELS.items():
            self.fields[f"share_{payer.value}"] = PercentField(
                label=_("%(payer)s: share of the cost (%%)") % {"payer": label},
                required=False,
            )

    def own_fields(self):
        return [self[f"own_{payer.value}"] for payer in si.Payer]

    def share_fields(self):
        return [self[f"share_{payer.value}"] for payer in si.Payer]

    def preset_options(self):
        return [
            {
                "radio": radio,
                "value": f"{number(preset.low, 0)}–{number(preset.high, 0)} SEK",
                "year": preset.year,
                "source": preset.source.rsplit(", ", 1)[-1],
                "note": preset.authors,
            }
            for radio in self["preset"]
            for preset in [si.PRESETS_BY_KEY[radio.data["value"]]]
        ]

    def clean(self):
        data = super().clean()
        without, with_ = data.get("probability_without"), data.get("probability_with")
        if without is not None and with_ is not None and with_ > without:
            self.add_error(
                "probability_with",
                _(
                    "The risk with the intervention should not be higher than without it."
                ),
            )
        horizon, first = data.get("horizon_years"), data.get("first_effect_year")
        if horizon is not None and first is not None and first > horizon:
            self.add_error(
                "first_effect_year",
                _("The first year must be within the time horizon."),
            )
        if data.get("cost_source") == "preset":
            for name in ("preset", "preset_bound", "years_in_exclusion"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
            shares = [data.get(f"share_{payer.value}") or 0 for payer in si.Payer]
            if not any(self.has_error(f"share_{p.value}") for p in si.Payer) and (
                sum(shares) != HUNDRED
            ):
                self.add_error(
                    f"share_{si.Payer.MUNICIPALITY.value}",
                    _("The shares must add up to 100 %% (now %(sum)s %%).")
                    % {"sum": number(sum(shares), None)},
                )
        elif data.get("cost_source") == "own":
            amounts = [data.get(f"own_{payer.value}") for payer in si.Payer]
            if not any(amounts) and not any(
                self.has_error(f"own_{p.value}") for p in si.Payer
            ):
                self.add_error(
                    f"own_{si.Payer.MUNICIPALITY.value}",
                    _("Give the yearly cost for at least one payer."),
                )
        return data

    # ------------------------------------------------------------------ inputs

    def annual_costs(self) -> dict[si.Payer, Decimal]:
        """Yearly cost of one person in exclusion per payer (exact)."""
        data = self.cleaned_data
        if data["cost_source"] == "own":
            return {
                payer: data.get(f"own_{payer.value}") or Decimal(0)
                for payer in si.Payer
            }
        preset = si.PRESETS_BY_KEY[data["preset"]]
        lifetime = preset.low if data["preset_bound"] == "low" else preset.high
        yearly = si.annual_from_lifetime(lifetime, data["years_in_exclusion"])
        return {
            payer: yearly * PercentField.share(data.get(f"share_{payer.value}"))
            for payer in si.Payer
        }

    def preset_used(self):
        """(preset, lifetime figure, yearly figure) when a preset was used."""
        data = self.cleaned_data
        if data.get("cost_source") != "preset":
            return None
        preset = si.PRESETS_BY_KEY[data["preset"]]
        lifetime = preset.low if data["preset_bound"] == "low" else preset.high
        return (
            preset,
            lifetime,
            si.annual_from_lifetime(lifetime, data["years_in_exclusion"]),
        )


class InterventionCostForm(LineForm):
    content_fields = ("amount",)

    year = WholeNumberField(
        label=_("Year"),
        initial=0,
        min_value=0,
        max_value=MAX_YEARS,
        help_text=_("0 = this year (not discounted), 1 = next year, …"),
    )
    payer = forms.ChoiceField(
        label=_("Who pays"),
        choices=[(payer.value, label) for payer, label in PAYER_LABELS.items()],
        initial=si.Payer.MUNICIPALITY.value,
    )
    amount = _money(_("Amount (SEK)"), required=True)


class BaseCostFormSet(line_formset(InterventionCostForm)):
    def clean(self):
        super().clean()
        total = sum(
            (form.cleaned_data["amount"] for form in self.filled_forms), Decimal(0)
        )
        if self.filled_forms and total <= 0:
            raise forms.ValidationError(
                _("The intervention must cost more than zero in total."),
                code="zero_cost",
            )


CostFormSet = BaseCostFormSet


def social_investment_input(form, costs) -> si.SocialInvestmentInput | None:
    """The calculator's input, or None with the refusal put on the forms."""
    data = form.cleaned_data
    lines = []
    for line in costs.filled_forms:
        if line.cleaned_data["year"] > data["horizon_years"]:
            line.add_error("year", _("The year must be within the time horizon."))
            continue
        lines.append(
            si.InterventionCost(
                line.cleaned_data["year"],
                line.cleaned_data["payer"],
                line.cleaned_data["amount"],
            )
        )
    if any(line.errors for line in costs.forms):
        return None
    try:
        return si.SocialInvestmentInput(
            target_group_size=data["target_group_size"],
            probability_without=PercentField.share(data["probability_without"]),
            probability_with=PercentField.share(data["probability_with"]),
            annual_cost_per_person=form.annual_costs(),
            intervention_costs=tuple(lines),
            horizon_years=data["horizon_years"],
            discount_rate=PercentField.share(data["discount_rate"]),
            first_effect_year=data["first_effect_year"],
        )
    except ValueError:
        form.add_error(
            None, _("These values cannot be used in the calculation. Check them.")
        )
        return None


# A made-up example: early support for young people at risk of leaving school.
EXAMPLE = {
    "form": {
        "target_group_size": 60,
        "probability_without": Decimal(30),
        "probability_with": Decimal(20),
        "horizon_years": 15,
        "first_effect_year": 2,
        "discount_rate": Decimal("3.5"),
        "cost_source": "own",
        "own_municipality": Decimal(120_000),
        "own_region": Decimal(25_000),
        "own_social_insurance": Decimal(40_000),
        "own_employment_service": Decimal(30_000),
        "own_justice_system": Decimal(15_000),
        "own_lost_production": Decimal(250_000),
        "years_in_exclusion": 45,
    },
    "costs": [
        {"year": 0, "payer": "municipality", "amount": Decimal(2_500_000)},
        {"year": 1, "payer": "municipality", "amount": Decimal(2_500_000)},
        {"year": 1, "payer": "region", "amount": Decimal(600_000)},
    ],
}
