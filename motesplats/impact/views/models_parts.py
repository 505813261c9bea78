"""The parts of an impact model: add, edit and delete stakeholders, steps, links,
indicators and stories, and record an indicator's value for a period.

One table (`PARTS`) says, per kind, which form, which rows and which service; the
guided mode uses the same table through `save_part`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited
from motesplats.impact import services
from motesplats.impact.forms.models_parts import (
    STORY_CONSENT_VERSION,
    IndicatorForm,
    IndicatorValueForm,
    LinkForm,
    StakeholderForm,
    StepForm,
    StoryForm,
)
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    Indicator,
    IndicatorValue,
    Stakeholder,
    Story,
)
from motesplats.impact.views.models_context import (
    apply_service,
    editable_model,
    safe_next,
)


@dataclass(frozen=True)
class PartKind:
    form: type | None
    rows: Callable[[Any], QuerySet]
    save: Callable[..., Any] | None
    add_title: Promise
    edit_title: Promise
    delete_title: Promise
    intro: Promise


def _save_stakeholder(*, user, model, part, data):
    return services.stakeholder_save(user=user, model=model, stakeholder=part, **data)


def _save_step(*, user, model, part, data):
    return services.step_save(user=user, model=model, step=part, **data)


def _save_link(*, user, model, part, data):
    return services.link_save(user=user, model=model, link=part, **data)


def _save_indicator(*, user, model, part, data):
    return services.indicator_save(user=user, model=model, indicator=part, **data)


def _save_story(*, user, model, part, data):
    return services.story_record(user=user, model=model, story=part, **data)


PARTS: dict[str, PartKind] = {
    "stakeholder": PartKind(
        form=StakeholderForm,
        rows=lambda m: Stakeholder.objects.filter(model=m),
        save=_save_stakeholder,
        add_title=gettext_lazy("Add a stakeholder"),
        edit_title=gettext_lazy("Edit the stakeholder"),
        delete_title=gettext_lazy("Delete the stakeholder"),
        intro=gettext_lazy(
            "The groups who experience the change, and those who help bring it about."
        ),
    ),
    "step": PartKind(
        form=StepForm,
        rows=lambda m: ChangeStep.objects.filter(model=m),
        save=_save_step,
        add_title=gettext_lazy("Add a step"),
        edit_title=gettext_lazy("Edit the step"),
        delete_title=gettext_lazy("Delete the step"),
        intro=gettext_lazy(
            "A step is one box of the theory of change: something put in, done, "
            "produced or changed."
        ),
    ),
    "link": PartKind(
        form=LinkForm,
        rows=lambda m: ChangeLink.objects.filter(model=m).select_related(
            "source", "target"
        ),
        save=_save_link,
        add_title=gettext_lazy("Link two steps"),
        edit_title=gettext_lazy("Edit the link"),
        delete_title=gettext_lazy("Delete the link"),
        intro=gettext_lazy(
            "A link says that one step leads to another. Write the assumption that "
            "makes it so, and what backs it."
        ),
    ),
    "indicator": PartKind(
        form=IndicatorForm,
        rows=lambda m: Indicator.objects.filter(step__model=m).select_related("step"),
        save=_save_indicator,
        add_title=gettext_lazy("Add an indicator"),
        edit_title=gettext_lazy("Edit the indicator"),
        delete_title=gettext_lazy("Delete the indicator"),
        intro=gettext_lazy(
            "An indicator is what you measure to see whether a step happens."
        ),
    ),
    "story": PartKind(
        form=StoryForm,
        rows=lambda m: Story.objects.filter(step__model=m).select_related("step"),
        save=_save_story,
        add_title=gettext_lazy("Add a story"),
        edit_title=gettext_lazy("Edit the story"),
        delete_title=gettext_lazy("Delete the story"),
        intro=gettext_lazy(
            "A story shows a change in one person’s life, told with their consent."
        ),
    ),
    "value": PartKind(
        form=None,
        rows=lambda m: IndicatorValue.objects.filter(
            indicator__step__model=m
        ).select_related("indicator"),
        save=None,
        add_title=gettext_lazy("Record a value"),
        edit_title=gettext_lazy("Record a value"),
        delete_title=gettext_lazy("Delete the measured value"),
        intro=gettext_lazy("A measured value of an indicator for one period."),
    ),
}


def _kind(kind: str) -> PartKind:
    if kind not in PARTS:
        raise Http404
    return PARTS[kind]


def _part(model, kind: str, pk: int):
    part = _kind(kind).rows(model).filter(pk=pk).first()
    if part is None:
        raise Http404
    return part


def make_form(kind: str, model, data=None, part=None, **extra):
    spec = _kind(kind)
    initial = spec.form.initial_for(part) if part is not None and data is None else None
    return spec.form(data, model=model, initial=initial, **extra)


def save_part(request, model, kind: str, form, part=None):
    """Validate `form` and save through the kind's service; None on any error."""
    if not form.is_valid():
        return None
    spec = _kind(kind)
    return apply_service(
        form,
        lambda: spec.save(
            user=request.user, model=model, part=part, data=form.service_fields()
        ),
    )


