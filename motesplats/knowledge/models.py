"""The knowledge bank: innovation cases, articles, resources and films.

All kinds share the concrete `KnowledgePage`, so one query lists and filters every kind.
Items live below their node's page, which gives the node's editors the right to edit
them; `node` is copied from the tree on save so listings can filter without tree joins.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from motesplats.core.blocks import BodyBlock
from motesplats.core.models import BasePage, HtmxPartialMixin
from motesplats.nodes.selectors import node_for_page

from .enums import ArticleType, EvidenceLevel, KnowledgeKind, Maturity, ResourceType

KNOWLEDGE_PARENTS = ["nodes.NodePage"]


class KnowledgePage(BasePage):
    """Shared fields of every item in the knowledge bank."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=KnowledgeKind.choices,
        editable=False,
        db_index=True,
    )
    summary = models.TextField(_("summary"), max_length=600)
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("node"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="knowledge_pages",
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), blank=True
    )
    sdg_goals = ParentalManyToManyField(
        "taxonomy.SdgGoal", verbose_name=_("Agenda 2030 goals"), blank=True
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, db_index=True
    )

    KIND = ""
    search_fields = [*BasePage.search_fields, index.SearchField("summary")]
    taxonomy_panels = [
        FieldPanel("themes"),
        FieldPanel("sdg_goals"),
        FieldPanel("year"),
    ]
    is_creatable = False

    class Meta:
        verbose_name = _("knowledge item")

    def get_context(self, request, *args, **kwargs) -> dict:
        from .selectors import knowledge_related  # noqa: PLC0415 -- selectors import models

        context = super().get_context(request, *args, **kwargs)
        context["related"] = knowledge_related(page=self)
        return context

    @property
    def search_kind(self) -> str:
        return self.KIND or self.kind

    def search_extra(self) -> dict:
        """Node, themes and the names of places and organisations, for search."""
        themes = list(self.themes.all())
        text = [t.name for t in themes]
        for name in ("municipality", "research_and_partners", "contact_organisation"):
            text.append(getattr(self, name, "") or "")
        # Where it is from: its own county, and the node that publishes it.
        county = getattr(self, "county", None)
        if county:
            text.append(county.name)
        if self.node_id:
            text += [self.node.name_sv, self.node.name_en]
            if self.node.county_id:
                text.append(self.node.county.name)
        organisations = getattr(self, "organisations", None)
        if organisations is not None:
            text.extend(o.name for o in organisations.all())
        values = {
            "node": self.node.slug if self.node_id else "",
            "themes": tuple(t.slug for t in themes),
            "keywords": " ".join(filter(None, text)),
        }
        if self.year:  # the year it started or appeared, not when it was put online
            values["date"] = datetime.date(self.year, 1, 1)
        return values

    def save(self, *args, **kwargs):
        self.kind = self.KIND or self.kind
        # The tree sets `path` before the first save; the nearest node page above wins.
        if self.path:
            self.node = node_for_page(self) or self.node
        return super().save(*args, **kwargs)


