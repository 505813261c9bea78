"""Top-level pages: home, themes, node index, glossary, accessibility statement, standard."""

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from motesplats.actors.selectors.coalitions import (
    coalitions_count_for_theme,
    coalitions_for_theme,
)
from motesplats.actors.selectors.needs import needs_for_theme
from motesplats.core.blocks import SectionBlock
from motesplats.core.models import BasePage, HtmxPartialMixin
from motesplats.core.search import plain_text
from motesplats.knowledge.models import KnowledgeIndexPage
from motesplats.knowledge.selectors import knowledge_for_theme
from motesplats.nodes.models import NodePage
from motesplats.nodes.selectors import node_list
from motesplats.taxonomy.selectors import glossary_letters, glossary_search

from .blocks import StandardBodyBlock
from .follows.models import Digest, DigestSettings, Follow  # noqa: F401 -- app models


class HomePage(BasePage):
    """The front page of a language version of the site."""

    hero_heading = models.CharField(_("heading"), max_length=120)
    hero_text = models.TextField(_("introduction"))
    sections = StreamField(
        [("section", SectionBlock())], verbose_name=_("sections"), blank=True
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text")], heading=_("Hero")
        ),
        FieldPanel("sections"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "knowledge.KnowledgeIndexPage",
        "events.EventIndexPage",
        "pages.ThemeIndexPage",
        "pages.NodeIndexPage",
        "pages.GlossaryPage",
        "pages.AccessibilityStatementPage",
        "pages.StandardPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["theme_pages"] = (
            ThemePage.objects.live()
            .filter(locale=self.locale)
            .descendant_of(self)
            .select_related("theme")
            .order_by("theme__sort_order", "title")
        )
        context["node_pages"] = node_pages_in(self)
        return context


def node_pages_in(root: BasePage):
    return (
        NodePage.objects.live()
        .filter(locale=root.locale, node__in=node_list())
        .descendant_of(root)
        .select_related("node", "node__county")
        .order_by("node__sort_order", "title")
    )


class ThemeIndexPage(BasePage):
    """Lists the thematic areas."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ThemePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("theme index")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["theme_pages"] = (
            ThemePage.objects.live()
            .child_of(self)
            .select_related("theme")
            .prefetch_related("theme__questions")
            .order_by("theme__sort_order", "title")
        )
        return context


class ThemePage(BasePage):
    """Everything about one thematic area: its description and questions in focus."""

    theme = models.ForeignKey(
        "taxonomy.Theme",
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = RichTextField(
        _("editor's introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Optional text shown after the theme's description."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("theme"),
        FieldPanel("intro"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["pages.ThemeIndexPage"]
    subpage_types: list[str] = []
    search_kind = "theme"

    class Meta:
        verbose_name = _("theme page")

    def search_extra(self) -> dict:
        """The theme's description and its questions in focus, in the page's language."""
        english = self.locale.language_code == "en"
        theme = self.theme
        questions = [
            (q.text_en if english else "") or q.text_sv for q in theme.questions.all()
        ]
        return {
            "themes": (theme.slug,),
            "summary": (theme.description_en if english else "")
            or theme.description_sv,
            "body": " ".join([plain_text(self.intro), *questions]),
        }

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["questions"] = list(self.theme.questions.order_by("sort_order"))
        context["knowledge"] = knowledge_for_theme(
            locale=self.locale, theme_id=self.theme_id
        )
        context["knowledge_index"] = (
            KnowledgeIndexPage.objects.live().filter(locale=self.locale).first()
        )
        # Actors: a few of the theme's coalitions and open needs and offers.
        context["coalitions"] = coalitions_for_theme(theme_id=self.theme_id)
        context["coalition_count"] = coalitions_count_for_theme(theme_id=self.theme_id)
        context["needs_offers"], context["needs_offers_count"] = needs_for_theme(
            theme_id=self.theme_id
        )
        return context


class NodeIndexPage(BasePage):
    """Lists the university nodes."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["nodes.NodePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("node index")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["node_pages"] = node_pages_in(self)
        return context


class GlossaryPage(HtmxPartialMixin, BasePage):
    """The field's glossary in Swedish and English, searchable and browsable A–Ö."""

    # htmx asks for the results and the new count only.
    htmx_partial = "htmx_response"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("glossary page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "")[:100]
        letter = request.GET.get("letter", "")[:1]
        all_terms = glossary_search()
        terms = (
            glossary_search(query=query, letter=letter)
            if (query or letter)
            else all_terms
        )
        context.update(
            {
                "query": query,
                "letter": letter.upper(),
                "terms": terms,
                "letters": glossary_letters(all_terms),
                "total": len(all_terms),
            }
        )
        return context


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityStatementPage(BasePage):
    """The accessibility statement the law on digital public services asks for."""

    organisation = models.CharField(_("organisation responsible"), max_length=200)
    intro = models.TextField(_("introduction"))
    compliance_status = models.CharField(
        _("compliance status"), max_length=10, choices=ComplianceStatus.choices
    )
    compliance_text = models.TextField(_("compliance statement"))
    feedback_text = models.TextField(_("feedback and requests"))
    feedback_email = models.EmailField(_("feedback e-mail"))
    enforcement_text = models.TextField(_("enforcement procedure"))
    enforcement_url = models.URLField(
        _("supervisory authority's report form"),
        default="https://www.digg.se/tdosanmalan",
    )
    method_text = models.TextField(_("how we assessed the site"))
    assessed_on = models.DateField(_("date of assessment"))
    statement_updated_on = models.DateField(_("statement last updated"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("organisation"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("compliance_status"), FieldPanel("compliance_text")],
            heading=_("Compliance"),
        ),
        InlinePanel("issues", label=_("Known accessibility problems")),
        MultiFieldPanel(
            [FieldPanel("feedback_text"), FieldPanel("feedback_email")],
            heading=_("Feedback"),
        ),
        MultiFieldPanel(
            [FieldPanel("enforcement_text"), FieldPanel("enforcement_url")],
            heading=_("Supervision"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("method_text"),
                FieldPanel("assessed_on"),
                FieldPanel("statement_updated_on"),
            ],
            heading=_("Assessment"),
        ),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")


class AccessibilityIssue(Orderable):
    """A known accessibility problem, with the WCAG criterion and our plan."""

    page = ParentalKey(
        AccessibilityStatementPage, on_delete=models.CASCADE, related_name="issues"
    )
    criterion = models.CharField(_("WCAG success criterion"), max_length=10)
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"))
    plan = models.TextField(_("what we are doing about it"), blank=True)

    panels = [
        FieldPanel("criterion"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("plan"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("known problem")


class StandardPage(BasePage):
    """A plain content page: about, privacy, contact."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=False,
        help_text=_("For pages like privacy and contact."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*BasePage.promote_panels, FieldPanel("show_in_footer")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["pages.HomePage", "nodes.NodePage", "pages.StandardPage"]
    search_kind = "page"

    class Meta:
        verbose_name = _("standard page")
