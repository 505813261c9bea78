"""The financial proxy library: values editors curate for SROI value maps.

Every value carries its unit, currency, price year, source and licence; only licences
that allow reuse can be chosen (see `ProxyLicence`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.core.i18n import LocalizedProperty
from motesplats.impact.enums import Currency, ProxyLicence, ProxyMethod

MONEY_DIGITS = 16
MONEY_PLACES = 2


class FinancialProxy(models.Model):
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_sv = models.TextField(_("what it values (Swedish)"), blank=True)
    description_en = models.TextField(_("what it values (English)"), blank=True)
    value = models.DecimalField(
        _("value"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    unit_sv = models.CharField(
        _("per (Swedish)"), max_length=80, help_text=_("For example: person and year.")
    )
    unit_en = models.CharField(_("per (English)"), max_length=80, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    price_year = models.PositiveSmallIntegerField(_("price year"))
    method = models.CharField(
        _("valuation method"), max_length=14, choices=ProxyMethod.choices
    )
    geography = models.CharField(
        _("applies to"), max_length=100, default="Sverige", blank=True
    )
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("link to the source"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=14, choices=ProxyLicence.choices
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="financial_proxies",
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    name = LocalizedProperty("name")
    description = LocalizedProperty("description")
    unit = LocalizedProperty("unit")

    class Meta:
        verbose_name = _("financial proxy")
        verbose_name_plural = _("financial proxies")
        ordering = ["name_sv", "pk"]
        constraints = [
            models.CheckConstraint(
                name="impact_proxy_value_positive", condition=Q(value__gt=0)
            ),
            models.CheckConstraint(
                name="impact_proxy_licence_reusable",
                condition=Q(licence__in=ProxyLicence.values),
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)
