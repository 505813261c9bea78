"""The events listing (the context of the events page) and the summit archive."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from wagtail.models import Locale

from motesplats.core.forms import error_summary
from motesplats.events.forms.listing import WHEN_LABELS, parse_event_filters
from motesplats.events.listing import (
    events_attach_status,
    events_browse,
    summit_editions,
)
from motesplats.events.models import EventIndexPage


def event_index_context(request: HttpRequest, *, page: EventIndexPage) -> dict:
    """Filters, facets with counts, one page of events with their status."""
    filters, date_form = parse_event_filters(request.GET)
    items, facets = events_browse(locale=page.locale, filters=filters)
    paged = Paginator(items, page.per_page).get_page(request.GET.get("page"))
    events_attach_status(paged.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    tabs = []
    for value, label in WHEN_LABELS.items():
        tab_query = query.copy()
        tab_query["when"] = value
        tabs.append(
            {
                "value": value,
                "label": label,
                "query": tab_query.urlencode(),
                "current": value == filters.when,
            }
        )
    return {
        "filters": filters,
        "facets": facets,
        "items": paged,
        "when": filters.when,
        "when_tabs": tabs,
        "date_form": date_form,
        "errors": error_summary(date_form) if date_form.is_bound else [],
        "filter_query": query.urlencode(),
        "has_filters": filters.is_filtered,
    }


@require_http_methods(["GET", "HEAD"])
def summit_archive_view(request: HttpRequest) -> HttpResponse:
    """Every edition of the summit, newest first, the next one marked."""
    language = (get_language() or "sv").split("-")[0]
    locale = Locale.objects.filter(language_code=language).first()
    editions = summit_editions(locale=locale) if locale else []
    index = (
        EventIndexPage.objects.live().filter(locale=locale).first() if locale else None
    )
    return render(
        request,
        "events/summit_archive.html",
        {"editions": editions, "events_index": index},
    )
