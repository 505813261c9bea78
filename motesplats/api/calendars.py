"""iCalendar feeds of events: all events, per node and per theme, in Swedish and English.

The entries are built by `motesplats.events.calendars` (the same VEVENT as an event's own
.ics): Europe/Stockholm with a VTIMEZONE, a UID per event that never changes, the
page's address, the place (or "Online"; the meeting link itself never), SEQUENCE and
LAST-MODIFIED from the page's publications, and STATUS:CANCELLED for an event that was
unpublished before it took place. Served as `text/calendar; charset=utf-8` inline, so
the same address works for `webcal://` subscriptions and for downloads.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motesplats.core.i18n import current_language
from motesplats.events.calendars import events_calendar

from .feeds import cached
from .feeds_content import ALL, calendar_events, scope_for

CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_name(scope) -> str:
    site = settings.WAGTAIL_SITE_NAME
    if scope.kind == ALL:
        return _("Events – %(site)s") % {"site": site}
    return _("Events: %(scope)s – %(site)s") % {"scope": scope.name(), "site": site}


def _build(kind: str, value: str) -> HttpResponse:
    language = current_language()
    try:
        scope = scope_for(kind, value)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    pages, cancelled = calendar_events(scope, language=language)
    content = events_calendar(
        pages, language=language, name=calendar_name(scope), cancelled=cancelled
    )
    return HttpResponse(content, content_type=CONTENT_TYPE)


@require_GET
def calendar_view(request: HttpRequest, kind: str, value: str = "") -> HttpResponse:
    """The events of a scope as an iCalendar feed; an unknown scope is a 404."""
    response = cached(request, ("ics", kind, value), lambda: _build(kind, value))
    if response.status_code == 200:
        slug = value or "events"
        response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    return response
