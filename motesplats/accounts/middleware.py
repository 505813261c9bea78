"""Editors and administrators must have TOTP, and have used it, before the admin."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

ADMIN_PREFIX = "/admin/"


def session_passed_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class RequireStaffTwoFactorMiddleware:
    """Guards every Wagtail admin URL.

    - Wagtail's own login form is replaced by ours, which runs the two-factor stage.
    - A signed-in user who may use the admin but has no TOTP is sent to set it up.
    - A user with TOTP whose session did not pass it (e.g. signed in before activating
      it) is asked for a code again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ADMIN_PREFIX):
            redirect = self._guard(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def _url(self, name: str, next_url: str, language: str) -> str:
        with translation.override(language):
            return f"{reverse(name)}?{urlencode({'next': next_url})}"

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        language = language.split("-")[0]
        if request.path.startswith(f"{ADMIN_PREFIX}login/"):
            next_url = request.GET.get("next") or ADMIN_PREFIX
            if not next_url.startswith("/") or next_url.startswith("//"):
                next_url = ADMIN_PREFIX
            return HttpResponseRedirect(self._url("account_login", next_url, language))
        if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return None
        next_url = request.get_full_path()
        if not has_totp(user):
            return HttpResponseRedirect(
                self._url("mfa_activate_totp", next_url, language)
            )
        if not session_passed_mfa(request):
            return HttpResponseRedirect(
                self._url("mfa_reauthenticate", next_url, language)
            )
        return None
