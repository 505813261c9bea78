"""Public survey pages: the list, answering, thanks, results and CSV downloads.

Who may do what:
- drafts are 404 to everyone but editors (who may look at the form, not answer it);
- a members' survey sends visitors to the login; everyone's surveys take answers
  from visitors too, limited per IP address and per browser session;
- results are for editors always, for others when the results are public;
- the CSV of single answers (no identities) is for editors only.
"""

import csv
import io
from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from allauth.account.adapter import get_adapter

from motesplats.actors.enums import QuestionKind, SurveyAudience, SurveyStatus
from motesplats.actors.forms.surveys import SurveyAnswerForm
from motesplats.actors.models import SurveyParticipation
from motesplats.actors.permissions import is_editor, is_member
from motesplats.actors.selectors.surveys import (
    results_visible,
    survey_answer_rows,
    survey_for_display,
    survey_results,
    surveys_for_listing,
)
from motesplats.actors.services.surveys import (
    AlreadyAnsweredError,
    MembersOnlyError,
    SurveyClosedError,
    survey_respond,
)
from motesplats.core import ratelimit
from motesplats.core.forms import error_summary
from motesplats.core.i18n import current_language
from motesplats.core.spreadsheet import csv_safe

# Visitors' answers to surveys open to everyone: per hour, per IP address (a whole
# office may share one) and per browser session.
RATE_PERIOD = 3600
RATE_LIMIT_IP = 30
RATE_LIMIT_SESSION = 5


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def _visitor_wait(request: HttpRequest, *, record: bool = False) -> int:
    checks = [(f"ip:{get_adapter().get_client_ip(request)}", RATE_LIMIT_IP)]
    if request.session.session_key:
        checks.append((f"session:{request.session.session_key}", RATE_LIMIT_SESSION))
    wait = 0
    for ident, limit in checks:
        if record:
            ratelimit.record(scope="surveys", idents=[ident], period=RATE_PERIOD)
        else:
            wait = max(
                wait,
                ratelimit.retry_after(
                    scope="surveys", idents=[ident], limit=limit, period=RATE_PERIOD
                ),
            )
    return wait


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
def survey_list_view(request: HttpRequest) -> HttpResponse:
    surveys = surveys_for_listing()
    now = timezone.now()
    return render(
        request,
        "actors/surveys/survey_list.html",
        {
            "open_surveys": [s for s in surveys if s.accepts_answers(now)],
            "finished_surveys": [s for s in surveys if not s.accepts_answers(now)],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_for_display(slug=slug, user=request.user)
    context = {
        "survey": survey,
        "editor": is_editor(request.user),
        "results_visible": results_visible(survey=survey, user=request.user),
    }
    # Editors may look at a draft's form before it opens; no one may answer it.
    preview = request.method == "GET" and survey.status == SurveyStatus.DRAFT
    if not survey.accepts_answers() and not preview:
        status = 200 if request.method == "GET" else 400
        return render(
            request, "actors/surveys/survey_closed.html", context, status=status
        )
    if survey.audience == SurveyAudience.MEMBERS and not is_member(request.user):
        return redirect_to_login(request.get_full_path())
    if (
        is_member(request.user)
        and SurveyParticipation.objects.filter(
            survey=survey, user=request.user
        ).exists()
    ):
        status = 200 if request.method == "GET" else 400
        return render(
            request, "actors/surveys/survey_answered.html", context, status=status
        )

    status = 200
    if request.method == "POST":
        if not is_member(request.user):
            wait = _visitor_wait(request)
            if wait:
                return _too_many(request, wait)
        form = SurveyAnswerForm(request.POST, survey=survey)
        if form.is_valid():
            try:
                created = survey_respond(
                    survey=survey,
                    user=request.user,
                    answers=form.answers(),
                    submission_key=form.cleaned_data["submission_key"],
                    may_publish_text=form.cleaned_data.get("may_publish_text", False),
                )
            except (SurveyClosedError, MembersOnlyError, AlreadyAnsweredError) as error:
                context["refusal"] = error.messages[0]
                return render(
                    request, "actors/surveys/survey_answered.html", context, status=400
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created and not is_member(request.user):
                    _visitor_wait(request, record=True)
                return HttpResponseSeeOther(
                    reverse("actors:survey_thanks", kwargs={"slug": survey.slug})
                )
        status = 400
    else:
        form = SurveyAnswerForm(survey=survey)
    context.update(
        {
            "form": form,
            "fields": [(q, form[form.field_name(q)]) for q in form.questions],
            "errors": error_summary(form) if form.is_bound else [],
        }
    )
    return render(request, "actors/surveys/survey_form.html", context, status=status)


@require_GET
def survey_thanks_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_for_display(slug=slug, user=request.user)
    return render(
        request,
        "actors/surveys/survey_thanks.html",
        {
            "survey": survey,
            "results_visible": results_visible(survey=survey, user=request.user),
        },
    )


def _results_or_403(request: HttpRequest, slug: str):
    survey = survey_for_display(slug=slug, user=request.user)
    if not results_visible(survey=survey, user=request.user):
        raise PermissionDenied
    return survey


# The bar chart's drawing, in the SVG's own units (it scales to the page's width).
CHART_WIDTH = 640
CHART_BAR_SPACE = 500  # the longest bar; the rest is for its figure
CHART_ROW = 52
CHART_BAR_HEIGHT = 20
CHART_LABEL_CHARS = 80


def _chart(result) -> dict:
    """Whole-number geometry as text, so no locale formats it (a decimal comma
    would break the SVG)."""
    bars = []
    for index, row in enumerate(result.rows):
        top = index * CHART_ROW
        width = round(row.bar * CHART_BAR_SPACE / 100)
        label = row.label
        if len(label) > CHART_LABEL_CHARS:
            label = label[: CHART_LABEL_CHARS - 1] + "…"
        bars.append(
            {
                "label": label,
                "count": row.count,
                "share": row.share,
                "label_y": str(top + 16),
                "bar_y": str(top + 24),
                "width": str(width),
                "value_x": str(width + 8),
                "value_y": str(top + 24 + CHART_BAR_HEIGHT - 5),
            }
        )
    return {
        "width": str(CHART_WIDTH),
        "height": str(max(len(bars), 1) * CHART_ROW),
        "bar_height": str(CHART_BAR_HEIGHT),
        "bars": bars,
    }


@require_GET
def survey_results_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _results_or_403(request, slug)
    results = survey_results(survey=survey, user=request.user)
    for result in results.questions:
        if result.has_chart:
            result.chart = _chart(result)
    return render(
        request,
        "actors/surveys/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "editor": is_editor(request.user),
        },
    )


# --- CSV -------------------------------------------------------------------------------


def _csv_dialect() -> tuple[str, str]:
    """Swedish spreadsheets read `;` between fields and a decimal comma; English ones
    `,` and a decimal point. The file follows the language of the page it came from."""
    return (";", ",") if current_language() == "sv" else (",", ".")


def _cell(value: object, decimal_mark: str) -> str:
    if isinstance(value, Decimal):
        return str(value).replace(".", decimal_mark)
    return csv_safe(value)


def _csv_response(rows: list[list[object]], filename: str) -> HttpResponse:
    delimiter, decimal_mark = _csv_dialect()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value, decimal_mark) for value in row])
    # The byte-order mark tells Excel the file is UTF-8 (å, ä, ö).
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(survey, what: str) -> str:
    return f"{survey.slug}-{what}-{timezone.localdate():%Y-%m-%d}.csv"


