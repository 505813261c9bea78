"""Forms for organisations: the directory's filters, a proposal, the page's edit form,
asking to join and the admins' answers."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import OrganisationRole
from motesplats.actors.validators import normalize_org_number
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Region, Sector, Theme

MAX_QUERY = 100


def parse_filters(params, allowed) -> dict[str, list[str]]:
    """The facet values asked for that exist; anything else is left out."""
    return {
        key: sorted({v for v in params.getlist(key) if v in values})
        for key, values in allowed.items()
        if params.getlist(key)
    }


# Control characters (NUL among them, which PostgreSQL refuses in text) never belong
# in a search; they are dropped rather than passed on to the database.
_CONTROLS = dict.fromkeys(range(32), " ")


def parse_query(params) -> str:
    text = (params.get("q") or "").translate(_CONTROLS)
    return " ".join(text.split())[:MAX_QUERY]


class _OrganisationFields(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.order_by("sort_order"),
        empty_label=_("Choose a sector"),
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Region.objects.order_by("code"),
        required=False,
        empty_label=_("Choose a county"),
    )
    municipality = forms.CharField(
        label=_("Municipality"), max_length=100, required=False
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.se"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True).order_by("sort_order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description_sv = forms.CharField(
        label=_("Description in Swedish"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_email = forms.EmailField(
        label=_("Public contact e-mail"),
        required=False,
        help_text=_("A shared address such as info@…, never a person's own."),
    )
    contact_url = forms.URLField(
        label=_("Contact page"), required=False, assume_scheme="https"
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise ValidationError(_("Write the organisation's name."))
        return name


class OrganisationProposeForm(_OrganisationFields):
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_(
            "Ten digits, e.g. 556677-8899. Leave empty if the organisation has none."
        ),
    )
    node = forms.ModelChoiceField(
        label=_("Nearest node"),
        queryset=Node.objects.filter(is_active=True).order_by("sort_order"),
        required=False,
        empty_label=_("No preference"),
    )
    confirm_similar = forms.BooleanField(
        label=_(
            "I have checked the similar names: my organisation is not one of them."
        ),
        required=False,
    )

    field_order = [
        "name",
        "org_number",
        "sector",
        "county",
        "municipality",
        "website",
        "themes",
        "description_sv",
        "description_en",
        "contact_email",
        "contact_url",
        "node",
    ]

    def clean_org_number(self) -> str:
        value = self.cleaned_data.get("org_number", "")
        if not value.strip():
            return ""
        return normalize_org_number(value)


class OrganisationEditForm(_OrganisationFields):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    logo_alt = forms.CharField(
        label=_("Text describing the logo"),
        required=False,
        max_length=200,
        help_text=_("Read out by screen readers, e.g. “The association's logo”."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": organisation.name,
                "sector": organisation.sector_id,
                "county": organisation.county_id,
                "municipality": organisation.municipality,
                "website": organisation.website,
                "themes": list(organisation.themes.all()),
                "description_sv": organisation.description_sv,
                "description_en": organisation.description_en,
                "contact_email": organisation.contact_email,
                "contact_url": organisation.contact_url,
            }
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget = forms.FileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        )
        if organisation is None or not organisation.logo_id:
            del self.fields["remove_logo"]


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: say what you do in the organisation."),
    )


DECISIONS = (("approve", _("Approve")), ("decline", _("Decline")))


class MembershipDecisionForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(choices=DECISIONS)


class MembershipRoleForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.choices)


class MembershipRemoveForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
