from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import FACETS, SORTS

SORT_LABELS = {"newest": _("Newest first"), "title": _("Title A–Ö"), "year": _("Year")}


def parse_filters(query) -> tuple[dict[str, list[str]], str]:
    """Facet selections and sort order from a query dict; unknown input is dropped."""
    selected = {}
    for facet in FACETS:
        # Values that cannot match (text for a year, overlong slugs) are dropped here,
        # so the selector only ever sees values of the facet's type.
        values = [v for v in query.getlist(facet.key) if facet.accepts(v)][:30]
        if values:
            selected[facet.key] = values
    sort = query.get("sort", "newest")
    return selected, sort if sort in SORTS else "newest"


class SortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=list(SORT_LABELS.items()), required=False
    )
