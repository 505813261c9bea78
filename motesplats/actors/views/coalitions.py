"""Coalitions: the listing, a coalition's page, joining and leaving, following, and
the coordinators' page. Writes are POST forms that work without JavaScript: they
redirect with a message, or show the form again with its errors (status 400)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motesplats.actors.enums import CoalitionAccess, MembershipStatus
from motesplats.actors.forms.coalitions import (
    ApplicationDecisionForm,
    CoalitionEditForm,
    DocumentForm,
    JoinForm,
    QuestionForm,
    RoleForm,
    UpdateForm,
    coalition_filters_from,
)
from motesplats.actors.models import CoalitionDocument, CoalitionQuestion
from motesplats.actors.sections import coalition_sections
from motesplats.actors.selectors.coalitions import (
    coalition_browse,
    coalition_facet_labels,
    coalition_get,
    coalition_page,
    coalition_pending,
    coalition_roster,
    member_label,
    viewer_standing,
)
from motesplats.actors.services.coalition_documents import (
    coalition_document_add,
    coalition_document_remove,
)
from motesplats.actors.services.coalitions import (
    CoalitionError,
    coalition_application_decide,
    coalition_edit,
    coalition_follow,
    coalition_join,
    coalition_leave,
    coalition_member_set_role,
    coalition_question_add,
    coalition_question_remove,
    coalition_unfollow,
    coalition_update_delete,
    coalition_update_post,
)
from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited


def _detail_url(coalition) -> str:
    return reverse("actors:coalition_detail", args=[coalition.slug])


def _manage_url(coalition) -> str:
    return reverse("actors:coalition_manage", args=[coalition.slug])


def _error_text(error: CoalitionError) -> str:
    return " ".join(str(m) for m in error.messages)


@require_GET
def coalition_list_view(request: HttpRequest) -> HttpResponse:
    labels = coalition_facet_labels()
    filters, unknown = coalition_filters_from(request.GET, labels)
    page, facets = coalition_browse(
        filters=filters, page_number=request.GET.get("page")
    )
    return render(
        request,
        "actors/coalitions/list.html",
        {
            "page_obj": page,
            "coalitions": page.object_list,
            "query": urlencode(
                [(k, v) for k, values in filters.selected.items() for v in values]
            ),
            "facets": facets,
            "filters": filters,
            "filter_errors": [
                _("One of the chosen filters does not exist; it was left out.")
            ]
            if unknown
            else [],
        },
    )


@require_GET
def coalition_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get(slug=slug)
    page = coalition_page(coalition=coalition, viewer=request.user)
    standing = viewer_standing(coalition=coalition, user=request.user)
    return render(
        request,
        "actors/coalitions/detail.html",
        {
            "coalition": coalition,
            "info": page,
            "standing": standing,
            "join_form": _join_form(coalition, standing),
            "sections": coalition_sections(coalition, request),
            "is_open": coalition.access == CoalitionAccess.OPEN,
        },
    )


def _join_form(coalition, standing, data=None) -> JoinForm | None:
    if not standing.is_signed_in:
        return None
    organisations = [
        o
        for o in standing.admin_organisations
        if o.pk not in standing.organisation_rows
    ]
    if standing.own_row is not None and not organisations:
        return None
    form = JoinForm(
        data,
        organisations=organisations,
        ask_message=coalition.access == CoalitionAccess.APPLICATION,
    )
    if standing.own_row is not None:
        # Already in personally: only the organisations remain to choose from.
        choices = [c for c in form.fields["as_whom"].choices if c[0] != "person"]
        form.fields["as_whom"].choices = choices
        form.fields["as_whom"].initial = choices[0][0]
    return form


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("coalition_join")
def coalition_join_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get(slug=slug)
    standing = viewer_standing(coalition=coalition, user=request.user)
    form = _join_form(
        coalition, standing, request.POST if request.method == "POST" else None
    )
    if form is None:
        messages.info(request, _("You are already in this coalition."))
        return HttpResponseRedirect(_detail_url(coalition))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                member = coalition_join(
                    coalition=coalition,
                    user=request.user,
                    organisation=form.organisation(),
                    message=form.cleaned_data.get("message", ""),
                )
            except CoalitionError as error:
                form.add_error(None, _error_text(error))
            else:
                if member.status == MembershipStatus.ACTIVE:
                    messages.success(
                        request,
                        _("Welcome to %(name)s! You follow its updates.")
                        % {"name": coalition.name},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Your application has been sent. The coordinators will "
                            "answer it."
                        ),
                    )
                return HttpResponseRedirect(_detail_url(coalition))
        status = 400
    return render(
        request,
        "actors/coalitions/join.html",
        {
            "coalition": coalition,
            "form": form,
            "errors": error_summary(form) if request.method == "POST" else [],
            "is_open": coalition.access == CoalitionAccess.OPEN,
        },
        status=status,
    )


@login_required
@require_POST
def coalition_leave_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get(slug=slug)
    try:
        member_id = int(request.POST.get("member", ""))
    except ValueError:
        member_id = 0
    member = get_object_or_404(coalition.members, pk=member_id)
    label = member_label(member)
    try:
        coalition_leave(member=member, actor=request.user)
    except CoalitionError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, _error_text(error))
    else:
        if member.user_id == request.user.pk:
            messages.success(
                request,
                _("You have left %(name)s.") % {"name": coalition.name},
            )
        else:
            messages.success(
                request,
                _("%(member)s is no longer in the coalition.") % {"member": label},
            )
    back = request.POST.get("back")
    return HttpResponseRedirect(
        _manage_url(coalition) if back == "manage" else _detail_url(coalition)
    )


@login_required
@require_POST
@rate_limited("coalition_follow")
def coalition_follow_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get(slug=slug)
    if request.POST.get("action") == "unfollow":
        coalition_unfollow(coalition=coalition, user=request.user)
        messages.success(
            request, _("You no longer get the coalition's updates by e-mail.")
        )
    else:
        try:
            coalition_follow(coalition=coalition, user=request.user)
        except CoalitionError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("You get the coalition's updates by e-mail."))
    return HttpResponseRedirect(_detail_url(coalition))


# --- the coordinators' page -----------------------------------------------------------


def _manage_forms(coalition, data=None, files=None, action=""):
    """Each tool's form, bound only for the one that was posted."""

    def bound(name):
        return (data, files) if action == name else (None, None)

    return {
        "edit": CoalitionEditForm(
            bound("edit")[0],
            coalition=coalition,
            initial={
                "purpose_sv": coalition.purpose_sv,
                "purpose_en": coalition.purpose_en,
                "questions": list(coalition.questions.all()),
            },
            prefix="edit",
        ),
        "question": QuestionForm(bound("question")[0], prefix="question"),
        "update": UpdateForm(bound("update")[0], prefix="update"),
        "document": DocumentForm(*bound("document"), prefix="document"),
    }


