"""The SROI calculator's form: a value map of outcome lines, investment lines and the
discount rate. Shares are typed as percentages and converted exactly to 0–1."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.impact.calculations import sroi
from motesplats.impact.calculations.limits import MAX_YEARS
from motesplats.impact.enums import Currency

from .calculators import (
    REFUSED,
    LineForm,
    NumberField,
    PercentField,
    WholeNumberField,
    line_formset,
    percent,
)

DEFAULT_PRESET = "GREEN_BOOK_STPR_3_5"

# The calculator's presets in the reader's language (the module keeps English names).
PRESET_LABELS = {
    "GREEN_BOOK_STPR_3_5": _(
        "HM Treasury Green Book: social time preference rate (years 0–30)"
    ),
    "TLV_3_0": _("TLV general guidelines for health-economic evaluations"),
    "ASEK_3_5": _("Trafikverket ASEK: real discount rate"),
    "GREEN_BOOK_HEALTH_1_5": _("HM Treasury Green Book: rate for health effects"),
    "CUSTOM": _("My own rate"),
}

SHARE_FIELDS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")

# Calculator field names (in its ValueError messages) → form field names.
LINE_FIELDS = {
    "name": "outcome",
    "quantity": "quantity",
    "proxy": "proxy",
    "currency": "currency",
    "price_year": "price_year",
    "duration": "duration",
    "start_offset": "start_offset",
    **{name: name for name in SHARE_FIELDS},
}


def preset_choices():
    return [(key, PRESET_LABELS.get(key, key)) for key in sroi.DISCOUNT_RATE_PRESETS]


class SroiForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the analysis"),
        max_length=200,
        required=False,
        help_text=_("Optional, shown above the results."),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=Currency.choices,
        initial=Currency.SEK,
        help_text=_("All amounts in the analysis are in this currency."),
    )
    discount_preset = forms.ChoiceField(
        label=_("Discount rate"),
        choices=preset_choices,
        initial=DEFAULT_PRESET,
        widget=forms.RadioSelect,
    )
    custom_rate = PercentField(
        label=_("My own discount rate (% per year)"),
        required=False,
        maximum=Decimal("99.99"),
        help_text=_(
            "Only used with “My own rate”. In per cent a year, for example 3.5."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("discount_preset") == "CUSTOM" and data.get("custom_rate") is None:
            self.add_error(
                "custom_rate",
                _("Give the discount rate, or choose one of the rates above."),
            )
        return data

    def preset_options(self):
        """Each radio button with its preset's rate, year and source, for the page."""
        presets = sroi.DISCOUNT_RATE_PRESETS
        return [
            {
                "radio": radio,
                "rate": None if preset.rate is None else percent(preset.rate),
                "year": preset.year,
                "source": preset.source,
                "to_verify": bool(preset.note),
            }
            for radio in self["discount_preset"]
            if (preset := presets.get(radio.data["value"])) is not None
        ]

    @property
    def discount_rate(self) -> Decimal | None:
        """The rate as a share, None for a preset (the preset's own rate is used)."""
        if self.cleaned_data.get("discount_preset") == "CUSTOM":
            return PercentField.share(self.cleaned_data.get("custom_rate"))
        return None


