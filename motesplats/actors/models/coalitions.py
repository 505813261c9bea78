"""Coalitions and knowledge alliances: shared questions, members with roles, updates."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import CoalitionAccess, CoalitionRole, MembershipStatus
from motesplats.core.i18n import LocalizedProperty


class Coalition(models.Model):
    """Actors from several sectors working on a theme's questions together."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    theme = models.ForeignKey(
        "taxonomy.Theme",
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="coalitions",
    )
    purpose_sv = models.TextField(_("purpose (Swedish)"))
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    is_knowledge_alliance = models.BooleanField(
        _("knowledge alliance"),
        default=False,
        help_text=_("A cross-sector grouping that builds and shares knowledge."),
    )
    questions = models.ManyToManyField(
        "taxonomy.ThemeQuestion",
        verbose_name=_("the theme's questions it works on"),
        blank=True,
        related_name="coalitions",
    )
    access = models.CharField(
        _("membership"),
        max_length=12,
        choices=CoalitionAccess.choices,
        default=CoalitionAccess.APPLICATION,
    )
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coalitions",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    name = LocalizedProperty("name")
    purpose = LocalizedProperty("purpose")

    class Meta:
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")
        ordering = ["name_sv"]

    def __str__(self) -> str:
        return str(self.name)


class CoalitionQuestion(models.Model):
    """A question the coalition adds to its theme's."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="own_questions"
    )
    text_sv = models.CharField(_("question (Swedish)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    text = LocalizedProperty("text")

    class Meta:
        verbose_name = _("coalition question")
        verbose_name_plural = _("coalition questions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class CoalitionMember(models.Model):
    """An organisation or a person in a coalition, with a role."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coalition_memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coalition_memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=CoalitionRole.choices,
        default=CoalitionRole.MEMBER,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    message = models.TextField(_("application"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("coalition member")
        verbose_name_plural = _("coalition members")
        ordering = ["coalition", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, user__isnull=False)
                | Q(organisation__isnull=False, user__isnull=True),
                name="actors_coalition_member_is_org_or_person",
            ),
            models.UniqueConstraint(
                fields=["coalition", "organisation"],
                condition=Q(organisation__isnull=False),
                name="actors_one_coalition_membership_per_org",
            ),
            models.UniqueConstraint(
                fields=["coalition", "user"],
                condition=Q(user__isnull=False),
                name="actors_one_coalition_membership_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"member #{self.pk} of {self.coalition}"


class CoalitionUpdate(models.Model):
    """News from the coordinators to the coalition's followers."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    created_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("coalition update")
        verbose_name_plural = _("coalition updates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CoalitionDocument(models.Model):
    """A document the coalition shares (stored in the node's document collection)."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("coalition document")
        verbose_name_plural = _("coalition documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CoalitionFollow(models.Model):
    """A person who gets the coalition's updates by e-mail."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coalition_follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coalition follower")
        verbose_name_plural = _("coalition followers")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "user"], name="actors_one_follow_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"follow #{self.pk}"
