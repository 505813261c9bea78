"""Reads of impact models, scoped to what the viewer may see and prefetched."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from motesplats.actors.enums import CoalitionRole, MembershipStatus, OrganisationRole
from motesplats.actors.permissions import is_member
from motesplats.impact.enums import LEVEL_RANK, Level, ModelStatus
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    FinancialProxy,
    ImpactModel,
    Indicator,
    SroiAnalysis,
)
from motesplats.impact.permissions import is_impact_editor


def published_models() -> QuerySet[ImpactModel]:
    return (
        ImpactModel.objects.filter(status=ModelStatus.PUBLISHED)
        .select_related("organisation", "coalition", "innovation", "node")
        .prefetch_related("themes")
        .order_by("-published_at", "pk")
    )


def models_editable_by(user: Any) -> QuerySet[ImpactModel]:
    """The models a member may change: their own, their organisations' (as admin),
    their coalitions' (as coordinator); every model for the platform's editors."""
    if not is_member(user):
        return ImpactModel.objects.none()
    models = ImpactModel.objects.select_related(
        "organisation", "coalition", "innovation"
    ).order_by("-updated_at", "pk")
    if is_impact_editor(user):
        return models
    return models.filter(
        Q(created_by=user)
        | Q(
            organisation__memberships__user=user,
            organisation__memberships__role=OrganisationRole.ADMIN,
            organisation__memberships__status=MembershipStatus.ACTIVE,
        )
        | Q(
            coalition__members__user=user,
            coalition__members__role=CoalitionRole.COORDINATOR,
            coalition__members__status=MembershipStatus.ACTIVE,
        )
    ).distinct()


def model_detail(uuid) -> ImpactModel | None:
    """One model with everything its page and report show, in a fixed number of
    queries whatever its size."""
    steps = ChangeStep.objects.select_related("stakeholder").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
        "stories",
    )
    return (
        ImpactModel.objects.select_related(
            "organisation", "coalition", "innovation", "node", "created_by"
        )
        .prefetch_related(
            "themes",
            "stakeholders",
            Prefetch("steps", queryset=steps),
            Prefetch(
                "links",
                queryset=ChangeLink.objects.select_related("source", "target"),
            ),
            Prefetch(
                "sroi",
                queryset=SroiAnalysis.objects.prefetch_related(
                    "investments", "outcomes__proxy"
                ),
            ),
        )
        .filter(uuid=uuid)
        .first()
    )


def steps_by_level(model: ImpactModel) -> list[tuple[str, str, list[ChangeStep]]]:
    """The model's steps grouped in causal order: (level, label, steps)."""
    steps = sorted(
        model.steps.all(), key=lambda s: (LEVEL_RANK[s.level], s.sort_order, s.pk)
    )
    return [
        (level, label, [s for s in steps if s.level == level])
        for level, label in Level.choices
    ]


def sroi_of(model: ImpactModel) -> SroiAnalysis | None:
    try:
        return model.sroi
    except SroiAnalysis.DoesNotExist:
        return None


def proxy_library(*, q: str = "", theme: Any = None) -> QuerySet[FinancialProxy]:
    proxies = FinancialProxy.objects.filter(is_published=True).prefetch_related(
        "themes"
    )
    if q:
        proxies = proxies.filter(
            Q(name_sv__icontains=q)
            | Q(name_en__icontains=q)
            | Q(description_sv__icontains=q)
            | Q(description_en__icontains=q)
            | Q(source__icontains=q)
        )
    if theme is not None:
        proxies = proxies.filter(themes=theme)
    return proxies.order_by("name_sv", "pk")
