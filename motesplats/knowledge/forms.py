from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import FACET_KEYS, SORTS

SORT_LABELS = {"newest": _("Newest first"), "title": _("Title A–Ö"), "year": _("Year")}


def parse_filters(query) -> tuple[dict[str, list[str]], str]:
    """Facet selections and sort order from a query dict; unknown input is dropped."""
    selected = {}
    for key in FACET_KEYS:
        values = [v[:40] for v in query.getlist(key) if v and len(v) <= 40][:30]
        if values:
            selected[key] = values
    sort = query.get("sort", "newest")
    return selected, sort if sort in SORTS else "newest"


class SortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=list(SORT_LABELS.items()), required=False
    )
