from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Stores the language the visitor signed up in, for e-mail and defaults."""

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        language = getattr(request, "LANGUAGE_CODE", "sv") or "sv"
        user.preferred_language = (
            language.split("-")[0] if language[:2] in ("sv", "en") else "sv"
        )
        return super().save_user(request, user, form, commit=commit)
