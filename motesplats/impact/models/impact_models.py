"""An impact model: what a case, organisation or coalition wants to change, and how.

The theory of change is a directed acyclic graph: steps (inputs, activities, outputs,
outcomes, impact) joined by links, each link carrying its assumption, the evidence for
it and an evidence grade. The content is written by members in one language
(`language`), so it is stored as plain text, not as Swedish/English pairs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.impact.enums import (
    ContentLanguage,
    EvidenceGrade,
    Level,
    ModelStatus,
    StakeholderKind,
)


class ImpactModel(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("In a few sentences: the problem, what you do, what changes."),
    )
    language = models.CharField(
        _("written in"),
        max_length=2,
        choices=ContentLanguage.choices,
        default=ContentLanguage.SV,
    )
    # What the model is about: at most one of an innovation case, an organisation or a
    # coalition (a draft may have none yet).
    innovation = models.ForeignKey(
        "knowledge.InnovationPage",
        verbose_name=_("innovation case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_models",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_models",
    )
    coalition = models.ForeignKey(
        "actors.Coalition",
        verbose_name=_("coalition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_models",
    )
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_models",
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="impact_models",
    )
    period_start = models.DateField(_("reporting period from"), null=True, blank=True)
    period_end = models.DateField(_("reporting period to"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ModelStatus.choices,
        default=ModelStatus.DRAFT,
    )
    # The furthest step of the guided mode the model has reached (0 = not started).
    guided_step = models.PositiveSmallIntegerField(_("guided step"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_models",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("impact model")
        verbose_name_plural = _("impact models")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="impact_model_one_subject",
                condition=(
                    Q(organisation__isnull=True, coalition__isnull=True)
                    | Q(innovation__isnull=True, coalition__isnull=True)
                    | Q(innovation__isnull=True, organisation__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="impact_model_period_order",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self):
        return self.innovation or self.organisation or self.coalition

    @property
    def is_published(self) -> bool:
        return self.status == ModelStatus.PUBLISHED


class Stakeholder(models.Model):
    model = models.ForeignKey(
        ImpactModel, on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("stakeholder"), max_length=200)
    description = models.TextField(
        _("who they are"),
        blank=True,
        help_text=_("Describe the group, not individuals: age, situation, how many."),
    )
    kind = models.CharField(
        _("role"),
        max_length=12,
        choices=StakeholderKind.choices,
        default=StakeholderKind.BENEFICIAL,
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ChangeStep(models.Model):
    """One box of the theory of change."""

    model = models.ForeignKey(
        ImpactModel, on_delete=models.CASCADE, related_name="steps"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class ChangeLink(models.Model):
    """ "This step leads to that one", with the assumption that makes it so."""

    model = models.ForeignKey(
        ImpactModel, on_delete=models.CASCADE, related_name="links"
    )
    source = models.ForeignKey(
        ChangeStep,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="links_out",
    )
    target = models.ForeignKey(
        ChangeStep,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="links_in",
    )
    assumption = models.TextField(
        _("assumption"),
        blank=True,
        help_text=_("What must hold for the first step to lead to the second?"),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows that the assumption holds: studies, data, experience."),
    )
    evidence_url = models.URLField(_("link to the evidence"), blank=True)
    evidence_grade = models.CharField(
        _("evidence grade"),
        max_length=12,
        choices=EvidenceGrade.choices,
        default=EvidenceGrade.NONE,
    )

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="impact_link_once"
            ),
            models.CheckConstraint(
                name="impact_link_not_to_itself",
                condition=~Q(source=models.F("target")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
