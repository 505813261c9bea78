"""Reads on events shared by the views: resolve an event for the visitor's language."""

from django.http import Http404
from django.utils.translation import get_language

from wagtail.models import Locale

from .models import EventPage


def event_for_language(*, event_id: int, language: str | None = None) -> EventPage:
    """The live event page with this id, shown in `language` when translated.

    Records (tickets, sessions, registrations) belong to `page.canonical`; the page
    returned is the one whose title and text the visitor reads.
    """
    page = (
        EventPage.objects.live()
        .filter(pk=event_id)
        .select_related("locale", "node", "county")
        .first()
    )
    if page is None:
        raise Http404("No such event")
    language = (language or get_language() or "sv").split("-")[0]
    if page.locale.language_code != language:
        locale = Locale.objects.filter(language_code=language).first()
        if locale is not None:
            translated = (
                EventPage.objects.live()
                .filter(translation_key=page.translation_key, locale=locale)
                .select_related("locale", "node", "county")
                .first()
            )
            if translated is not None:
                page = translated
    return page