@require_GET
def survey_results_csv_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _results_or_403(request, slug)
    results = survey_results(survey=survey, user=request.user)
    rows: list[list[object]] = [
        [
            _("Question number"),
            _("Question"),
            _("Kind"),
            _("Answer"),
            _("Count"),
            _("Share (%)"),
            _("Answered the question"),
        ]
    ]
    if results.suppressed:
        return _csv_response(rows, _filename(survey, _("results")))
    for result in results.questions:
        question = result.question
        base = [result.number, question.text, question.get_kind_display()]
        for row in result.rows:
            rows.append([*base, row.label, row.count, row.share, result.answered])
        if question.kind == QuestionKind.SCALE and result.mean is not None:
            rows.append([*base, _("Mean"), "", result.mean, result.answered])
            rows.append([*base, _("Median"), "", result.median, result.answered])
        if question.kind == QuestionKind.TEXT:
            rows.append(
                [*base, _("Published answers"), len(result.texts), "", result.answered]
            )
    return _csv_response(rows, _filename(survey, _("results")))


@require_GET
def survey_answers_csv_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_for_display(slug=slug, user=request.user)
    if not is_editor(request.user):
        raise PermissionDenied
    header, rows = survey_answer_rows(survey=survey)
    return _csv_response([header, *rows], _filename(survey, _("answers")))
