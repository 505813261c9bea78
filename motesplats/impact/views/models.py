"""Impact models: the hub, the published list, the member's own, one model's page,
and creating, editing, publishing and deleting a model. Thin: a form or a selector,
one service, a template. Forms with errors come back with status 400."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motesplats.actors.permissions import is_member
from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited
from motesplats.impact.forms.models import ImpactModelForm
from motesplats.impact.permissions import can_edit
from motesplats.impact.reports import subject_of
from motesplats.impact.selectors import models_editable_by, published_models
from motesplats.impact.services import (
    impact_model_create,
    impact_model_delete,
    impact_model_publish,
    impact_model_update,
)
from motesplats.impact.views.models_context import (
    apply_service,
    editable_model,
    missing_parts,
    outcomes_of,
    resume_step,
    safe_next,
    visible_model,
)
from motesplats.taxonomy.models import Theme

PER_PAGE = 20
SUBJECT_FILTERS = {
    "organisation": "organisation__isnull",
    "coalition": "coalition__isnull",
    "innovation": "innovation__isnull",
}


def detail_url(model) -> str:
    return reverse("impact:model_detail", kwargs={"uuid": model.uuid})


@require_GET
def hub_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "impact/hub.html",
        {
            "published_count": published_models().count(),
            "my_count": models_editable_by(request.user).count()
            if is_member(request.user)
            else 0,
        },
    )


@require_GET
def model_list_view(request: HttpRequest) -> HttpResponse:
    themes = list(Theme.objects.filter(is_active=True).order_by("sort_order"))
    theme = next((t for t in themes if t.slug == request.GET.get("theme")), None)
    subject = request.GET.get("subject", "")
    if subject not in SUBJECT_FILTERS:
        subject = ""
    models = published_models()
    if theme is not None:
        models = models.filter(themes=theme)
    if subject:
        models = models.filter(**{SUBJECT_FILTERS[subject]: False})
    page = Paginator(models, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode(
        [
            (k, v)
            for k, v in (("theme", theme and theme.slug), ("subject", subject))
            if v
        ]
    )
    unknown = bool(request.GET.get("theme") and theme is None) or bool(
        request.GET.get("subject") and not subject
    )
    return render(
        request,
        "impact/models/list.html",
        {
            "page_obj": page,
            "items": [(m, subject_of(m)) for m in page.object_list],
            "themes": themes,
            "theme": theme,
            "subject": subject,
            "query": query,
            "filter_errors": [
                _("One of the chosen filters does not exist; it was left out.")
            ]
            if unknown
            else [],
        },
    )


@login_required
@require_GET
def my_models_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "impact/models/mine.html",
        {"items": [(m, resume_step(m)) for m in models_editable_by(request.user)]},
    )


@require_GET
def model_detail_view(request: HttpRequest, uuid) -> HttpResponse:
    model = visible_model(request, uuid)
    editable = can_edit(request.user, model)
    return render(
        request,
        "impact/models/detail.html",
        {
            "model": model,
            "subject": subject_of(model),
            "outcomes": outcomes_of(model),
            "can_edit": editable,
            "missing": missing_parts(model) if editable else [],
        },
    )


def _form_page(request, form, model, status):
    return render(
        request,
        "impact/models/form.html",
        {
            "form": form,
            "model": model,
            "errors": error_summary(form) if request.method == "POST" else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("impact_model_create")
def model_create_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ImpactModelForm(request.POST, user=request.user)
        if form.is_valid():
            fields, themes = form.service_fields()
            model = apply_service(
                form,
                lambda: impact_model_create(
                    user=request.user, themes=themes or (), **fields
                ),
            )
            if model is not None:
                messages.success(
                    request,
                    _("“%(title)s” is saved as a draft.") % {"title": model.title},
                )
                return HttpResponseRedirect(detail_url(model))
        return _form_page(request, form, None, 400)
    return _form_page(request, ImpactModelForm(user=request.user), None, 200)


@login_required
@require_http_methods(["GET", "POST"])
def model_edit_view(request: HttpRequest, uuid) -> HttpResponse:
    model = editable_model(request, uuid)
    if request.method == "POST":
        form = ImpactModelForm(request.POST, user=request.user, model=model)
        if form.is_valid():
            fields, themes = form.service_fields()
            saved = apply_service(
                form,
                lambda: impact_model_update(
                    user=request.user, model=model, themes=themes, **fields
                ),
            )
            if saved is not None:
                messages.success(request, _("The changes are saved."))
                return HttpResponseRedirect(detail_url(model))
        return _form_page(request, form, model, 400)
    form = ImpactModelForm(
        user=request.user, model=model, initial=ImpactModelForm.initial_for(model)
    )
    return _form_page(request, form, model, 200)


@login_required
@require_POST
def model_publish_view(request: HttpRequest, uuid) -> HttpResponse:
    model = editable_model(request, uuid)
    publish = request.POST.get("publish") == "1"
    back = safe_next(request, detail_url(model))
    try:
        impact_model_publish(user=request.user, model=model, publish=publish)
    except ValidationError as error:  # said to the person; nothing changed
        for text in error.messages:
            messages.error(request, text)
        return HttpResponseRedirect(back)
    messages.success(
        request,
        _("“%(title)s” is published.") % {"title": model.title}
        if publish
        else _("“%(title)s” is a draft again: only its editors see it.")
        % {"title": model.title},
    )
    return HttpResponseRedirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def model_delete_view(request: HttpRequest, uuid) -> HttpResponse:
    model = editable_model(request, uuid)
    if request.method == "POST":
        title = model.title
        impact_model_delete(user=request.user, model=model)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return HttpResponseRedirect(reverse("impact:my_models"))
    return render(
        request,
        "impact/models/delete.html",
        {
            "model": model,
            "counts": {
                "steps": model.steps.count(),
                "links": model.links.count(),
            },
        },
    )
