from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.core.uploads import clean_image_upload
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import AreaType, Region, SdgGoal, Sector, Theme

from .enums import EvidenceLevel, Maturity
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


# --- Members' submission of an innovation case -------------------------------------

# Which node reviews a case from a county, by county code: the node of the region.
# A node's own county always goes to that node; this covers the others.
NODE_BY_COUNTY = {
    **dict.fromkeys(["10", "12", "13", "07"], "malmo"),
    **dict.fromkeys(["05", "06", "08", "09", "14"], "jonkoping"),
    "25": "lulea",
    **dict.fromkeys(["22", "23", "24"], "umea"),
    **dict.fromkeys(["01", "03", "04", "17", "18", "19", "20", "21"], "orebro"),
}
TEXT_LIMITS = {"title": 200, "summary": 600, "need": 4000, "solution": 8000}
HTTP_URL = URLValidator(schemes=["http", "https"])


def node_for_county(county: Region | None, nodes: list[Node]) -> Node | None:
    """The node that reviews cases from `county`, among the active `nodes`."""
    if not nodes:
        return None
    if county is not None:
        for node in nodes:
            if node.county_id == county.pk:
                return node
        slug = NODE_BY_COUNTY.get(county.code)
        for node in nodes:
            if node.slug == slug:
                return node
    return nodes[0]


def _url_field(label, **kwargs) -> forms.URLField:
    return forms.URLField(
        label=label,
        max_length=200,
        assume_scheme="https",
        validators=[HTTP_URL],
        **kwargs,
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        empty_label=_("Choose a sector"),
    )


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(label=_("Title of the evaluation"), max_length=200)
    url = _url_field(_("Address (URL)"))


class BaseOrganisationFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Name at least one organisation behind the innovation."),
        "too_many_forms": _("Name at most %(num)d organisations."),
    }


class BaseEvidenceLinkFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("Add at most %(num)d evidence links."),
    }


OrganisationFormSet = forms.formset_factory(
    OrganisationForm,
    formset=BaseOrganisationFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
    absolute_max=12,
)
EvidenceLinkFormSet = forms.formset_factory(
    EvidenceLinkForm,
    formset=BaseEvidenceLinkFormSet,
    extra=2,
    max_num=10,
    validate_max=True,
    absolute_max=12,
)


class CheckboxGroup(forms.CheckboxSelectMultiple):
    template_name = "knowledge/widgets/checkbox_group.html"


class RadioGroup(forms.RadioSelect):
    template_name = "knowledge/widgets/radio_group.html"


class InnovationSubmissionForm(forms.Form):
    """What a member tells about an innovation case; the editors review it."""

    title = forms.CharField(
        label=_("Name of the innovation"), max_length=TEXT_LIMITS["title"]
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=TEXT_LIMITS["summary"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what it is and for whom."),
    )
    need = forms.CharField(
        label=_("The need or problem addressed"),
        max_length=TEXT_LIMITS["need"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    solution = forms.CharField(
        label=_("The solution"),
        max_length=TEXT_LIMITS["solution"],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("How it works. Leave an empty line between paragraphs."),
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Region.objects.all(),
        empty_label=_("Choose a county"),
    )
    municipality = forms.CharField(
        label=_("Municipality"), max_length=100, required=False
    )
    area_types = forms.ModelMultipleChoiceField(
        label=_("Urban or rural"),
        queryset=AreaType.objects.all(),
        required=False,
        widget=CheckboxGroup,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=CheckboxGroup,
    )
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("Agenda 2030 goals"),
        queryset=SdgGoal.objects.all(),
        required=False,
        widget=CheckboxGroup,
    )
    maturity = forms.ChoiceField(
        label=_("Maturity"), choices=Maturity.choices, widget=RadioGroup
    )
    year = forms.IntegerField(
        label=_("Year started"),
        required=False,
        min_value=1900,
        help_text=_("For example 2021."),
    )
    evidence_level = forms.ChoiceField(
        label=_("Evidence of effects"),
        choices=EvidenceLevel.choices,
        initial=EvidenceLevel.NONE,
        widget=RadioGroup,
    )
    contact_organisation = forms.CharField(
        label=_("Contact organisation"),
        max_length=200,
        help_text=_(
            "The organisation to contact about the innovation, never a private person."
        ),
    )
    website = _url_field(_("Website"), required=False)
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_(
            "Optional. JPEG, PNG or WebP, at most 5 MB. Location data and other "
            "metadata are removed."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    image_alt = forms.CharField(
        label=_("Image description (alt text)"),
        max_length=255,
        required=False,
        help_text=_(
            "Required with an image: what the image shows, for people who cannot see it."
        ),
    )
    image_caption = forms.CharField(
        label=_("Image caption"), max_length=250, required=False
    )
    node = forms.ModelChoiceField(
        label=_("Node that reviews the case"),
        queryset=Node.objects.none(),
        required=False,
        empty_label=_("The node for the county (recommended)"),
    )
    confirm = forms.BooleanField(
        label=_(
            "The organisations behind the innovation agree that it is published, and "
            "I may share the text and image."
        ),
    )

    field_order = [
        "title",
        "summary",
        "need",
        "solution",
        "county",
        "municipality",
        "area_types",
        "themes",
        "sdg_goals",
        "maturity",
        "year",
        "evidence_level",
        "contact_organisation",
        "website",
        "image",
        "image_alt",
        "image_caption",
        "node",
        "confirm",
    ]
    # The form template groups fields into fieldsets with these legends.
    sections = [
        (_("The innovation"), ["title", "summary", "need", "solution"]),
        (_("Where"), ["county", "municipality", "area_types"]),
        (_("Themes and goals"), ["themes", "sdg_goals"]),
        (_("Maturity and evidence"), ["maturity", "year", "evidence_level"]),
        (_("Contact"), ["contact_organisation", "website"]),
        (_("Image"), ["image", "image_alt", "image_caption"]),
        (_("Review"), ["node", "confirm"]),
    ]

    def __init__(self, *args, nodes: list[Node] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nodes = list(nodes or [])
        self.fields["node"].queryset = Node.objects.filter(
            pk__in=[n.pk for n in self.nodes]
        )
        self.fields["year"].validators.append(
            MaxValueValidator(timezone.localdate().year)
        )
        self.fields["themes"].queryset = Theme.objects.order_by("sort_order")

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names]) for legend, names in self.sections
        ]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return clean_image_upload(upload)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error(
                "image_alt",
                ValidationError(
                    _("Describe the image: what does it show?"), code="alt_required"
                ),
            )
        if not self.errors:
            cleaned["node"] = cleaned.get("node") or node_for_county(
                cleaned.get("county"), self.nodes
            )
            if cleaned["node"] is None:
                raise ValidationError(
                    _("No node can review cases right now. Please try again later.")
                )
        return cleaned
