"""The events listing's filters, read from the query string.

Facet values that cannot match are dropped quietly (as in the knowledge bank); dates
are checked, and a date that is not a real date gives a message instead of a filter.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.events.listing import FACETS, PAST, UPCOMING, EventFilters

WHEN_LABELS = {UPCOMING: _("Upcoming"), PAST: _("Past")}
# Dates outside these years are typing mistakes, not events.
FIRST_YEAR = 2000
LAST_YEAR = 2100
MAX_VALUES = 30


class DateRangeForm(forms.Form):
    date_from = forms.DateField(
        label=_("From date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": _("Write the from date as year-month-day, e.g. 2027-11-09.")
        },
    )
    date_to = forms.DateField(
        label=_("To date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": _("Write the to date as year-month-day, e.g. 2027-11-10.")
        },
    )

    def __init__(self, data=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "event-%s")
        super().__init__(data, **kwargs)
        self.fields["date_from"].widget = forms.DateInput(
            attrs={"type": "date"}, format="%Y-%m-%d"
        )
        self.fields["date_to"].widget = forms.DateInput(
            attrs={"type": "date"}, format="%Y-%m-%d"
        )

    def _check_year(self, name: str) -> date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a date between the years %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="year",
            )
        return value

    def clean_date_from(self) -> date | None:
        return self._check_year("date_from")

    def clean_date_to(self) -> date | None:
        return self._check_year("date_to")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    _("The to date must be the same as or later than the from date."),
                    code="order",
                ),
            )
        return cleaned


def _clean_query(query) -> dict[str, str]:
    """The date fields' raw values, without NUL bytes or absurd lengths."""
    data = {}
    for name in ("date_from", "date_to"):
        value = (query.get(name) or "").strip()
        if "\x00" in value:
            value = value.replace("\x00", "")
        data[name] = value[:40]
    return data


def parse_event_filters(query) -> tuple[EventFilters, DateRangeForm]:
    """Filters from a query dict, and the date form (bound, with any errors).

    Only the dates that passed the checks are used; a bad date leaves the list
    unfiltered by date and the form carries the message to show.
    """
    selected: dict[str, list[str]] = {}
    for facet in FACETS:
        values = []
        for value in query.getlist(facet.key):
            if facet.accepts(value) and value not in values:
                values.append(value)
        if values:
            selected[facet.key] = values[:MAX_VALUES]
    when = query.get("when", UPCOMING)
    if when not in WHEN_LABELS:
        when = UPCOMING
    form = DateRangeForm(_clean_query(query))
    date_from = date_to = None
    if form.is_valid():
        date_from = form.cleaned_data["date_from"]
        date_to = form.cleaned_data["date_to"]
    else:
        # Keep whichever date is fine on its own; never a reversed range.
        if "date_from" not in form.errors:
            date_from = form.cleaned_data.get("date_from")
        if "date_to" not in form.errors:
            date_to = form.cleaned_data.get("date_to")
    filters = EventFilters(
        when=when, selected=selected, date_from=date_from, date_to=date_to
    )
    return filters, form
