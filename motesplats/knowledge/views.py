"""Members' pages of the knowledge bank: submit an innovation case, see one's cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited
from motesplats.nodes.selectors import node_list

from .contributions import submissions_for_user
from .forms import (
    EvidenceLinkFormSet,
    InnovationSubmissionForm,
    OrganisationFormSet,
)
from .services import innovation_submit

ORGANISATION_LABEL = gettext_lazy("Organisation")
EVIDENCE_LABEL = gettext_lazy("Evidence link")


def _filled(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("innovation_submit")
def innovation_submit_view(request: HttpRequest) -> HttpResponse:
    # Only nodes with a page in the Swedish tree can take a case under review.
    nodes = list(
        node_list()
        .filter(pages__locale__language_code="sv")
        .distinct()
        .order_by("sort_order", "name_sv")
    )
    if request.method == "POST":
        form = InnovationSubmissionForm(request.POST, request.FILES, nodes=nodes)
        organisations = OrganisationFormSet(request.POST, prefix="org")
        links = EvidenceLinkFormSet(request.POST, prefix="evidence")
        valid = [form.is_valid(), organisations.is_valid(), links.is_valid()]
        if all(valid):
            data = form.cleaned_data
            try:
                page = innovation_submit(
                    user=request.user,
                    node=data["node"],
                    data=data,
                    organisations=_filled(organisations),
                    evidence_links=_filled(links),
                    image_file=data.get("image"),
                    image_alt=data.get("image_alt", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! “%(title)s” has been sent to the editors at "
                        "%(node)s. You can follow it here."
                    )
                    % {"title": page.title, "node": data["node"].name},
                )
                return redirect("knowledge:contributions")
        status = 400
    else:
        form = InnovationSubmissionForm(nodes=nodes)
        organisations = OrganisationFormSet(prefix="org")
        links = EvidenceLinkFormSet(prefix="evidence")
        status = 200
    context = {
        "form": form,
        "organisations": organisations,
        "evidence_links": links,
        "errors": error_summary(
            form, (organisations, ORGANISATION_LABEL), (links, EVIDENCE_LABEL)
        )
        if request.method == "POST"
        else [],
    }
    return render(request, "knowledge/innovation_submit.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def contributions_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/contributions.html",
        {"contributions": submissions_for_user(user=request.user)},
    )
