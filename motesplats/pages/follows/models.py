"""Follows and e-mail digests: what a member follows, how often they hear about it,
and one outbox row per digest so that sending survives a crash or a mail-server outage."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowKind(models.TextChoices):
    THEME = "theme", _("Theme")
    NODE = "node", _("Node")
    COALITION = "coalition", _("Coalition")
    EVENT = "event", _("Event")
    SEARCH = "search", _("Search")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Follow(models.Model):
    """A member follows one thing. `key` is language-independent: a theme's or node's
    slug, a coalition's UUID, an event's translation key, a normalised search query."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=FollowKind.choices)
    key = models.CharField(_("key"), max_length=200)
    label = models.CharField(_("label"), max_length=200)
    # Event follows: the highest session id already told about (sessions carry no
    # creation time), moved on with the digest that reported them.
    seen_session_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="pages_one_follow_per_thing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"


class DigestSettings(models.Model):
    """How often a member gets the digest, in which language, and up to when the
    digests they were sent cover (the watermark)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_settings",
    )
    frequency = models.CharField(
        _("e-mail frequency"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    language = models.CharField(_("language"), max_length=8, default="sv")
    covered_until = models.DateTimeField(_("covered until"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"digest settings #{self.pk}"


class Digest(models.Model):
    """The outbox record of one digest: the window it covers and whether it went.

    Unique per member and window end, so two runs at once cannot both send it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a run last took this digest on; a pending digest claimed long ago belongs
    # to a run that crashed, and the next run takes it over.
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period_end"], name="pages_one_digest_per_window"
            )
        ]
        indexes = [models.Index(fields=["status", "sent_at"])]

    def __str__(self) -> str:
        return f"digest #{self.pk}"


# Registered here: the pages app's AppConfig belongs to the page models, and these
# handlers must exist whenever the models do.
from .gdpr import register_handler  # noqa: E402 -- needs the classes above

register_handler()
