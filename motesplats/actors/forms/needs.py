"""Forms for needs and offers: the listing's filters and the post/edit form."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import NeedOfferCategory, NeedOfferKind
from motesplats.actors.selectors.needs import FACETS, NeedFilters
from motesplats.actors.services.needs import check_expiry, latest_expiry
from motesplats.taxonomy.models import Region, Sector, Theme


def need_filters_from(
    query, labels: dict[str, dict[str, str]]
) -> tuple[NeedFilters, bool]:
    """The chosen facet values that exist; True when some did not."""
    selected: dict[str, list[str]] = {}
    unknown = False
    for facet in FACETS:
        values = []
        for value in query.getlist(facet.key)[:30]:
            if value in labels[facet.key]:
                if value not in values:
                    values.append(value)
            else:
                unknown = True
        if values:
            selected[facet.key] = values
    return NeedFilters(selected=selected), unknown


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NeedOfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Need or offer"),
        choices=NeedOfferKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose need or offer.")},
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Choose a category")), *NeedOfferCategory.choices],
        error_messages={"required": _("Choose a category.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “We need a partner who runs homework help”."),
        error_messages={"required": _("Write a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you need or offer, for whom and when. Do not write e-mail addresses "
            "or phone numbers: answers come as platform messages."
        ),
        error_messages={"required": _("Write a description.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one theme."),
            "invalid_choice": _("Choose themes from the list."),
            "invalid_pk_value": _("Choose themes from the list."),
        },
    )
    counties = forms.ModelMultipleChoiceField(
        label=_("Counties"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the whole country."),
        error_messages={
            "invalid_choice": _("Choose counties from the list."),
            "invalid_pk_value": _("Choose counties from the list."),
        },
    )
    sectors_sought = forms.ModelMultipleChoiceField(
        label=_("Sectors you want to reach"),
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose sectors from the list."),
            "invalid_pk_value": _("Choose sectors from the list."),
        },
    )
    organisation = forms.ChoiceField(
        label=_("On behalf of"),
        error_messages={
            "invalid_choice": _(
                "Choose yourself or an organisation you are a member of."
            )
        },
    )
    expires_on = forms.DateField(
        label=_("Open until"),
        widget=DateInput(),
        error_messages={
            "required": _("Choose the date it is open until."),
            "invalid": _("Write the date as year-month-day, e.g. 2027-03-31."),
        },
    )

    def __init__(self, *args, organisations=(), current_organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True).order_by(
            "sort_order"
        )
        self.fields["counties"].queryset = Region.objects.order_by("code")
        self.fields["sectors_sought"].queryset = Sector.objects.order_by("sort_order")
        for name in ("themes", "counties", "sectors_sought"):
            self.fields[name].label_from_instance = lambda obj: str(obj.name)
        orgs = {o.pk: o for o in organisations}
        if current_organisation is not None:
            orgs.setdefault(current_organisation.pk, current_organisation)
        self.organisations = orgs
        self.fields["organisation"].choices = [
            ("", _("Myself")),
            *[(str(pk), o.name) for pk, o in orgs.items()],
        ]
        self.fields["organisation"].required = False
        today = timezone.localdate()
        self.fields["expires_on"].help_text = _(
            "At most twelve months ahead. Year-month-day, e.g. %(date)s."
        ) % {"date": (today + datetime.timedelta(days=90)).isoformat()}
        self.fields["expires_on"].widget.attrs.update(
            {
                "min": (today + datetime.timedelta(days=1)).isoformat(),
                "max": latest_expiry(today).isoformat(),
            }
        )

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation")
        if not value:
            return None
        try:
            return self.organisations[int(value)]
        except (KeyError, ValueError) as error:
            raise ValidationError(
                _("Choose yourself or an organisation you are a member of.")
            ) from error

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        try:
            check_expiry(value)
        except ValidationError as error:
            raise ValidationError(error.message_dict["expires_on"]) from error
        return value

    @classmethod
    def initial_for(cls, need) -> dict:
        return {
            "kind": need.kind,
            "category": need.category,
            "title": need.title,
            "description": need.description,
            "themes": list(need.themes.all()),
            "counties": list(need.counties.all()),
            "sectors_sought": list(need.sectors_sought.all()),
            "organisation": str(need.organisation_id or ""),
            "expires_on": need.expires_on,
        }
