"""Organisers' raffle forms: open a raffle, close applications early."""

from django import forms
from django.utils.translation import gettext_lazy as _

QUOTA_PREFIX = "quota_"


class RaffleOpenForm(forms.Form):
    """Places, closing time and a quota field per sector (zero means no quota)."""

    places = forms.IntegerField(
        label=_("Places to draw"),
        min_value=1,
        max_value=100_000,
        help_text=_("The number of people who get a place in the draw."),
        error_messages={
            "required": _("Give the number of places to draw."),
            "invalid": _("Write the number of places as a whole number, such as 40."),
            "min_value": _("Draw at least 1 place."),
        },
    )
    applications_close_at = forms.DateTimeField(
        label=_("Applications close"),
        help_text=_(
            "Date and time, for example 2026-05-04 12:00. Applications arriving "
            "later are not in the draw."
        ),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        error_messages={
            "required": _("Give the date and time when applications close."),
            "invalid": _("Write the date and time like this: 2026-05-04 12:00."),
        },
    )

    def __init__(self, *args, sectors=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sectors = list(sectors)
        for sector in self.sectors:
            self.fields[QUOTA_PREFIX + sector.slug] = forms.IntegerField(
                label=str(sector.name),
                min_value=0,
                max_value=100_000,
                required=False,
                initial=0,
                error_messages={
                    "invalid": _("Write the quota as a whole number, or 0 for none."),
                    "min_value": _("A quota cannot be below 0."),
                },
            )

    @property
    def quota_fields(self):
        return [self[QUOTA_PREFIX + sector.slug] for sector in self.sectors]

    @property
    def main_fields(self):
        return [self["places"], self["applications_close_at"]]

    def quotas(self) -> dict[str, int]:
        return {
            sector.slug: self.cleaned_data.get(QUOTA_PREFIX + sector.slug) or 0
            for sector in self.sectors
            if self.cleaned_data.get(QUOTA_PREFIX + sector.slug)
        }

    def clean(self):
        cleaned = super().clean()
        places = cleaned.get("places")
        if places and not any(
            name in self.errors for name in self.fields if name.startswith(QUOTA_PREFIX)
        ):
            total = sum(self.quotas().values())
            if total > places:
                self.add_error(
                    None,
                    _(
                        "The quotas add up to %(total)s places, more than the "
                        "%(places)s places in the raffle."
                    )
                    % {"total": total, "places": places},
                )
        return cleaned


class RaffleCloseForm(forms.Form):
    early = forms.BooleanField(
        label=_("Yes, close applications now, before the announced time"),
        required=False,
    )
