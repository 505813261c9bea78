"""The editors' admin for the financial proxy library, under an "Impact" menu.

Editors need the `impact.*_financialproxy` permissions. The licence field offers
only licences that allow reuse (`ProxyLicence`); the database refuses any other.
"""

from django import forms
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from motesplats.impact.models import FinancialProxy


class FinancialProxyViewSet(ModelViewSet):
    model = FinancialProxy
    icon = "tag"
    menu_label = gettext_lazy("Financial proxies")
    add_to_admin_menu = False
    list_display = ["name_sv", "value", "currency", "unit_sv", "price_year", "licence"]
    list_filter = ["method", "licence", "currency", "is_published", "themes"]
    search_fields = ["name_sv", "name_en", "description_sv", "source"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name_sv"),
                    FieldPanel("name_en"),
                    FieldPanel("description_sv"),
                    FieldPanel("description_en"),
                ],
                heading=gettext_lazy("What it values"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("value"), FieldPanel("currency")]),
                    FieldRowPanel([FieldPanel("unit_sv"), FieldPanel("unit_en")]),
                    FieldRowPanel([FieldPanel("price_year"), FieldPanel("method")]),
                    FieldPanel("geography"),
                ],
                heading=gettext_lazy("Value"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("source"),
                    FieldPanel("source_url"),
                    FieldPanel("licence"),
                ],
                heading=gettext_lazy("Source and licence"),
            ),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("is_published"),
        ]
    )


class ImpactViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Impact")
    menu_icon = "pick"
    menu_order = 350
    items = (FinancialProxyViewSet("financial_proxies"),)
