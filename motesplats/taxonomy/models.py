"""Shared vocabulary: themes, Agenda 2030 goals, sectors, counties, area types, glossary.

Each term stores Swedish and English side by side, so one row serves both languages,
the API and every app that tags content with it.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from motesplats.core.i18n import BilingualNameMixin, LocalizedProperty


class Theme(BilingualNameMixin, ClusterableModel):
    """A thematic area the network works in, with its questions and needs in focus."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description_sv = models.TextField(_("description (Swedish)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive themes stay on old content only."),
    )

    description = LocalizedProperty("description")

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_sv"), FieldPanel("name_en")], heading=_("Name")
        ),
        FieldPanel("slug"),
        FieldPanel("description_sv"),
        FieldPanel("description_en"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
        InlinePanel("questions", label=_("Questions and needs in focus"), min_num=1),
    ]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name_sv"]


class ThemeQuestion(Orderable):
    """A question or need in focus within a theme."""

    theme = ParentalKey(Theme, on_delete=models.CASCADE, related_name="questions")
    text_sv = models.CharField(_("question (Swedish)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)

    text = LocalizedProperty("text")

    panels = [FieldPanel("text_sv"), FieldPanel("text_en")]

    class Meta(Orderable.Meta):
        verbose_name = _("question in focus")
        verbose_name_plural = _("questions in focus")

    def __str__(self) -> str:
        return str(self.text)


class SdgGoal(BilingualNameMixin):
    """One of the 17 goals of the 2030 Agenda."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )

    panels = [FieldPanel("number"), FieldPanel("name_sv"), FieldPanel("name_en")]

    class Meta:
        verbose_name = _("Agenda 2030 goal")
        verbose_name_plural = _("Agenda 2030 goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Sector(BilingualNameMixin):
    """A societal sector an actor belongs to: public, private, civil society, academia."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    description = LocalizedProperty("description")

    panels = [
        FieldPanel("name_sv"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description_sv"),
        FieldPanel("description_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "name_sv"]


class Region(BilingualNameMixin):
    """A Swedish county (län), with its official codes."""

    code = models.CharField(
        _("county code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("Two digits, e.g. 12."))],
    )
    letter = models.CharField(_("county letter"), max_length=2)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    seat = models.CharField(_("county seat"), max_length=60)

    panels = [
        FieldPanel("name_sv"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("letter"),
        FieldPanel("iso_code"),
        FieldPanel("seat"),
    ]

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]


class AreaType(BilingualNameMixin):
    """Urban or rural: where an initiative works."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name_sv"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("area type")
        verbose_name_plural = _("area types")
        ordering = ["sort_order", "name_sv"]


class GlossaryTerm(index.Indexed, models.Model):
    """A term of the field with a plain definition in Swedish and English."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    term_sv = models.CharField(_("term (Swedish)"), max_length=150)
    term_en = models.CharField(_("term (English)"), max_length=150, blank=True)
    definition_sv = models.TextField(_("definition (Swedish)"))
    definition_en = models.TextField(_("definition (English)"), blank=True)
    source = models.CharField(
        _("origin"),
        max_length=200,
        blank=True,
        help_text=_("Where the concept or its Swedish use comes from, if known."),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="glossary_terms")

    term = LocalizedProperty("term")
    definition = LocalizedProperty("definition")

    search_fields = [
        index.SearchField("term_sv"),
        index.SearchField("term_en"),
        index.SearchField("definition_sv"),
        index.SearchField("definition_en"),
        index.AutocompleteField("term_sv"),
        index.AutocompleteField("term_en"),
    ]

    panels = [
        FieldPanel("term_sv"),
        FieldPanel("term_en"),
        FieldPanel("slug"),
        FieldPanel("definition_sv"),
        FieldPanel("definition_en"),
        FieldPanel("source"),
        FieldPanel("themes"),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term_sv"]

    def __str__(self) -> str:
        return str(self.term)
