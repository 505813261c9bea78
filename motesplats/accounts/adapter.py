import time

from django.http import HttpRequest

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records


class AccountAdapter(DefaultAccountAdapter):
    """Language on sign-up; a fresh password sign-in counts as reauthentication."""

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        language = (getattr(request, "LANGUAGE_CODE", "sv") or "sv")[:2]
        user.preferred_language = language if language in ("sv", "en") else "sv"
        return super().save_user(request, user, form, commit=commit)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # An editor sent to set up two-factor authentication right after signing in has
        # just typed the password; asking for it again would only add a step.
        request = getattr(self, "request", None)
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            timeout = account_settings.REAUTHENTICATION_TIMEOUT
            if any(
                r.get("method") == "password" and time.time() - r.get("at", 0) < timeout
                for r in records
            ):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
