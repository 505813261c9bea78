"""Harvest from peers: the sources editors register, what was imported from each, and
a log of every run.

Harvested content is editorial (no personal data); nothing here links to a user.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    MOTESPLATS_API = "motesplats_api", _("Another Mötesplats (API v1)")
    FEED = "feed", _("RSS or Atom feed")


class PeerSource(models.Model):
    """Somewhere content is harvested from, and where it goes here."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Shown on harvested pages: “Hämtat från …”."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    base_url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_(
            "For another Mötesplats: the site's address, e.g. https://example.org. "
            "For a feed: the feed's address."
        ),
    )
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("node it harvests into"),
        on_delete=models.PROTECT,
        related_name="peer_sources",
        help_text=_("Harvested items are published below this node's page."),
    )
    remote_node = models.SlugField(
        _("only this node of the peer"),
        max_length=60,
        blank=True,
        help_text=_("For another Mötesplats: harvest only this node (its slug)."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
    )
    active = models.BooleanField(_("active"), default=True)
    # Harvest state, kept by the harvester.
    watermark = models.DateTimeField(
        _("changes seen up to"),
        null=True,
        blank=True,
        help_text=_("The next run asks for what changed since then."),
    )
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_full_pass_at = models.DateTimeField(_("last full pass"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(
        _("failures in a row"), default=0
    )
    next_attempt_at = models.DateTimeField(
        _("next attempt not before"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HarvestedItem(models.Model):
    """One remote item and the local page it became."""

    source = models.ForeignKey(
        PeerSource,
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    remote_id = models.CharField(_("remote id"), max_length=500)
    remote_url = models.URLField(_("remote address"), max_length=1000, blank=True)
    remote_node = models.CharField(_("remote node"), max_length=200, blank=True)
    remote_updated_at = models.DateTimeField(_("changed remotely"), null=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The revision the harvester last wrote: any later one is a local edit.
    revision_id = models.PositiveBigIntegerField(_("revision written"), null=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    locally_edited = models.BooleanField(_("edited here"), default=False)
    deleted_remotely_at = models.DateTimeField(
        _("gone remotely"), null=True, blank=True
    )
    harvested_at = models.DateTimeField(_("harvested"), auto_now=True)

    class Meta:
        verbose_name = _("harvested item")
        verbose_name_plural = _("harvested items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "remote_id"], name="api_harvested_item_unique"
            )
        ]
        indexes = [models.Index(fields=["page"], name="api_harvested_item_page")]

    def __str__(self) -> str:
        return f"{self.source}: {self.remote_id}"


class HarvestRun(models.Model):
    """One run over one source: what it fetched and did, or why it failed."""

    source = models.ForeignKey(
        PeerSource,
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="runs",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True)
    full_pass = models.BooleanField(_("full pass"), default=False)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_local_edit = models.PositiveIntegerField(
        _("skipped (edited here)"), default=0
    )
    invalid = models.PositiveIntegerField(_("invalid items"), default=0)
    deleted = models.PositiveIntegerField(_("unpublished (gone remotely)"), default=0)
    error = models.TextField(_("error"), blank=True)
    messages = models.TextField(_("messages"), blank=True)

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool:
        return self.finished_at is not None and not self.error
