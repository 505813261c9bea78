"""Evidence on outcomes: indicators with data points per period, and stories.

A story is qualitative evidence told by a person who is usually not a member: it is
stored only with their recorded consent, describes the teller without naming them by
default, and is deleted when the consent is withdrawn or its retention ends.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.impact.enums import ConsentMethod
from motesplats.impact.models.impact_models import ChangeStep

VALUE_DIGITS = 18
VALUE_PLACES = 4


class Indicator(models.Model):
    step = models.ForeignKey(
        ChangeStep,
        verbose_name=_("step"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=200)
    description = models.TextField(_("how it is measured"), blank=True)
    unit = models.CharField(
        _("unit"), max_length=60, help_text=_("For example: people, per cent, SEK.")
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
    )
    baseline_date = models.DateField(_("baseline measured on"), null=True, blank=True)
    target = models.DecimalField(
        _("target"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
    )
    higher_is_better = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("Untick when the aim is to lower the value (e.g. absence)."),
    )
    code = models.CharField(
        _("code in a framework"),
        max_length=40,
        blank=True,
        help_text=_("Optional: an IRIS+ metric (PI4060) or an Agenda 2030 indicator."),
    )
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    frequency = models.CharField(_("measured how often"), max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """A measured value of an indicator for one period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(
        _("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["period_start", "period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="impact_value_once_per_period",
            ),
            models.CheckConstraint(
                name="impact_value_period_order",
                condition=Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"


class Story(models.Model):
    step = models.ForeignKey(
        ChangeStep,
        verbose_name=_("step"),
        on_delete=models.CASCADE,
        related_name="stories",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("the story"))
    teller = models.CharField(
        _("told by"),
        max_length=120,
        help_text=_(
            "Describe the person without naming them, e.g. 'participant, 19 years'."
        ),
    )
    consent_method = models.CharField(
        _("consent"), max_length=10, choices=ConsentMethod.choices
    )
    consent_given_on = models.DateField(_("consent given on"))
    consent_text_version = models.CharField(_("consent text version"), max_length=40)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_stories",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title