def _detail(model, anchor: str = "") -> str:
    url = reverse("impact:model_detail", kwargs={"uuid": model.uuid})
    return f"{url}#{anchor}" if anchor else url


ANCHORS = {
    "stakeholder": "stakeholders",
    "step": "theory-of-change",
    "link": "links",
    "indicator": "outcomes",
    "story": "outcomes",
    "value": "outcomes",
}


def _form_page(request, model, kind, form, part, status):
    spec = _kind(kind)
    return render(
        request,
        "impact/models/part_form.html",
        {
            "model": model,
            "kind": kind,
            "part": part,
            "form": form,
            "heading": spec.edit_title if part is not None else spec.add_title,
            "intro": spec.intro,
            "consent_version": STORY_CONSENT_VERSION,
            "cancel_url": _detail(model, ANCHORS[kind]),
            "errors": error_summary(form) if request.method == "POST" else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("impact_model_part")
def part_add_view(request: HttpRequest, uuid, kind: str) -> HttpResponse:
    model = editable_model(request, uuid)
    if _kind(kind).form is None:
        raise Http404
    if request.method == "POST":
        form = make_form(kind, model, request.POST)
        if save_part(request, model, kind, form) is not None:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(_detail(model, ANCHORS[kind]))
        return _form_page(request, model, kind, form, None, 400)
    initial = {}
    if kind == "step" and request.GET.get("level"):
        initial["level"] = request.GET["level"]
    form = _kind(kind).form(model=model, initial=initial)
    return _form_page(request, model, kind, form, None, 200)


@login_required
@require_http_methods(["GET", "POST"])
def part_edit_view(request: HttpRequest, uuid, kind: str, pk: int) -> HttpResponse:
    model = editable_model(request, uuid)
    if _kind(kind).form is None:
        raise Http404
    part = _part(model, kind, pk)
    if request.method == "POST":
        form = make_form(kind, model, request.POST, part)
        if save_part(request, model, kind, form, part) is not None:
            messages.success(request, _("The changes are saved."))
            return HttpResponseRedirect(_detail(model, ANCHORS[kind]))
        return _form_page(request, model, kind, form, part, 400)
    return _form_page(
        request, model, kind, make_form(kind, model, part=part), part, 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def part_delete_view(request: HttpRequest, uuid, kind: str, pk: int) -> HttpResponse:
    model = editable_model(request, uuid)
    part = _part(model, kind, pk)
    back = safe_next(request, _detail(model, ANCHORS[kind]))
    if request.method == "POST":
        services.part_delete(user=request.user, model=model, part=part)
        messages.success(request, _("Deleted."))
        return HttpResponseRedirect(back)
    return render(
        request,
        "impact/models/part_delete.html",
        {
            "model": model,
            "kind": kind,
            "part": part,
            "heading": _kind(kind).delete_title,
            "next": back,
            "cancel_url": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("impact_model_part")
def value_add_view(request: HttpRequest, uuid, pk: int) -> HttpResponse:
    model = editable_model(request, uuid)
    indicator = _part(model, "indicator", pk)
    form = IndicatorValueForm(
        request.POST if request.method == "POST" else None, model=model
    )
    if request.method == "POST" and form.is_valid():
        saved = apply_service(
            form,
            lambda: services.indicator_value_record(
                user=request.user,
                model=model,
                indicator=indicator,
                **form.service_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The value is recorded."))
            return HttpResponseRedirect(_detail(model, "outcomes"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "impact/models/value_form.html",
        {
            "model": model,
            "indicator": indicator,
            "values": list(indicator.values.all()),
            "form": form,
            "cancel_url": _detail(model, "outcomes"),
            "errors": error_summary(form) if request.method == "POST" else [],
        },
        status=status,
    )