class OutcomeLineForm(LineForm):
    content_fields = ("stakeholder", "outcome", "indicator", "quantity", "proxy")

    stakeholder = forms.CharField(
        label=_("Stakeholder"),
        max_length=200,
        required=False,
        help_text=_("Who experiences the change, e.g. young people aged 18–24."),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=200,
        help_text=_("What changes for them, e.g. “has a job”."),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        required=False,
        help_text=_("How you know, e.g. “employed 12 months after the programme”."),
    )
    quantity = NumberField(
        label=_("Quantity"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("How many people (or units) experience the outcome."),
    )
    proxy_choice = forms.ChoiceField(
        label=_("Financial proxy from the library"),
        required=False,
        help_text=_(
            "Optional. If you pick one and leave the value below empty, the "
            "library's value, currency, price year and source are used."
        ),
    )
    proxy = NumberField(
        label=_("Financial proxy: value per unit and year"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "What the outcome is worth for one person (or unit) in one year. "
            "A negative value is a negative outcome."
        ),
    )
    currency = forms.ChoiceField(
        label=_("Currency of the value"),
        required=False,
        choices=[("", _("Same as the analysis")), *Currency.choices],
    )
    price_year = WholeNumberField(
        label=_("Price year"),
        required=False,
        min_value=1800,
        max_value=2200,
        help_text=_("The year whose prices the value is in."),
    )
    source = forms.CharField(
        label=_("Source of the value"),
        max_length=300,
        required=False,
        help_text=_("Where the value comes from: report, statistics or own estimate."),
    )
    deadweight = PercentField(
        label=_("Deadweight (%)"),
        required=False,
        initial=Decimal(0),
        help_text=_("Share of the outcome that would have happened anyway, 0–100 %."),
    )
    displacement = PercentField(
        label=_("Displacement (%)"),
        required=False,
        initial=Decimal(0),
        help_text=_("Share that only moves the outcome from somewhere else, 0–100 %."),
    )
    attribution = PercentField(
        label=_("Attribution (%)"),
        required=False,
        initial=Decimal(0),
        help_text=_("Share owed to other people's or organisations' work, 0–100 %."),
    )
    leakage = PercentField(
        label=_("Leakage (%)"),
        required=False,
        initial=Decimal(0),
        help_text=_("Optional: share that benefits people outside the group, 0–100 %."),
    )
    drop_off = PercentField(
        label=_("Drop-off per year (%)"),
        required=False,
        initial=Decimal(0),
        help_text=_(
            "How much of the outcome fades each year after the first, 0–100 %."
        ),
    )
    duration = WholeNumberField(
        label=_("Duration (years)"),
        initial=1,
        min_value=1,
        max_value=MAX_YEARS,
        help_text=_("How many years the outcome lasts, 1–100."),
    )
    start_offset = WholeNumberField(
        label=_("Years before the outcome starts"),
        initial=0,
        min_value=0,
        max_value=MAX_YEARS,
        help_text=_(
            "0 if it starts in year 1 (the year after the investment), "
            "1 if it starts a year later, and so on."
        ),
    )

    def __init__(self, *args, proxies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proxies = proxies or {}
        if self.proxies:
            self.fields["proxy_choice"].choices = [
                ("", _("None: I give my own value")),
                *((str(pk), proxy_label(proxy)) for pk, proxy in self.proxies.items()),
            ]
        else:
            del self.fields["proxy_choice"]
        for name in SHARE_FIELDS:
            self.fields[name].widget.attrs["size"] = 6

    def clean(self):
        data = super().clean()
        proxy = self.proxies.get(data.get("proxy_choice") or "")
        if proxy is not None and data.get("proxy") is None:
            data["proxy"] = proxy.value
            data["currency"] = proxy.currency
            data["price_year"] = proxy.price_year
            data["source"] = " – ".join(
                part for part in (proxy.source, proxy.source_url) if part
            )[:300]
        if data.get("proxy") is None and "proxy" not in self.errors:
            self.add_error(
                "proxy",
                _("Give the value, or pick a financial proxy from the library.")
                if self.proxies
                else _("Give the value per unit and year."),
            )
        return data


def proxy_label(proxy) -> str:
    return f"{proxy.name} ({proxy.value} {proxy.currency}/{proxy.unit}, {proxy.price_year})"


class InvestmentLineForm(LineForm):
    content_fields = ("amount", "description")

    year = WholeNumberField(
        label=_("Year"),
        initial=0,
        min_value=0,
        max_value=MAX_YEARS,
        help_text=_("0 = at the start (not discounted), 1 = the year after, …"),
    )
    amount = NumberField(
        label=_("Amount"),
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        help_text=_("Money and the value of time or things given in kind."),
    )
    description = forms.CharField(
        label=_("What it pays for"), max_length=200, required=False
    )


OutcomeFormSet = line_formset(OutcomeLineForm)


class BaseInvestmentFormSet(line_formset(InvestmentLineForm)):
    def clean(self):
        super().clean()
        total = sum(
            (form.cleaned_data["amount"] for form in self.filled_forms), Decimal(0)
        )
        if self.filled_forms and total <= 0:
            raise forms.ValidationError(
                _("The investment must be more than zero in total."),
                code="zero_investment",
            )


InvestmentFormSet = BaseInvestmentFormSet


def _field_of(message: str, fields: dict[str, str]) -> str | None:
    first = message.split(" ", 1)[0]
    return fields.get(first)


def sroi_input(form, outcomes, investment) -> sroi.SroiInput | None:
    """The calculator's input from valid forms, or None with the refusals put on the
    forms (a line whose currency differs from the analysis, for instance)."""
    currency = form.cleaned_data["currency"]
    lines = []
    for line_form in outcomes.filled_forms:
        data = line_form.cleaned_data
        line_currency = data.get("currency") or currency
        if line_currency != currency:
            line_form.add_error(
                "proxy_choice" if data.get("proxy_choice") else "currency",
                _(
                    "The value is in %(line)s but the analysis is in %(analysis)s: "
                    "convert it or give your own value."
                )
                % {"line": line_currency, "analysis": currency},
            )
            continue
        try:
            lines.append(
                sroi.OutcomeLine(
                    name=data["outcome"],
                    stakeholder=data.get("stakeholder") or "",
                    indicator=data.get("indicator") or "",
                    quantity=data["quantity"],
                    proxy=data["proxy"],
                    currency=line_currency,
                    price_year=data.get("price_year"),
                    source=data.get("source") or "",
                    duration=data["duration"],
                    start_offset=data["start_offset"],
                    **{
                        name: PercentField.share(data.get(name))
                        for name in SHARE_FIELDS
                    },
                )
            )
        except ValueError as exc:
            line_form.add_error(_field_of(str(exc), LINE_FIELDS), REFUSED)
    if any(line_form.errors for line_form in outcomes.forms):
        return None
    investment_lines = [
        sroi.InvestmentLine(
            year=line.cleaned_data["year"],
            amount=line.cleaned_data["amount"],
            description=line.cleaned_data.get("description") or "",
        )
        for line in investment.filled_forms
    ]
    try:
        return sroi.SroiInput(
            outcomes=tuple(lines),
            investment=tuple(investment_lines),
            discount_rate=form.discount_rate,
            discount_preset=form.cleaned_data["discount_preset"],
            currency=currency,
        )
    except ValueError:
        form.add_error(None, REFUSED)
        return None


# --------------------------------------------------------------------------- example

# A made-up but realistic youth-employment programme in a Swedish municipality. The
# values are illustrations for trying the calculator, not sourced figures.
EXAMPLE = {
    "form": {
        "title": _("Example: a youth employment programme"),
        "currency": "SEK",
        "discount_preset": DEFAULT_PRESET,
    },
    "outcomes": [
        {
            "stakeholder": _("Young people aged 18–24"),
            "outcome": _("Have a job"),
            "indicator": _("Employed 12 months after the programme"),
            "quantity": Decimal(24),
            "proxy": Decimal(180_000),
            "price_year": 2024,
            "source": _("Illustration: income after tax from a full-time entry job"),
            "deadweight": Decimal(30),
            "displacement": Decimal(10),
            "attribution": Decimal(20),
            "drop_off": Decimal(25),
            "duration": 3,
            "start_offset": 1,
        },
        {
            "stakeholder": _("The municipality"),
            "outcome": _("Less income support paid"),
            "indicator": _("Households leaving income support"),
            "quantity": Decimal(24),
            "proxy": Decimal(95_000),
            "price_year": 2024,
            "source": _("Illustration: yearly income support for one young adult"),
            "deadweight": Decimal(30),
            "attribution": Decimal(20),
            "drop_off": Decimal(20),
            "duration": 3,
            "start_offset": 1,
        },
        {
            "stakeholder": _("Young people aged 18–24"),
            "outcome": _("Better well-being"),
            "indicator": _("Self-rated well-being up two steps"),
            "quantity": Decimal(40),
            "proxy": Decimal(15_000),
            "price_year": 2024,
            "source": _("Illustration: own estimate"),
            "deadweight": Decimal(20),
            "attribution": Decimal(30),
            "drop_off": Decimal(50),
            "duration": 2,
            "start_offset": 0,
        },
    ],
    "investment": [
        {
            "year": 0,
            "amount": Decimal(2_400_000),
            "description": _("Coaches, premises and wage subsidies"),
        },
        {
            "year": 1,
            "amount": Decimal(1_200_000),
            "description": _("Follow-up and mentoring"),
        },
    ],
}
