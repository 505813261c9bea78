"""The proxy library's search and theme filter, and the editors' proxy form (whose
licence field offers only licences that allow reuse)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.impact.enums import ProxyLicence
from motesplats.taxonomy.models import Theme

QUERY_MAX = 100


class ProxyFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=QUERY_MAX,
        help_text=_("Words in the name, description or source."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        # Control characters are never part of a search (PostgreSQL refuses NUL).
        return "".join(ch for ch in text if ch.isprintable()).strip()


def licence_is_reusable(value: str) -> bool:
    return value in ProxyLicence.values
