"""University nodes: the record (Node) and its page in the tree (NodePage)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection
from wagtail.search import index

from motesplats.core.i18n import BilingualNameMixin, LocalizedProperty
from motesplats.core.models import BasePage


class CommentModeration(models.TextChoices):
    """When a comment on a node's pages becomes public."""

    PRE = "pre", _("Pre-moderation: an editor approves each comment first")
    POST = "post", _("Post-moderation: comments are published at once")


class Node(BilingualNameMixin):
    """A university node of the network, with its own editors and content."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    university_sv = models.CharField(_("university (Swedish)"), max_length=200)
    university_en = models.CharField(
        _("university (English)"), max_length=200, blank=True
    )
    city = models.CharField(_("city"), max_length=100)
    county = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    comment_moderation = models.CharField(
        _("moderation of comments"),
        max_length=4,
        choices=CommentModeration.choices,
        default=CommentModeration.PRE,
        help_text=_(
            "With pre-moderation an editor approves every comment before it is "
            "shown; with post-moderation comments are shown at once and editors "
            "review them afterwards. In both cases reported comments are reviewed."
        ),
    )
    editors_group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="node",
    )
    collection = models.OneToOneField(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="node",
    )

    university = LocalizedProperty("university")
    description = LocalizedProperty("description")

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_sv"), FieldPanel("name_en")], heading=_("Name")
        ),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("university_sv"), FieldPanel("university_en")],
            heading=_("University"),
        ),
        FieldPanel("city"),
        FieldPanel("county"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        FieldPanel("description_sv"),
        FieldPanel("description_en"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
        FieldPanel("comment_moderation"),
    ]

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["sort_order", "name_sv"]


class NodePage(BasePage):
    """A node's landing page; everything below it is edited by the node's editors."""

    node = models.ForeignKey(
        Node, verbose_name=_("node"), on_delete=models.PROTECT, related_name="pages"
    )
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*BasePage.content_panels, FieldPanel("node"), FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.NodeIndexPage"]
    subpage_types: list[str] = [
        "pages.StandardPage",
        "knowledge.InnovationPage",
        "knowledge.ArticlePage",
        "knowledge.ResourcePage",
        "knowledge.FilmPage",
        "knowledge.CollectionPage",
        "events.EventPage",
    ]
    template = "nodes/node_page.html"
    search_kind = "node"

    class Meta:
        verbose_name = _("node page")
        verbose_name_plural = _("node pages")

    def search_extra(self) -> dict:
        node = self.node
        if self.locale.language_code == "en":
            names = [node.name_en, node.university_en]
        else:
            names = [node.name_sv, node.university_sv]
        return {"node": node.slug, "keywords": " ".join(filter(None, names))}
