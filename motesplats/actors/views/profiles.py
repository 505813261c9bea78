"""People: the member's own profile and its preview, a person's page, the directory."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motesplats.actors.forms.organisations import parse_filters
from motesplats.actors.forms.profiles import LANGUAGE_NAMES, ProfileForm
from motesplats.actors.selectors.profiles import (
    MEMBER,
    OWNER,
    VISITOR,
    PeopleFilters,
    people_directory,
    people_facet_labels,
    profile_data_for_level,
    profile_for_user,
    profile_public_get,
    public_profile_data,
)
from motesplats.actors.services.profiles import profile_save
from motesplats.core.forms import error_summary

PER_PAGE = 24


def _card(profile, viewer) -> dict:
    data = public_profile_data(profile, viewer)
    data["language_names"] = [
        LANGUAGE_NAMES.get(code, code) for code in data.get("languages", [])
    ]
    return data


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit_view(request: HttpRequest) -> HttpResponse:
    profile = profile_for_user(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                profile_save(user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                field = "organisation" if error.code == "organisation" else None
                form.add_error(field, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("actors:profile_edit")
        status = 400
    else:
        form = ProfileForm(user=request.user, profile=profile)
        status = 200
    context = {
        "form": form,
        "profile": profile,
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "actors/profiles/edit.html", context, status=status)


@login_required
@require_GET
def profile_preview_view(request: HttpRequest) -> HttpResponse:
    profile = profile_for_user(request.user)
    if profile is None:
        messages.info(request, _("Save your profile first, then preview it."))
        return redirect("actors:profile_edit")
    as_whom = request.GET.get("as", VISITOR)
    if as_whom not in (VISITOR, MEMBER):
        as_whom = VISITOR
    data = profile_data_for_level(profile, as_whom) if profile.is_listed else None
    if data is not None:
        data["language_names"] = [
            LANGUAGE_NAMES.get(c, c) for c in data.get("languages", [])
        ]
    context = {"profile": profile, "data": data, "as_whom": as_whom}
    return render(request, "actors/profiles/preview.html", context)


@require_GET
def profile_detail_view(request: HttpRequest, uuid) -> HttpResponse:
    profile = profile_public_get(uuid, request.user)
    if profile is None:
        raise Http404
    data = _card(profile, request.user)
    is_owner = request.user.is_authenticated and request.user.pk == profile.user_id
    if not data["visible"] and not is_owner:
        raise Http404
    context = {
        "profile": profile,
        "data": data,
        "is_owner": is_owner,
        "level": OWNER
        if is_owner
        else (MEMBER if request.user.is_authenticated else VISITOR),
    }
    return render(request, "actors/profiles/detail.html", context)


@require_GET
def people_list_view(request: HttpRequest) -> HttpResponse:
    labels = people_facet_labels()
    selected = parse_filters(request.GET, labels)
    people, facets = people_directory(
        viewer=request.user, filters=PeopleFilters(selected=selected), labels=labels
    )
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    cards = [_card(p, request.user) for p in page.object_list]
    context = {
        "page_obj": page,
        "cards": cards,
        "facets": facets,
        "has_filters": bool(selected),
        "filter_query": urlencode(
            [(k, v) for k, values in selected.items() for v in values]
        ),
    }
    return render(request, "actors/profiles/list.html", context)
