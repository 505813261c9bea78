"""Follow buttons, the member's follows page and the one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motesplats.core.ratelimit import rate_limited

from .forms import DigestSettingsForm, FollowForm
from .selectors import digest_settings_of, follow_target_label, follows_of
from .services import (
    FollowError,
    digest_settings_update,
    digest_unsubscribe,
    follow_add,
    follow_remove,
    follow_remove_by_id,
    unsubscribe_user_id,
)


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


@require_POST
@rate_limited("follow")
def follow_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.POST.get("next") or reverse("follows:mine"))
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    data = form.cleaned_data
    if data["action"] == "unfollow":
        follow_remove(user=request.user, kind=data["kind"], key=data["key"])
        messages.success(request, _("You no longer follow this."))
        return _back(request, reverse("follows:mine"))
    label = follow_target_label(kind=data["kind"], key=data["key"])
    if label is None:
        return render(request, "400.html", status=400)
    try:
        follow_add(user=request.user, kind=data["kind"], key=data["key"], label=label)
    except FollowError:
        return render(request, "400.html", status=400)
    messages.success(
        request,
        _("You follow %(label)s. News comes in your digest.") % {"label": label},
    )
    return _back(request, reverse("follows:mine"))


@login_required
@require_http_methods(["GET", "POST"])
def my_follows_view(request: HttpRequest) -> HttpResponse:
    current = digest_settings_of(user=request.user)
    initial = {
        "frequency": current.frequency if current else "weekly",
        "language": current.language if current else (get_language() or "sv")[:2],
    }
    form = DigestSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            digest_settings_update(
                user=request.user,
                frequency=form.cleaned_data["frequency"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Your e-mail settings are saved."))
            return HttpResponseRedirect(reverse("follows:mine"))
        status = 400
    else:
        status = 200
    return render(
        request,
        "pages/follows/mine.html",
        {"follows": follows_of(user=request.user), "form": form},
        status=status,
    )


@login_required
@require_POST
def follow_remove_view(request: HttpRequest, follow_id: int) -> HttpResponse:
    if follow_remove_by_id(user=request.user, follow_id=follow_id):
        messages.success(request, _("You no longer follow this."))
    return HttpResponseRedirect(reverse("follows:mine"))


@csrf_exempt  # RFC 8058: mail clients POST here without a session or form token
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    user_id = unsubscribe_user_id(token)
    if user_id is None:
        return render(request, "pages/follows/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        digest_unsubscribe(user_id=user_id)
        return render(request, "pages/follows/unsubscribe_done.html")
    # A GET never unsubscribes: link scanners open every link in a mail.
    return render(request, "pages/follows/unsubscribe.html", {"token": token})