class InnovationPage(KnowledgePage):
    """A social innovation: the need, the solution, who is behind it and what it achieves."""

    need = models.TextField(_("the need or problem addressed"))
    solution = RichTextField(
        _("the solution"), features=["bold", "italic", "link", "ol", "ul"]
    )
    county = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    area_types = ParentalManyToManyField(
        "taxonomy.AreaType", verbose_name=_("urban or rural"), blank=True
    )
    maturity = models.CharField(_("maturity"), max_length=20, choices=Maturity.choices)
    evidence_level = models.CharField(
        _("evidence of effects"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.NONE,
    )
    contact_organisation = models.CharField(
        _("contact (an organisation)"),
        max_length=200,
        help_text=_("An organisation, never a private person."),
    )
    website = models.URLField(_("website"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The image's description is its alt text: say what the image shows."
        ),
    )
    image_caption = models.CharField(_("image caption"), max_length=250, blank=True)
    # Who sent the case in through the public form; credited by display name once
    # published. Cut (SET_NULL) when the member's data is erased.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_innovations",
    )

    KIND = KnowledgeKind.INNOVATION
    is_creatable = True
    parent_page_types = KNOWLEDGE_PARENTS
    subpage_types: list[str] = []
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("need"),
        index.SearchField("solution"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("need"),
        FieldPanel("solution"),
        InlinePanel("organisations", label=_("Who is behind it"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("county"),
                FieldPanel("municipality"),
                FieldPanel("area_types"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("maturity"), FieldPanel("evidence_level")],
            heading=_("Maturity"),
        ),
        InlinePanel("evidence_links", label=_("Evidence of effects")),
        *KnowledgePage.taxonomy_panels,
        MultiFieldPanel(
            [FieldPanel("contact_organisation"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_caption")], heading=_("Image")
        ),
        FieldPanel("submitted_by", read_only=True),
    ]

    class Meta:
        verbose_name = _("innovation case")
        verbose_name_plural = _("innovation cases")

    def clean(self) -> None:
        super().clean()
        # Case images carry information: a decorative (empty) alt text is not allowed.
        if self.image_id and not (self.image.description or "").strip():
            raise ValidationError(
                {
                    "image": _(
                        "The image has no description. Add one to the image: it is "
                        "read out as the alt text to people who cannot see it."
                    )
                }
            )

    def published_impact_models(self):
        """The impact models published about this case in any language (a model links
        to one translation; the reverse relation gives the model class, so knowledge
        does not import impact)."""
        return self.impact_models.model.objects.filter(
            innovation__translation_key=self.translation_key, status="published"
        )

    @property
    def credit_name(self) -> str:
        """The submitter's public name: display name or full name, never the e-mail."""
        user = self.submitted_by
        if user is None:
            return ""
        return (
            user.display_name or f"{user.first_name} {user.last_name}".strip()
        ).strip()


class InnovationOrganisation(Orderable):
    """An organisation behind an innovation, with its sector."""

    page = ParentalKey(
        InnovationPage, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("organisation"), max_length=200)
    sector = models.ForeignKey(
        "taxonomy.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("sector")]


class InnovationEvidenceLink(Orderable):
    """A link to an evaluation or other evidence of an innovation's effects."""

    page = ParentalKey(
        InnovationPage, on_delete=models.CASCADE, related_name="evidence_links"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))

    panels = [FieldPanel("title"), FieldPanel("url")]


class ArticlePage(KnowledgePage):
    """News, an interview or a report from an event."""

    article_type = models.CharField(
        _("type of article"), max_length=20, choices=ArticleType.choices
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    KIND = KnowledgeKind.ARTICLE
    is_creatable = True
    parent_page_types = KNOWLEDGE_PARENTS
    subpage_types: list[str] = []
    search_fields = [*KnowledgePage.search_fields, index.SearchField("body")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("article_type"),
        FieldPanel("summary"),
        FieldPanel("body"),
        *KnowledgePage.taxonomy_panels,
    ]

    class Meta:
        verbose_name = _("article")


class ResourcePage(KnowledgePage):
    """A handbook, report, white paper or guide, with its document."""

    resource_type = models.CharField(
        _("type of resource"), max_length=20, choices=ResourceType.choices
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    table_of_contents = models.TextField(
        _("table of contents"), blank=True, help_text=_("One chapter per line.")
    )

    KIND = KnowledgeKind.RESOURCE
    is_creatable = True
    parent_page_types = KNOWLEDGE_PARENTS
    subpage_types: list[str] = []
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("table_of_contents"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("table_of_contents"),
        *KnowledgePage.taxonomy_panels,
    ]

    class Meta:
        verbose_name = _("resource")

    @property
    def chapters(self) -> list[str]:
        return [
            line.strip() for line in self.table_of_contents.splitlines() if line.strip()
        ]


class FilmPage(KnowledgePage):
    """A short film; captions or a transcript are required."""

    video_url = models.URLField(_("video address"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    captions_url = models.URLField(_("captions file (WebVTT)"), blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    research_and_partners = models.TextField(
        _("research and partners shown"), blank=True
    )

    KIND = KnowledgeKind.FILM
    is_creatable = True
    parent_page_types = KNOWLEDGE_PARENTS
    subpage_types: list[str] = []
    search_fields = [*KnowledgePage.search_fields, index.SearchField("transcript")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("video_url"),
        FieldPanel("duration_minutes"),
        FieldPanel("captions_url"),
        FieldPanel("transcript"),
        FieldPanel("research_and_partners"),
        *KnowledgePage.taxonomy_panels,
    ]

    class Meta:
        verbose_name = _("film")

    def clean(self) -> None:
        super().clean()
        if not self.captions_url and not self.transcript.strip():
            raise ValidationError(
                {
                    "transcript": _(
                        "Add captions or a transcript: a film without them shuts out "
                        "people who cannot hear it."
                    )
                }
            )


class KnowledgeIndexPage(HtmxPartialMixin, BasePage):
    """The knowledge bank: every item, with faceted filters, sorting and pages."""

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 20
    htmx_partial = "browser"

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["knowledge.CollectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("knowledge bank")

    def get_context(self, request, *args, **kwargs) -> dict:
        from django.core.paginator import Paginator  # noqa: PLC0415 -- light, local use

        from .forms import SORT_LABELS, parse_filters  # noqa: PLC0415 -- forms import models
        from .selectors import knowledge_browse  # noqa: PLC0415 -- selectors import models

        context = super().get_context(request, *args, **kwargs)
        selected, sort = parse_filters(request.GET)
        items, facets = knowledge_browse(
            locale=self.locale, selected=selected, sort=sort
        )
        page = Paginator(items, self.per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "facets": facets,
                "items": page,
                "sort": sort,
                "sort_options": list(SORT_LABELS.items()),
                "filter_query": query.urlencode(),
                "has_filters": bool(selected),
            }
        )
        return context


class CollectionPage(BasePage):
    """A curated, ordered selection, e.g. "100 social innovations, edition 2017"."""

    edition = models.CharField(_("edition"), max_length=100, blank=True)
    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "link", "ol", "ul"]
    )
    selection_criteria = models.TextField(
        _("selection criteria"), blank=True, help_text=_("One criterion per line.")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("edition"),
        FieldPanel("intro"),
        FieldPanel("selection_criteria"),
        InlinePanel("items", label=_("Items"), min_num=1),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage", *KNOWLEDGE_PARENTS]
    subpage_types: list[str] = []

    search_kind = "collection"

    class Meta:
        verbose_name = _("collection")

    def search_extra(self) -> dict:
        from motesplats.core.search import plain_text  # noqa: PLC0415 -- optional use

        node = node_for_page(self)
        return {
            "node": node.slug if node else "",
            "summary": plain_text(self.intro),
            "body": self.selection_criteria,
            "keywords": self.edition,
        }

    @property
    def criteria(self) -> list[str]:
        return [
            line.strip()
            for line in self.selection_criteria.splitlines()
            if line.strip()
        ]

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # Only live items, in the editor's order, with what the cards show.
        context["entries"] = [
            entry
            for entry in self.items.select_related("item", "item__node").order_by(
                "sort_order"
            )
            if entry.item.live
        ]
        return context


class CollectionItem(Orderable):
    """One item of a collection, in its place."""

    page = ParentalKey(CollectionPage, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        KnowledgePage,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("why it is here"), max_length=300, blank=True)

    panels = [FieldPanel("item"), FieldPanel("note")]
