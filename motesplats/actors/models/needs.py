"""Needs and offers: what actors look for and what they can give."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import NeedOfferCategory, NeedOfferKind, NeedOfferStatus


class NeedOffer(models.Model):
    """A need ("we need a partner who …") or an offer, with an expiry.

    Posted by a member, for an organisation they belong to or for themselves;
    answers go through platform messages (`Message.regarding`).
    """

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=NeedOfferKind.choices)
    category = models.CharField(
        _("category"), max_length=12, choices=NeedOfferCategory.choices
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), related_name="needs_offers"
    )
    counties = models.ManyToManyField(
        "taxonomy.Region",
        verbose_name=_("counties"),
        blank=True,
        related_name="needs_offers",
        help_text=_("Leave empty for the whole country."),
    )
    sectors_sought = models.ManyToManyField(
        "taxonomy.Sector",
        verbose_name=_("sectors you want to reach"),
        blank=True,
        related_name="needs_offers",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs_offers",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="needs_offers",
    )
    expires_on = models.DateField(_("open until"))
    status = models.CharField(
        _("status"),
        max_length=6,
        choices=NeedOfferStatus.choices,
        default=NeedOfferStatus.OPEN,
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return self.title
