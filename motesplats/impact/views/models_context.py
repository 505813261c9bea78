"""What the model pages, the part forms and the guide share: finding a model the
viewer may see or change, turning a service's refusal into form errors, and the
plain-language reading of an indicator's progress and of what a model still lacks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from motesplats.impact.enums import EvidenceGrade, Level
from motesplats.impact.models import ImpactModel
from motesplats.impact.permissions import can_edit, can_view
from motesplats.impact.selectors import model_detail, steps_by_level

OUTCOME_LEVELS = (Level.OUTCOME, Level.IMPACT)
# The guided mode's steps: 1 what and who … 9 review and publish.
LAST_GUIDE_STEP = 9


def resume_step(model: ImpactModel) -> int:
    """Where the guide continues: the step after the furthest one saved."""
    return min(model.guided_step + 1, LAST_GUIDE_STEP)


def visible_model(request: HttpRequest, uuid) -> ImpactModel:
    """The model with everything its page shows; a draft is a 404 for everyone who
    may not edit it (a draft's existence is never revealed)."""
    model = model_detail(uuid)
    if model is None or not can_view(request.user, model):
        raise Http404
    return model


def editable_model(request: HttpRequest, uuid, *, detail: bool = False):
    """The model, for someone who may change it: a draft is a 404 for others, a
    published model a 403."""
    model = (
        model_detail(uuid) if detail else ImpactModel.objects.filter(uuid=uuid).first()
    )
    if model is None or not can_view(request.user, model):
        raise Http404
    if not can_edit(request.user, model):
        raise PermissionDenied
    return model


def apply_service(form, call) -> Any | None:
    """Run `call()`; on a refusal put its messages on `form` and return None.
    PermissionDenied goes on (a 403)."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return None


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- indicators -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    latest: Any  # the latest IndicatorValue, or None
    percent: Decimal | None  # share of the way from baseline to target, in per cent
    state: str  # "none", "unknown", "reached", "on_way" or "not_moving"


def progress_of(indicator) -> Progress:
    """How far the latest value has come from the baseline towards the target."""
    values = list(indicator.values.all())
    latest = values[-1] if values else None
    if latest is None:
        return Progress(None, None, "none")
    baseline, target = indicator.baseline, indicator.target
    if baseline is None or target is None or baseline == target:
        return Progress(latest, None, "unknown")
    share = (latest.value - baseline) / (target - baseline)
    percent = (share * 100).quantize(Decimal(1))
    if share >= 1:
        return Progress(latest, percent, "reached")
    if share > 0:
        return Progress(latest, percent, "on_way")
    return Progress(latest, percent, "not_moving")


def outcomes_of(model) -> list[dict]:
    """Outcome and impact steps with their indicators (and progress) and stories,
    from the prefetched model."""
    rows = []
    for level, _label, steps in steps_by_level(model):
        if level not in OUTCOME_LEVELS:
            continue
        for step in steps:
            rows.append(
                {
                    "step": step,
                    "indicators": [
                        {
                            "indicator": ind,
                            "values": list(ind.values.all()),
                            "progress": progress_of(ind),
                        }
                        for ind in step.indicators.all()
                    ],
                    "stories": list(step.stories.all()),
                }
            )
    return rows


# --- what is missing --------------------------------------------------------------------


def missing_parts(model) -> list[str]:
    """What the prefetched model still lacks, in plain words, most important first."""
    steps = list(model.steps.all())
    links = list(model.links.all())
    outcomes = [s for s in steps if s.level in OUTCOME_LEVELS]
    linked = {link.source_id for link in links} | {link.target_id for link in links}
    notes = []
    if not model.summary:
        notes.append(_("The model has no summary yet."))
    if not list(model.stakeholders.all()):
        notes.append(_("No stakeholders are named yet."))
    for level, text in (
        (Level.ACTIVITY, _("No activities are described yet.")),
        (Level.OUTPUT, _("No outputs are described yet.")),
    ):
        if not any(s.level == level for s in steps):
            notes.append(text)
    if not outcomes:
        notes.append(
            _("No outcomes are described yet: a model needs one to be published.")
        )
    if len(steps) > 1 and not links:
        notes.append(_("No steps are linked yet."))
    else:
        for step in steps:
            if step.pk not in linked and len(steps) > 1:
                notes.append(
                    _("“%(title)s” is not linked to any other step.")
                    % {"title": step.title}
                )
    for step in outcomes:
        if not list(step.indicators.all()):
            notes.append(
                _("The outcome “%(title)s” has no indicator.") % {"title": step.title}
            )
    for link in links:
        if link.evidence_grade == EvidenceGrade.NONE and not link.evidence:
            notes.append(
                _("The link from “%(source)s” to “%(target)s” has no evidence.")
                % {"source": link.source.title, "target": link.target.title}
            )
    for step in steps:
        for ind in step.indicators.all():
            if ind.baseline is None or ind.target is None:
                notes.append(
                    _("The indicator “%(name)s” lacks a baseline or a target.")
                    % {"name": ind.name}
                )
    return notes
