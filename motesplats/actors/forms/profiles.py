"""The member's profile form: each field with its own visibility, nothing public by
default; and the people directory's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import Visibility
from motesplats.actors.models import PROFILE_FIELDS
from motesplats.actors.selectors.organisations import organisations_for_profile
from motesplats.taxonomy.models import Region, Theme

# Languages people on the platform often work in (ISO 639-1), in Swedish order of use.
LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("se", _("Northern Sami")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("ti", _("Tigrinya")),
    ("bs", _("Bosnian")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("da", _("Danish")),
    ("no", _("Norwegian")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LANGUAGE_NAMES = dict(LANGUAGES)

VISIBILITY_LABELS = {
    "name": _("Who sees your name?"),
    "title": _("Who sees your title?"),
    "organisation": _("Who sees your organisation?"),
    "expertise": _("Who sees your expertise?"),
    "themes": _("Who sees your themes?"),
    "languages": _("Who sees your languages?"),
    "county": _("Who sees your county?"),
}


class ProfileForm(forms.Form):
    # Check boxes carry no help text: the shared field template shows none for them,
    # and a description pointing nowhere confuses screen readers. The page says it.
    is_listed = forms.BooleanField(
        label=_("Show me in the directory of people"), required=False
    )
    accepts_messages = forms.BooleanField(
        label=_("Members may send me messages through the platform"), required=False
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    title = forms.CharField(label=_("Title or role"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("Organisations you are a member of."),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you know and work on, in a few sentences."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True).order_by("sort_order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Region.objects.order_by("code"),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, user=None, profile=None, **kwargs):
        if profile is not None and "initial" not in kwargs:
            initial = {
                "is_listed": profile.is_listed,
                "accepts_messages": profile.accepts_messages,
                "name": profile.name,
                "title": profile.title,
                "organisation": profile.organisation_id,
                "expertise": profile.expertise,
                "themes": list(profile.themes.all()),
                "languages": profile.languages,
                "county": profile.county_id,
            }
            for name in PROFILE_FIELDS:
                initial[f"{name}_visibility"] = getattr(profile, f"{name}_visibility")
            kwargs["initial"] = initial
        elif "initial" not in kwargs:
            kwargs["initial"] = {"accepts_messages": True}
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for_profile(user)
        for name in PROFILE_FIELDS:
            self.fields[f"{name}_visibility"] = forms.ChoiceField(
                label=VISIBILITY_LABELS[name],
                choices=Visibility.choices,
                initial=Visibility.PRIVATE,
                widget=forms.RadioSelect,
            )

    def field_groups(self):
        """(field, its visibility field) pairs, in the page's order."""
        return [(self[name], self[f"{name}_visibility"]) for name in PROFILE_FIELDS]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())
