"""Writes on impact models: the model, its theory of change, evidence and SROI map.

Every write checks that the actor may edit the model (`permissions.can_edit`), runs in
one transaction and is logged. Refusals raise `ImpactError` with a message for the
person; nothing is saved then.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.actors.permissions import (
    is_coordinator,
    is_member,
    is_organisation_admin,
)
from motesplats.core.audit import log_action
from motesplats.impact.enums import LEVEL_RANK, ModelStatus
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    ImpactModel,
    Indicator,
    IndicatorValue,
    SroiAnalysis,
    SroiInvestment,
    SroiOutcomeLine,
    Stakeholder,
    Story,
)
from motesplats.impact.permissions import can_edit, is_impact_editor

MODEL_FIELDS = (
    "title",
    "summary",
    "language",
    "organisation",
    "coalition",
    "innovation",
    "node",
    "period_start",
    "period_end",
)


class ImpactError(ValidationError):
    """A refused action, with a message for the person."""


def _require_editor(user: Any, model: ImpactModel) -> None:
    if not can_edit(user, model):
        raise PermissionDenied


def _check_subject(user: Any, fields: Mapping[str, Any]) -> None:
    """A member may attach a model only to what they speak for."""
    subjects = [k for k in ("innovation", "organisation", "coalition") if fields.get(k)]
    if len(subjects) > 1:
        raise ImpactError(
            _("Choose one: an innovation case, an organisation or a coalition.")
        )
    if is_impact_editor(user) or not subjects:
        return
    subject = fields[subjects[0]]
    if subjects[0] == "organisation" and is_organisation_admin(user, subject):
        return
    if subjects[0] == "coalition" and is_coordinator(user, subject):
        return
    if subjects[0] == "innovation":
        raise ImpactError(
            _("Only the network's editors link impact models to innovation cases.")
        )
    raise ImpactError(
        _(
            "You can only link a model to an organisation you administer or a "
            "coalition you coordinate."
        )
    )


def _check_period(fields: Mapping[str, Any]) -> None:
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        raise ImpactError(_("The reporting period must end after it starts."))


@transaction.atomic
def impact_model_create(
    *, user: Any, title: str, themes: Iterable[Any] = (), **fields: Any
) -> ImpactModel:
    if not is_member(user):
        raise PermissionDenied
    unknown = set(fields) - set(MODEL_FIELDS) - {"guided_step"}
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    if not title.strip():
        raise ImpactError(_("Give the model a title."))
    _check_subject(user, fields)
    _check_period(fields)
    model = ImpactModel.objects.create(title=title.strip(), created_by=user, **fields)
    model.themes.set(themes)
    log_action(action="impact.model.create", actor=user, obj=model)
    return model


@transaction.atomic
def impact_model_update(
    *, user: Any, model: ImpactModel, themes: Iterable[Any] | None = None, **fields: Any
) -> ImpactModel:
    _require_editor(user, model)
    unknown = set(fields) - set(MODEL_FIELDS) - {"guided_step"}
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    merged = {k: getattr(model, k) for k in ("innovation", "organisation", "coalition")}
    merged.update({k: v for k, v in fields.items() if k in merged})
    changed_subject = any(
        getattr(model, f"{k}_id") != (v.pk if v else None)
        for k, v in fields.items()
        if k in ("innovation", "organisation", "coalition")
    )
    if changed_subject:
        _check_subject(user, merged)
    _check_period(
        {**{k: getattr(model, k) for k in ("period_start", "period_end")}, **fields}
    )
    if "title" in fields and not str(fields["title"]).strip():
        raise ImpactError(_("Give the model a title."))
    if "guided_step" in fields:
        fields["guided_step"] = max(model.guided_step, fields["guided_step"])
    for name, value in fields.items():
        setattr(model, name, value)
    model.save()
    if themes is not None:
        model.themes.set(themes)
    log_action(action="impact.model.update", actor=user, obj=model)
    return model


@transaction.atomic
def impact_model_publish(
    *, user: Any, model: ImpactModel, publish: bool = True
) -> None:
    _require_editor(user, model)
    if publish:
        if not model.steps.filter(level="outcome").exists():
            raise ImpactError(
                _("Describe at least one outcome before publishing the model.")
            )
        model.status = ModelStatus.PUBLISHED
        model.published_at = model.published_at or timezone.now()
    else:
        model.status = ModelStatus.DRAFT
    model.save(update_fields=["status", "published_at", "updated_at"])
    log_action(
        action="impact.model.publish" if publish else "impact.model.unpublish",
        actor=user,
        obj=model,
    )


@transaction.atomic
def impact_model_delete(*, user: Any, model: ImpactModel) -> None:
    _require_editor(user, model)
    log_action(action="impact.model.delete", actor=user, obj=model)
    model.delete()


# --- theory of change ------------------------------------------------------------------


def _touch(model: ImpactModel) -> None:
    ImpactModel.objects.filter(pk=model.pk).update(updated_at=timezone.now())


@transaction.atomic
def stakeholder_save(
    *, user: Any, model: ImpactModel, stakeholder: Stakeholder | None = None, **fields
) -> Stakeholder:
    _require_editor(user, model)
    if stakeholder is None:
        stakeholder = Stakeholder(model=model)
    elif stakeholder.model_id != model.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(stakeholder, name, value)
    stakeholder.full_clean()
    stakeholder.save()
    _touch(model)
    log_action(action="impact.stakeholder.save", actor=user, obj=stakeholder)
    return stakeholder


@transaction.atomic
def step_save(
    *, user: Any, model: ImpactModel, step: ChangeStep | None = None, **fields
) -> ChangeStep:
    _require_editor(user, model)
    if step is None:
        step = ChangeStep(model=model)
    elif step.model_id != model.pk:
        raise PermissionDenied
    stakeholder = fields.get("stakeholder")
    if stakeholder is not None and stakeholder.model_id != model.pk:
        raise ImpactError(_("Choose a stakeholder of this model."))
    for name, value in fields.items():
        setattr(step, name, value)
    step.full_clean()
    if step.pk:
        # A step that changes level must keep every link pointing forwards.
        for link in step.links_out.select_related("target"):
            _check_direction(step, link.target)
        for link in step.links_in.select_related("source"):
            _check_direction(link.source, step)
    step.save()
    _touch(model)
    log_action(action="impact.step.save", actor=user, obj=step)
    return step


def _check_direction(source: ChangeStep, target: ChangeStep) -> None:
    if LEVEL_RANK[target.level] < LEVEL_RANK[source.level]:
        raise ImpactError(
            _(
                "“%(source)s” (%(source_level)s) cannot lead back to “%(target)s” "
                "(%(target_level)s): a theory of change reads from inputs to impact."
            )
            % {
                "source": source.title,
                "source_level": source.get_level_display(),
                "target": target.title,
                "target_level": target.get_level_display(),
            }
        )


def _reaches(
    model: ImpactModel, start: int, goal: int, *, without: int | None = None
) -> bool:
    """Whether the links (but the link `without`) already lead from step `start` to
    step `goal`."""
    edges: dict[int, list[int]] = {}
    links = ChangeLink.objects.filter(model=model)
    if without is not None:
        links = links.exclude(pk=without)
    for source, target in links.values_list("source_id", "target_id"):
        edges.setdefault(source, []).append(target)
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node in seen:
            continue
        seen.add(node)
        todo.extend(edges.get(node, ()))
    return False


@transaction.atomic
def link_save(
    *,
    user: Any,
    model: ImpactModel,
    source: ChangeStep,
    target: ChangeStep,
    link: ChangeLink | None = None,
    **fields: Any,
) -> ChangeLink:
    _require_editor(user, model)
    # Lock the model row: two links added at once must not close a cycle together.
    ImpactModel.objects.select_for_update().filter(pk=model.pk).first()
    if source.model_id != model.pk or target.model_id != model.pk:
        raise ImpactError(_("Both steps must belong to this model."))
    if link is not None and link.model_id != model.pk:
        raise PermissionDenied
    if source.pk == target.pk:
        raise ImpactError(_("A step cannot lead to itself."))
    _check_direction(source, target)
    moved = link is None or (link.source_id, link.target_id) != (source.pk, target.pk)
    if moved:
        duplicate = ChangeLink.objects.filter(source=source, target=target)
        if link is not None:
            duplicate = duplicate.exclude(pk=link.pk)
        if duplicate.exists():
            raise ImpactError(_("These two steps are already linked."))
        # A link that moves no longer counts where it was.
        if _reaches(model, target.pk, source.pk, without=link.pk if link else None):
            raise ImpactError(
                _(
                    "This link would make a circle: “%(target)s” already leads to "
                    "“%(source)s”."
                )
                % {"target": target.title, "source": source.title}
            )
    if link is None:
        link = ChangeLink(model=model)
    link.source, link.target = source, target
    for name, value in fields.items():
        setattr(link, name, value)
    link.full_clean(exclude=["model", "source", "target"])
    link.save()
    _touch(model)
    log_action(action="impact.link.save", actor=user, obj=link)
    return link


@transaction.atomic
def part_delete(*, user: Any, model: ImpactModel, part: Any) -> None:
    """Delete a stakeholder, step, link, indicator, value or story of the model."""
    _require_editor(user, model)
    if _model_id_of(part) != model.pk:
        raise PermissionDenied
    log_action(action=f"impact.{part._meta.model_name}.delete", actor=user, obj=part)
    part.delete()
    _touch(model)


def _model_id_of(part: Any) -> int:
    if isinstance(part, Stakeholder | ChangeStep | ChangeLink):
        return part.model_id
    if isinstance(part, Indicator | Story):
        return part.step.model_id
    if isinstance(part, IndicatorValue):
        return part.indicator.step.model_id
    raise TypeError(f"not a part of an impact model: {part!r}")


# --- evidence --------------------------------------------------------------------------


def _own_step(model: ImpactModel, step: ChangeStep) -> None:
    if step.model_id != model.pk:
        raise ImpactError(_("Choose a step of this model."))


@transaction.atomic
def indicator_save(
    *,
    user: Any,
    model: ImpactModel,
    step: ChangeStep,
    indicator: Indicator | None = None,
    **fields: Any,
) -> Indicator:
    _require_editor(user, model)
    _own_step(model, step)
    if indicator is not None and indicator.step.model_id != model.pk:
        raise PermissionDenied
    indicator = indicator or Indicator()
    indicator.step = step
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    _touch(model)
    log_action(action="impact.indicator.save", actor=user, obj=indicator)
    return indicator


@transaction.atomic
def indicator_value_record(
    *, user: Any, model: ImpactModel, indicator: Indicator, **fields: Any
) -> IndicatorValue:
    """Record the value for a period; a second value for the same period replaces it."""
    _require_editor(user, model)
    if indicator.step.model_id != model.pk:
        raise PermissionDenied
    start, end = fields["period_start"], fields["period_end"]
    if end < start:
        raise ImpactError(_("The period must end after it starts."))
    IndicatorValue(indicator=indicator, **fields).clean_fields(exclude=["indicator"])
    value, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period_start=start,
        period_end=end,
        defaults={"value": fields["value"], "note": fields.get("note", "")},
    )
    _touch(model)
    log_action(action="impact.indicator_value.record", actor=user, obj=value)
    return value


@transaction.atomic
def story_record(
    *,
    user: Any,
    model: ImpactModel,
    step: ChangeStep,
    consent: bool,
    story: Story | None = None,
    **fields: Any,
) -> Story:
    """A story is stored only with the teller's consent, recorded with its date,
    method and the version of the consent text they agreed to. Given `story`, that
    story is changed (its recorder stays who recorded it)."""
    _require_editor(user, model)
    _own_step(model, step)
    if story is not None and story.step.model_id != model.pk:
        raise PermissionDenied
    if not consent:
        raise ImpactError(
            _("A story can only be saved when the person who told it has agreed.")
        )
    if story is None:
        story = Story(recorded_by=user)
    story.step = step
    for name, value in fields.items():
        setattr(story, name, value)
    story.full_clean()
    if story.consent_given_on > timezone.localdate():
        raise ImpactError(_("The date of consent cannot be in the future."))
    story.save()
    _touch(model)
    log_action(action="impact.story.record", actor=user, obj=story)
    return story


# --- SROI ------------------------------------------------------------------------------


@transaction.atomic
def sroi_save(
    *,
    user: Any,
    model: ImpactModel,
    settings: Mapping[str, Any],
    investments: Iterable[Mapping[str, Any]],
    outcomes: Iterable[Mapping[str, Any]],
) -> SroiAnalysis:
    """Replace the model's SROI value map; refused (nothing saved) when the
    calculator refuses the map."""
    _require_editor(user, model)
    analysis, _created = SroiAnalysis.objects.select_for_update().get_or_create(
        model=model
    )
    for name, value in settings.items():
        setattr(analysis, name, value)
    analysis.full_clean(exclude=["model"])
    analysis.save()
    analysis.investments.all().delete()
    analysis.outcomes.all().delete()
    SroiInvestment.objects.bulk_create(
        SroiInvestment(analysis=analysis, **row) for row in investments
    )
    lines = []
    for order, row in enumerate(outcomes):
        step = row.get("step")
        if step is not None:
            _own_step(model, step)
        lines.append(SroiOutcomeLine(analysis=analysis, sort_order=order, **row))
    SroiOutcomeLine.objects.bulk_create(lines)
    try:
        analysis.as_input()
    except ValueError as error:
        raise ImpactError(str(error)) from error
    _touch(model)
    log_action(action="impact.sroi.save", actor=user, obj=analysis)
    return analysis
