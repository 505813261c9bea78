"""Organisations: the directory, an organisation's page, proposing, joining, the
admins' members page and edit form."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motesplats.actors.enums import OrganisationStatus
from motesplats.actors.forms.organisations import (
    JoinForm,
    MembershipDecisionForm,
    MembershipRemoveForm,
    MembershipRoleForm,
    OrganisationEditForm,
    OrganisationProposeForm,
    parse_filters,
    parse_query,
)
from motesplats.actors.models import Organisation, OrganisationMembership
from motesplats.actors.permissions import is_editor, is_member
from motesplats.actors.selectors.organisations import (
    OrganisationFilters,
    membership_of,
    organisation_directory,
    organisation_extra,
    organisation_facet_labels,
    organisation_get,
    organisation_memberships,
    organisation_public_members,
)
from motesplats.actors.services.organisations import (
    DuplicateOrganisation,
    SimilarNames,
    can_manage_members,
    membership_decide,
    membership_remove,
    membership_request,
    membership_set_role,
    organisation_propose,
    organisation_update,
)
from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited

PER_PAGE = 20


def _filter_query(selected: dict[str, list[str]], query: str) -> str:
    pairs = [("q", query)] if query else []
    pairs += [(key, value) for key, values in selected.items() for value in values]
    return urlencode(pairs)


@require_http_methods(["GET"])
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    labels = organisation_facet_labels()
    selected = parse_filters(request.GET, labels)
    query = parse_query(request.GET)
    organisations, facets = organisation_directory(
        OrganisationFilters(selected=selected, query=query), labels=labels
    )
    page = Paginator(organisations, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "facets": facets,
        "query": query,
        "has_filters": bool(selected or query),
        "filter_query": _filter_query(selected, query),
    }
    return render(request, "actors/organisations/list.html", context)


def _can_see(organisation: Organisation, user) -> bool:
    if organisation.status == OrganisationStatus.APPROVED:
        return True
    if organisation.status == OrganisationStatus.PROPOSED:
        return is_editor(user) or (
            is_member(user) and organisation.proposed_by_id == user.pk
        )
    return is_editor(user)


def _organisation_or_404(slug: str, user) -> Organisation:
    organisation = organisation_get(slug)
    if organisation is None or not _can_see(organisation, user):
        raise Http404
    return organisation


@require_http_methods(["GET"])
def organisation_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get(slug)
    if organisation is None:
        raise Http404
    if organisation.status == OrganisationStatus.MERGED and organisation.merged_into_id:
        return redirect(
            "actors:organisation_detail",
            slug=organisation.merged_into.slug,
            permanent=True,
        )
    if not _can_see(organisation, request.user):
        raise Http404
    context = {
        "organisation": organisation,
        "members": organisation_public_members(organisation, request.user),
        "membership": membership_of(organisation, request.user),
        "can_manage": can_manage_members(request.user, organisation),
        "join_form": JoinForm(),
        **organisation_extra(organisation),
    }
    return render(request, "actors/organisations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("organisation_propose")
def organisation_propose_view(request: HttpRequest) -> HttpResponse:
    similar, existing = [], None
    if request.method == "POST":
        form = OrganisationProposeForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            confirm = data.pop("confirm_similar", False)
            try:
                organisation = organisation_propose(
                    user=request.user, data=data, confirm_similar=confirm
                )
            except DuplicateOrganisation as error:
                existing = error.existing
                form.add_error("org_number", error)
            except SimilarNames as error:
                similar = error.similar
                form.add_error("confirm_similar", error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! “%(name)s” has been sent to the editors. It is "
                        "shown in the directory once they have approved it."
                    )
                    % {"name": organisation.name},
                )
                return redirect("actors:organisation_detail", slug=organisation.slug)
        status = 400
    else:
        form = OrganisationProposeForm()
        status = 200
    context = {
        "form": form,
        "errors": error_summary(form) if request.method == "POST" else [],
        "similar": similar,
        "existing": existing,
    }
    return render(request, "actors/organisations/propose.html", context, status=status)


@login_required
@require_POST
@rate_limited("organisation_join")
def organisation_join_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug, request.user)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership_request(
                organisation=organisation,
                user=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. You will get an e-mail when the "
                    "administrators have answered."
                ),
            )
            return redirect("actors:organisation_detail", slug=organisation.slug)
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    response = redirect("actors:organisation_detail", slug=organisation.slug)
    return response


@login_required
@require_POST
def organisation_leave_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug, request.user)
    membership = membership_of(organisation, request.user)
    if membership is None:
        raise Http404
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are no longer linked to the organisation."))
    return redirect("actors:organisation_detail", slug=organisation.slug)


def _membership_in(organisation: Organisation, pk: int) -> OrganisationMembership:
    membership = (
        OrganisationMembership.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", "user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug, request.user)
    if not can_manage_members(request.user, organisation):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        form_class = {
            "decide": MembershipDecisionForm,
            "role": MembershipRoleForm,
            "remove": MembershipRemoveForm,
        }.get(action)
        form = form_class(request.POST) if form_class else None
        if form is None or not form.is_valid():
            messages.error(
                request, _("Choose what to do with the request and try again.")
            )
            status = 400
        else:
            membership = _membership_in(organisation, form.cleaned_data["membership"])
            try:
                if action == "decide":
                    approve = form.cleaned_data["decision"] == "approve"
                    membership_decide(
                        membership=membership, actor=request.user, approve=approve
                    )
                    messages.success(
                        request,
                        _("The request has been approved.")
                        if approve
                        else _("The request has been declined."),
                    )
                elif action == "role":
                    membership_set_role(
                        membership=membership,
                        actor=request.user,
                        role=form.cleaned_data["role"],
                    )
                    messages.success(request, _("The role has been changed."))
                else:
                    membership_remove(membership=membership, actor=request.user)
                    messages.success(request, _("The member has been removed."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                return redirect("actors:organisation_members", slug=organisation.slug)
    pending, active = organisation_memberships(organisation)
    context = {
        "organisation": organisation,
        "pending": pending,
        "active": active,
        "role_form": MembershipRoleForm(),
    }
    return render(request, "actors/organisations/members.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("organisation_edit")
def organisation_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug, request.user)
    if not can_manage_members(request.user, organisation):
        raise PermissionDenied
    if organisation.status not in (
        OrganisationStatus.APPROVED,
        OrganisationStatus.PROPOSED,
    ):
        raise Http404
    if request.method == "POST":
        form = OrganisationEditForm(
            request.POST, request.FILES, organisation=organisation
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                organisation_update(
                    organisation=organisation,
                    actor=request.user,
                    data=data,
                    logo_upload=data.pop("logo", None),
                    logo_alt=data.pop("logo_alt", ""),
                    remove_logo=data.pop("remove_logo", False),
                )
            except ValidationError as error:
                form.add_error(
                    "logo" if error.code and "image" in error.code else None, error
                )
            else:
                messages.success(request, _("The organisation's page has been saved."))
                return redirect("actors:organisation_detail", slug=organisation.slug)
        status = 400
    else:
        form = OrganisationEditForm(organisation=organisation)
        status = 200
    context = {
        "organisation": organisation,
        "form": form,
        "errors": error_summary(form) if request.method == "POST" else [],
        "cancel_url": reverse("actors:organisation_detail", args=[organisation.slug]),
    }
    return render(request, "actors/organisations/edit.html", context, status=status)