def _run_action(request, coalition, action, forms) -> str | None:
    """Do the posted action; returns a success message, or None when a form has
    errors. Raises CoalitionError when the service refuses."""
    post = request.POST
    user = request.user
    if action in forms:
        form = forms[action]
        if not form.is_valid():
            return None
        data = form.cleaned_data
        if action == "edit":
            coalition_edit(
                coalition=coalition,
                actor=user,
                purpose_sv=data["purpose_sv"],
                purpose_en=data["purpose_en"],
                questions=list(data["questions"]),
            )
            return _("The coalition's purpose and questions are saved.")
        if action == "question":
            coalition_question_add(
                coalition=coalition,
                actor=user,
                text_sv=data["text_sv"],
                text_en=data["text_en"],
            )
            return _("The question is added.")
        if action == "update":
            coalition_update_post(
                coalition=coalition, actor=user, title=data["title"], body=data["body"]
            )
            return _("The update is published and sent to the followers.")
        coalition_document_add(
            coalition=coalition, actor=user, title=data["title"], upload=data["file"]
        )
        return _("The document is added.")
    if action == "decide":
        form = ApplicationDecisionForm(post)
        if not form.is_valid():
            raise CoalitionError(_("Choose approve or decline."))
        member = get_object_or_404(coalition.members, pk=form.cleaned_data["member"])
        label = member_label(member)
        approve = form.cleaned_data["decision"] == "approve"
        coalition_application_decide(member=member, actor=user, approve=approve)
        if approve:
            return _("%(member)s is now a member.") % {"member": label}
        return _("The application from %(member)s is declined.") % {"member": label}
    if action == "role":
        form = RoleForm(post)
        if not form.is_valid():
            raise CoalitionError(_("Choose a role from the list."))
        member = get_object_or_404(coalition.members, pk=form.cleaned_data["member"])
        coalition_member_set_role(
            member=member, role=form.cleaned_data["role"], actor=user
        )
        return _("The role of %(member)s is saved.") % {"member": member_label(member)}
    if action == "question_remove":
        question = get_object_or_404(
            CoalitionQuestion, coalition=coalition, pk=_int(post.get("question"))
        )
        coalition_question_remove(question=question, actor=user)
        return _("The question is removed.")
    if action == "update_delete":
        update = get_object_or_404(coalition.updates, pk=_int(post.get("update")))
        coalition_update_delete(update=update, actor=user)
        return _("The update is deleted.")
    if action == "document_remove":
        item = get_object_or_404(
            CoalitionDocument, coalition=coalition, pk=_int(post.get("document"))
        )
        coalition_document_remove(item=item, actor=user)
        return _("The document is removed.")
    raise CoalitionError(_("Unknown action."))


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("coalition_manage")
def coalition_manage_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get(slug=slug, include_inactive=True)
    standing = viewer_standing(coalition=coalition, user=request.user)
    if not standing.may_manage:
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _manage_forms(coalition, request.POST, request.FILES, action)
    status = 200
    errors: list = []
    if request.method == "POST":
        try:
            done = _run_action(request, coalition, action, forms)
        except CoalitionError as error:
            if action in forms:
                forms[action].add_error(None, _error_text(error))
            else:
                messages.error(request, _error_text(error))
                return HttpResponseRedirect(_manage_url(coalition))
        else:
            if done is not None:
                messages.success(request, done)
                return HttpResponseRedirect(_manage_url(coalition))
        errors = error_summary(forms[action])
        status = 400
    pending = coalition_pending(coalition=coalition)
    roster = coalition_roster(coalition=coalition)
    for member in [*pending, *roster]:
        member.label = member_label(member)
    return render(
        request,
        "actors/coalitions/manage.html",
        {
            "coalition": coalition,
            "forms": forms,
            "action": action,
            "errors": errors,
            "pending": pending,
            "roster": roster,
            "own_questions": list(coalition.own_questions.all()),
            "updates": list(coalition.updates.all()[:20]),
            "documents": list(coalition.documents.select_related("document")),
        },
        status=status,
    )
