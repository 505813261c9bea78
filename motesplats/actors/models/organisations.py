"""Organisations: actors from every sector, proposed by anyone, approved by editors."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import (
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.core.i18n import LocalizedProperty


class Organisation(models.Model):
    """A public, private, civil-society or academic actor. Holds no personal data:
    its contact route is a public address or web form, never a person's own."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("Ten digits, e.g. 556677-8899."),
    )
    sector = models.ForeignKey(
        "taxonomy.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    county = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="organisations",
    )
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(
        _("public contact e-mail"),
        blank=True,
        help_text=_("A shared address such as info@…, never a person's own."),
    )
    contact_url = models.URLField(_("contact page"), blank=True)
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PROPOSED,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_organisations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    description = LocalizedProperty("description")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # One live organisation per number; merged and rejected ones keep theirs.
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number="") & Q(status__in=["proposed", "approved"]),
                name="actors_org_number_unique_live",
            ),
        ]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == OrganisationStatus.APPROVED


class OrganisationMembership(models.Model):
    """A person's tie to an organisation: asked for, then approved by its admins."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=OrganisationRole.choices,
        default=OrganisationRole.MEMBER,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    message = models.TextField(_("message to the administrators"), blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["organisation", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="actors_one_membership_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organisation}"
