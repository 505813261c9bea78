"""An impact model's funder report and its exports. A draft is a 404 for everyone
but its editors (it must not be revealed); every format reads the same report dict."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.views.decorators.http import require_GET

from motesplats.impact import cids, exports
from motesplats.impact.permissions import can_edit, can_view
from motesplats.impact.reports import build_report, report_urls
from motesplats.impact.selectors import model_detail


def _visible_model(request: HttpRequest, uuid):
    model = model_detail(uuid)
    if model is None or not can_view(request.user, model):
        raise Http404
    return model


def _toc_components_ready() -> bool:
    """Whether the shared theory-of-change diagram and table templates exist (the
    report falls back to its own list and table without them)."""
    try:
        get_template("impact/components/toc_diagram.html")
        get_template("impact/components/toc_table.html")
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return False
    return True


def _attachment(response: HttpResponse, model, extension: str) -> HttpResponse:
    response["Content-Disposition"] = (
        f'attachment; filename="impact-report-{model.uuid}.{extension}"'
    )
    return response


@require_GET
def report_view(request: HttpRequest, uuid) -> HttpResponse:
    model = _visible_model(request, uuid)
    return render(
        request,
        "impact/reports/report.html",
        {
            "model": model,
            "report": build_report(model),
            "urls": report_urls(model),
            "can_edit": can_edit(request.user, model),
            "has_toc_components": _toc_components_ready(),
        },
    )


@require_GET
def report_json_view(request: HttpRequest, uuid) -> HttpResponse:
    model = _visible_model(request, uuid)
    response = JsonResponse(
        exports.report_data(build_report(model)),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return _attachment(response, model, "json")


@require_GET
def report_csv_view(request: HttpRequest, uuid) -> HttpResponse:
    model = _visible_model(request, uuid)
    response = HttpResponse(
        exports.report_csv(build_report(model)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, model, "csv")


@require_GET
def report_jsonld_view(request: HttpRequest, uuid) -> HttpResponse:
    model = _visible_model(request, uuid)
    response = JsonResponse(
        cids.report_jsonld(model, build_report(model)),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return _attachment(response, model, "jsonld")
