"""The cost-effectiveness calculator's form: either the differences in cost and
effect, or two options with their costs and health states (utility × years, QALYs
discounted); a willingness-to-pay threshold; optionally uncertainty for a
probabilistic analysis."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.impact.calculations import health
from motesplats.impact.calculations.limits import MAX_YEARS

from .calculators import NumberField, PercentField, number

STATES = 3  # health states per option
ARMS = ("new", "comparator")
DEFAULT_THRESHOLD = "TLV_MODERATE"

THRESHOLD_LABELS = {
    "TLV_MODERATE": _("TLV practice, moderate severity"),
    "TLV_VERY_HIGH": _("TLV practice, very high severity"),
    "TLV_RARE_VERY_HIGH": _("TLV practice, rare disease with very high severity"),
    "TRAFIKVERKET_VSL_DERIVED": _(
        "Derived from Trafikverket's value of a statistical life"
    ),
}
THRESHOLD_NOTES = {
    "TLV_MODERATE": _("TLV has no formal threshold; this is its practice as reported."),
    "TLV_VERY_HIGH": _(
        "TLV has no formal threshold; this is its practice as reported."
    ),
    "TLV_RARE_VERY_HIGH": _("Decided in 2016, reported in the source from 2018."),
    "TRAFIKVERKET_VSL_DERIVED": _(
        "About 2.4 million SEK per QALY, derived by the authors from the value of a "
        "statistical life of 40.5 million SEK."
    ),
}
# Socialstyrelsen's words for a cost per QALY, lowest band first.
COST_LEVELS = (
    ("SOCIALSTYRELSEN_LOW", _("low")),
    ("SOCIALSTYRELSEN_MODERATE", _("moderate")),
    ("SOCIALSTYRELSEN_HIGH", _("high")),
    ("SOCIALSTYRELSEN_VERY_HIGH", _("very high")),
)


def threshold_choices():
    return [
        *(
            (key, label)
            for key, label in THRESHOLD_LABELS.items()
            if key in health.THRESHOLDS_BY_KEY
        ),
        ("CUSTOM", _("My own threshold")),
    ]


def cost_level(icer: Decimal):
    """Socialstyrelsen's word for a cost per QALY (None below zero)."""
    found = None
    for key, word in COST_LEVELS:
        preset = health.THRESHOLDS_BY_KEY[key]
        if preset.lower is not None and icer >= preset.lower:
            found = (word, preset)
    return found


def _money(label, required=False, **kwargs):
    return NumberField(
        label=label, required=required, max_digits=16, decimal_places=2, **kwargs
    )


class CostEffectivenessForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What do you know?"),
        choices=[
            ("direct", _("The differences in cost and effect")),
            ("arms", _("The cost and health states of each option")),
        ],
        initial="direct",
        widget=forms.RadioSelect,
    )
    delta_cost = _money(
        _("Difference in cost (SEK)"),
        help_text=_(
            "Cost of the new option minus the comparator's, as a present value. "
            "Negative if the new option saves money."
        ),
    )
    delta_effect = NumberField(
        label=_("Difference in effect (QALYs)"),
        required=False,
        max_digits=14,
        decimal_places=6,
        help_text=_(
            "Quality-adjusted life years gained with the new option (negative if lost)."
        ),
    )
    effect_rate = PercentField(
        label=_("Discount rate for health effects (% per year)"),
        initial=Decimal(3),
        maximum=Decimal("99.99"),
        help_text=_("TLV uses 3 per cent for both costs and effects."),
    )
    threshold_preset = forms.ChoiceField(
        label=_("Willingness to pay per QALY"),
        choices=threshold_choices,
        initial=DEFAULT_THRESHOLD,
        widget=forms.RadioSelect,
    )
    custom_threshold = _money(
        _("My own threshold (SEK per QALY)"),
        min_value=Decimal(0),
        help_text=_("Only used with “My own threshold”."),
    )
    probabilistic = forms.BooleanField(
        label=_("Also show how uncertain the result is (probabilistic analysis)"),
        required=False,
    )
    sd_delta_cost = _money(
        _("Uncertainty of the difference in cost: standard deviation (SEK)"),
        min_value=Decimal(0),
    )
    sd_delta_effect = NumberField(
        label=_("Uncertainty of the difference in effect: standard deviation (QALYs)"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=6,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for arm, arm_label in (
            ("new", _("new option")),
            ("comparator", _("comparator")),
        ):
            self.fields[f"{arm}_cost"] = _money(
                _("Cost of the %(arm)s (SEK)") % {"arm": arm_label},
                help_text=_("Total cost per person as a present value."),
            )
            for index in range(1, STATES + 1):
                self.fields[f"{arm}_utility_{index}"] = NumberField(
                    label=_("Health state %(n)s: quality of life (0–1)") % {"n": index},
                    required=False,
                    min_value=Decimal(-1),
                    max_value=Decimal(1),
                    max_digits=7,
                    decimal_places=4,
                    help_text=_("1 = full health, 0 = dead.") if index == 1 else "",
                )
                self.fields[f"{arm}_years_{index}"] = NumberField(
                    label=_("Health state %(n)s: years") % {"n": index},
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(MAX_YEARS),
                    max_digits=7,
                    decimal_places=4,
                )

    # ------------------------------------------------------------------ groups

    def arm_fields(self, arm: str) -> dict:
        """The bound fields of one option, for the template."""
        return {
            "cost": self[f"{arm}_cost"],
            "states": [
                (index, self[f"{arm}_utility_{index}"], self[f"{arm}_years_{index}"])
                for index in range(1, STATES + 1)
            ],
        }

    def arm_new(self):
        return self.arm_fields("new")

    def arm_comparator(self):
        return self.arm_fields("comparator")

    def threshold_options(self):
        return [
            {
                "radio": radio,
                "value": number(preset.value, 0) if preset else None,
                "year": preset.year if preset else None,
                "source": preset.source.rsplit(", ", 1)[-1] if preset else "",
                "note": THRESHOLD_NOTES.get(radio.data["value"], ""),
            }
            for radio in self["threshold_preset"]
            for preset in [health.THRESHOLDS_BY_KEY.get(radio.data["value"])]
        ]

    # ------------------------------------------------------------------ checks

    def _require(self, data, *names):
        for name in names:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])

    def clean(self):
        data = super().clean()
        if data.get("mode") == "direct":
            self._require(data, "delta_cost", "delta_effect")
        elif data.get("mode") == "arms":
            for arm in ARMS:
                self._require(data, f"{arm}_cost")
                given = 0
                total_years = Decimal(0)
                for index in range(1, STATES + 1):
                    utility = f"{arm}_utility_{index}"
                    years = f"{arm}_years_{index}"
                    if data.get(utility) is None and data.get(years) is None:
                        continue
                    given += 1
                    self._require(data, utility, years)
                    total_years += data.get(years) or 0
                if not given and f"{arm}_utility_1" not in self.errors:
                    self.add_error(
                        f"{arm}_utility_1",
                        _("Give at least one health state: quality of life and years."),
                    )
                if total_years > MAX_YEARS:
                    self.add_error(
                        f"{arm}_years_1",
                        _("The health states may last at most %(years)s years in all.")
                        % {"years": MAX_YEARS},
                    )
        if data.get("threshold_preset") == "CUSTOM":
            self._require(data, "custom_threshold")
        if data.get("probabilistic"):
            self._require(data, "sd_delta_cost", "sd_delta_effect")
        return data

    # ------------------------------------------------------------------ inputs

    @property
    def threshold(self) -> Decimal:
        key = self.cleaned_data["threshold_preset"]
        if key == "CUSTOM":
            return self.cleaned_data["custom_threshold"]
        return health.THRESHOLDS_BY_KEY[key].value

    def states(self, arm: str) -> tuple[health.HealthState, ...]:
        data = self.cleaned_data
        return tuple(
            health.HealthState(
                utility=data[f"{arm}_utility_{index}"],
                duration_years=data[f"{arm}_years_{index}"],
            )
            for index in range(1, STATES + 1)
            if data.get(f"{arm}_utility_{index}") is not None
        )

    @property
    def effect_rate_share(self) -> Decimal:
        return PercentField.share(self.cleaned_data.get("effect_rate"))


# A made-up example: a home-visit programme that costs more and gives more health.
EXAMPLE = {
    "mode": "arms",
    "new_cost": Decimal(180_000),
    "new_utility_1": Decimal("0.75"),
    "new_years_1": Decimal(2),
    "new_utility_2": Decimal("0.8"),
    "new_years_2": Decimal(8),
    "comparator_cost": Decimal(120_000),
    "comparator_utility_1": Decimal("0.65"),
    "comparator_years_1": Decimal(2),
    "comparator_utility_2": Decimal("0.75"),
    "comparator_years_2": Decimal(8),
    "effect_rate": Decimal(3),
    "threshold_preset": DEFAULT_THRESHOLD,
    "probabilistic": True,
    "sd_delta_cost": Decimal(20_000),
    "sd_delta_effect": Decimal("0.25"),
}
