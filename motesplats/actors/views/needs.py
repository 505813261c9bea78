"""Needs and offers: the listing, one need or offer, post / edit / close, and the
member's own. Works without JavaScript; forms with errors come back with status 400."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motesplats.actors.enums import MembershipStatus, OrganisationStatus
from motesplats.actors.forms.needs import NeedOfferForm, need_filters_from
from motesplats.actors.models import Organisation
from motesplats.actors.selectors.needs import (
    need_browse,
    need_facet_labels,
    need_get,
    needs_of_member,
)
from motesplats.actors.services.needs import (
    NeedOfferError,
    need_offer_close,
    need_offer_create,
    need_offer_edit,
)
from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited


def _detail_url(need) -> str:
    return reverse("actors:need_detail", kwargs={"uuid": need.uuid})


def respond_url(need) -> str | None:
    """The platform message form about this need or offer (no e-mail is shown)."""
    try:
        base = reverse("actors:message_send")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'regarding': str(need.uuid)})}"


def _member_organisations(user) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            status=OrganisationStatus.APPROVED,
        ).order_by("name")
    )


@require_GET
def need_list_view(request: HttpRequest) -> HttpResponse:
    labels = need_facet_labels()
    filters, unknown = need_filters_from(request.GET, labels)
    page, facets = need_browse(filters=filters, page_number=request.GET.get("page"))
    query = urlencode(filters.query_items())
    return render(
        request,
        "actors/needs/list.html",
        {
            "page_obj": page,
            "items": list(page.object_list),
            "facets": facets,
            "filters": filters,
            "query": query,
            "filter_errors": [
                _("One of the chosen filters does not exist; it was left out.")
            ]
            if unknown
            else [],
        },
    )


@require_GET
def need_detail_view(request: HttpRequest, uuid) -> HttpResponse:
    need = need_get(uuid=uuid, viewer=request.user)
    return render(
        request,
        "actors/needs/detail.html",
        {"need": need, "respond_url": respond_url(need)},
    )


def _save(request, form, need=None):
    """Run the service; on a refusal put its messages on the form and return None."""
    try:
        if need is None:
            return need_offer_create(author=request.user, data=form.cleaned_data)
        return need_offer_edit(need=need, actor=request.user, data=form.cleaned_data)
    except NeedOfferError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return None


def _form_page(request, form, need, status):
    return render(
        request,
        "actors/needs/form.html",
        {
            "form": form,
            "need": need,
            "errors": error_summary(form) if request.method == "POST" else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("need_create")
def need_create_view(request: HttpRequest) -> HttpResponse:
    organisations = _member_organisations(request.user)
    if request.method == "POST":
        form = NeedOfferForm(request.POST, organisations=organisations)
        if form.is_valid():
            need = _save(request, form)
            if need is not None:
                messages.success(
                    request,
                    _("“%(title)s” is published.") % {"title": need.title},
                )
                return HttpResponseRedirect(_detail_url(need))
        return _form_page(request, form, None, 400)
    form = NeedOfferForm(
        organisations=organisations,
        initial={
            "kind": request.GET.get("kind")
            if request.GET.get("kind") in ("need", "offer")
            else None
        },
    )
    return _form_page(request, form, None, 200)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit_view(request: HttpRequest, uuid) -> HttpResponse:
    need = need_get(uuid=uuid, viewer=request.user)
    if not need.may_change:
        raise PermissionDenied
    organisations = _member_organisations(request.user)
    kwargs = {"organisations": organisations, "current_organisation": need.organisation}
    if request.method == "POST":
        form = NeedOfferForm(request.POST, **kwargs)
        if form.is_valid() and _save(request, form, need) is not None:
            messages.success(request, _("The changes are saved."))
            return HttpResponseRedirect(_detail_url(need))
        return _form_page(request, form, need, 400)
    form = NeedOfferForm(initial=NeedOfferForm.initial_for(need), **kwargs)
    return _form_page(request, form, need, 200)


@login_required
@require_POST
def need_close_view(request: HttpRequest, uuid) -> HttpResponse:
    need = need_get(uuid=uuid, viewer=request.user)
    try:
        need_offer_close(need=need, actor=request.user)
    except ValidationError as error:
        raise PermissionDenied from error
    messages.success(
        request,
        _("“%(title)s” is closed and no longer listed.") % {"title": need.title},
    )
    return HttpResponseRedirect(reverse("actors:need_mine"))


@login_required
@require_GET
def need_mine_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "actors/needs/mine.html",
        {"items": needs_of_member(user=request.user)},
    )
