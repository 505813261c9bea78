"""Technical base shared by every app: the audit log and the abstract base page."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, and when."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # "user #<id>" while the account exists; "deleted user" once it is erased.
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class HtmxPartialMixin:
    """A page that answers htmx requests with one partial of its own template.

    Without JavaScript the same URL renders the whole page; `base.html` loads htmx only
    on pages that set `uses_htmx`, and the response varies on the HX-Request header so
    caches keep the two apart.
    """

    htmx_partial = ""

    def get_template(self, request, *args, **kwargs) -> str:
        template = super().get_template(request, *args, **kwargs)
        if getattr(request, "htmx", False) and self.htmx_partial:
            return f"{template}#{self.htmx_partial}"
        return template

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["uses_htmx"] = True
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class BasePage(Page):
    """Abstract base for every page type: shared SEO and listing conventions."""

    show_in_menus_default = False
    # Pages with a kind are found by the site search ("innovation", "theme" ...).
    search_kind = ""

    class Meta:
        abstract = True

    def search_documents(self) -> list:
        """This page as a search document; none while it is not live."""
        from .search.documents import SearchDocument, page_text  # noqa: PLC0415

        if not self.search_kind or not self.live:
            return []
        from django.utils import translation  # noqa: PLC0415

        summary, body = page_text(self)
        when = self.first_published_at or self.last_published_at
        # Bilingual records (themes, counties) give their names in the page's language.
        with translation.override(self.locale.language_code):
            extra = self.search_extra()
        values = {
            "summary": summary,
            "body": body,
            "date": when.date() if when else None,
            **extra,
        }
        return [
            SearchDocument(
                language=self.locale.language_code,
                kind=self.search_kind,
                title=self.title,
                url=self.get_url() or "",
                **values,
            )
        ]

    def search_extra(self) -> dict:
        """Facet values (node, themes), `keywords` (searched, never shown) and any
        other `SearchDocument` field that replaces what the search fields give."""
        return {}

    def get_meta_description(self) -> str:
        return self.search_description or ""


class SearchEntry(models.Model):
    """One searchable document: a published page or record in one language.

    Filled by `motesplats.core.search` from each object's `search_documents()`. The
    `*_terms` columns hold analysed text (see `search/text.py`); the database's own
    full-text index is built on them by migration: an FTS5 table on SQLite; on
    PostgreSQL, a GIN-indexed `tsvector` in the narrow table `core_searchentry_match`
    kept in step by triggers, and a generated one of title and summary here.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    # Short columns first: SQLite reads a row's columns in order, so facet counts over
    # many rows never step over the long texts below.
    language = models.CharField(max_length=10)
    kind = models.CharField(max_length=30)
    node = models.CharField(max_length=100, blank=True)
    themes = models.CharField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    title_terms = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    body = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="core_searchentry_unique_object_language",
            )
        ]
        indexes = [
            models.Index(fields=["language", "kind"]),
            # Each process's facet table reads the entries changed since its last read.
            models.Index(fields=["updated_at"], name="core_searchentry_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class SearchTerm(models.Model):
    """The vocabulary of the index: for compound matching and did-you-mean."""

    language = models.CharField(max_length=10)
    term = models.CharField(max_length=60, db_index=True)
    # `term` backwards, so "ends with" becomes an indexed "starts with".
    reversed_term = models.CharField(max_length=60, db_index=True)
    # A readable form of the word (with å, ä, ö) for suggestions.
    display = models.CharField(max_length=60)
    document_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "term"], name="core_searchterm_unique"
            )
        ]

    def __str__(self) -> str:
        return self.term
