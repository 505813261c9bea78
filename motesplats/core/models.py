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

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        return self.search_description or ""
