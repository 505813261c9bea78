"""What every app's e-mail needs: absolute links and the recipient's language."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """A site path as a full link (mail is read outside the site)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_language(code: str | None) -> str:
    """A stored language code as one the site speaks (Swedish when unknown)."""
    code = (code or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
