"""An impact model's SROI value map: investment per year and outcome lines.

Shares (deadweight, displacement, attribution, leakage, drop-off) are stored as
fractions 0–1; `as_input()` turns the stored map into the calculator's input, so the
report and the calculator can never disagree.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.impact.calculations import sroi
from motesplats.impact.enums import Currency
from motesplats.impact.models.impact_models import ChangeStep, ImpactModel
from motesplats.impact.models.proxies import MONEY_DIGITS, MONEY_PLACES, FinancialProxy

SHARE_DIGITS = 5
SHARE_PLACES = 4
MAX_YEARS = 100
_SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


def _share(label):
    return models.DecimalField(
        label,
        max_digits=SHARE_DIGITS,
        decimal_places=SHARE_PLACES,
        default=Decimal(0),
        validators=_SHARE_VALIDATORS,
    )


class AnalysisKind(models.TextChoices):
    FORECAST = "forecast", _("Forecast: the value expected")
    EVALUATIVE = "evaluative", _("Evaluation: the value achieved")


class SroiAnalysis(models.Model):
    model = models.OneToOneField(
        ImpactModel, on_delete=models.CASCADE, related_name="sroi"
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=AnalysisKind.choices,
        default=AnalysisKind.FORECAST,
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    discount_preset = models.CharField(
        _("discount rate"),
        max_length=40,
        choices=[
            (key, preset.name) for key, preset in sroi.DISCOUNT_RATE_PRESETS.items()
        ],
        default="GREEN_BOOK_STPR_3_5",
    )
    custom_rate = models.DecimalField(
        _("own discount rate"),
        max_digits=SHARE_DIGITS,
        decimal_places=SHARE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("0.99"))],
    )
    notes = models.TextField(_("method notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SROI analysis")
        verbose_name_plural = _("SROI analyses")

    def __str__(self) -> str:
        return f"SROI: {self.model}"

    def as_input(self) -> sroi.SroiInput:
        """The calculator's input (raises ValueError when the map is incomplete)."""
        preset = sroi.DISCOUNT_RATE_PRESETS[self.discount_preset]
        return sroi.SroiInput(
            outcomes=tuple(line.as_line(self.currency) for line in self.outcomes.all()),
            investment=tuple(
                sroi.InvestmentLine(
                    year=i.year, amount=i.amount, description=i.description
                )
                for i in self.investments.all()
            ),
            discount_rate=self.custom_rate if preset.rate is None else None,
            discount_preset=self.discount_preset,
            currency=self.currency,
        )


class SroiInvestment(models.Model):
    analysis = models.ForeignKey(
        SroiAnalysis, on_delete=models.CASCADE, related_name="investments"
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        default=0,
        validators=[MaxValueValidator(MAX_YEARS)],
        help_text=_("0 is the start; 1 the first year after it."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal(0))],
    )
    description = models.CharField(_("what it pays for"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(
                name="impact_investment_not_negative", condition=Q(amount__gte=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class SroiOutcomeLine(models.Model):
    analysis = models.ForeignKey(
        SroiAnalysis, on_delete=models.CASCADE, related_name="outcomes"
    )
    step = models.ForeignKey(
        ChangeStep,
        verbose_name=_("outcome in the theory of change"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sroi_lines",
    )
    name = models.CharField(_("outcome"), max_length=200)
    stakeholder = models.CharField(_("stakeholder"), max_length=200, blank=True)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal(0))],
    )
    proxy = models.ForeignKey(
        FinancialProxy,
        verbose_name=_("proxy from the library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sroi_lines",
    )
    proxy_value = models.DecimalField(
        _("financial proxy"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    proxy_price_year = models.PositiveSmallIntegerField(
        _("price year"), null=True, blank=True
    )
    proxy_source = models.CharField(
        _("source of the proxy"), max_length=300, blank=True
    )
    deadweight = _share(_("deadweight"))
    displacement = _share(_("displacement"))
    attribution = _share(_("attribution"))
    leakage = _share(_("leakage"))
    drop_off = _share(_("drop-off"))
    duration = models.PositiveSmallIntegerField(
        _("duration (years)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_YEARS)],
    )
    start_offset = models.PositiveSmallIntegerField(
        _("starts after (years)"),
        default=0,
        validators=[MaxValueValidator(MAX_YEARS)],
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("outcome line")
        verbose_name_plural = _("outcome lines")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def as_line(self, currency: str) -> sroi.OutcomeLine:
        return sroi.OutcomeLine(
            name=self.name,
            stakeholder=self.stakeholder,
            indicator=self.indicator,
            quantity=self.quantity,
            proxy=self.proxy_value,
            currency=currency,
            price_year=self.proxy_price_year,
            source=self.proxy_source,
            deadweight=self.deadweight,
            displacement=self.displacement,
            attribution=self.attribution,
            leakage=self.leakage,
            drop_off=self.drop_off,
            duration=self.duration,
            start_offset=self.start_offset,
        )
