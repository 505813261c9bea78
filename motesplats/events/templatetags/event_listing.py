"""Template tags for lists of events: upcoming events on theme and node pages, and
an event's dates written out with machine-readable `<time>` elements."""

from datetime import datetime
from urllib.parse import urlencode

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from motesplats.events.listing import events_upcoming
from motesplats.events.models import EventIndexPage

register = template.Library()


def _time(value: datetime, fmt: str, *, date_only: bool = False) -> SafeString:
    local = timezone.localtime(value)
    machine = local.date().isoformat() if date_only else local.isoformat()
    return format_html(
        '<time datetime="{}">{}</time>', machine, formats.date_format(local, fmt)
    )


def _to() -> SafeString:
    # Read as a word by screen readers; shown as a dash.
    return format_html(
        '<span aria-hidden="true">–</span><span class="visually-hidden"> {} </span>',
        _("to"),
    )


@register.simple_tag
def event_dates(event, with_times: bool = True) -> SafeString:
    """ "Tuesday 9 November 2027, 09:00 to 16:00", or "9 to 10 November 2027"."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    if start.date() == end.date():
        if not with_times:
            return _time(event.starts_at, "l j F Y", date_only=True)
        return format_html(
            "{}, {}{}{}",
            _time(event.starts_at, "l j F Y", date_only=True),
            _time(event.starts_at, "H:i"),
            _to(),
            _time(event.ends_at, "H:i"),
        )
    if (start.year, start.month) == (end.year, end.month):
        first = "j"
    elif start.year == end.year:
        first = "j F"
    else:
        first = "j F Y"
    return format_html(
        "{}{}{}",
        _time(event.starts_at, first, date_only=True),
        _to(),
        _time(event.ends_at, "j F Y", date_only=True),
    )


def _locale(context) -> Locale | None:
    page = context.get("page")
    if isinstance(page, Page):
        return page.locale
    language = (get_language() or "sv").split("-")[0]
    return Locale.objects.filter(language_code=language).first()


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, theme=None, node=None, limit: int = 4) -> dict:
    """The next events of a theme or a node (at most `limit`), with a link to all of
    them in the filtered events listing."""
    locale = _locale(context)
    if locale is None:
        return {"events": [], "more_url": ""}
    events = events_upcoming(
        locale=locale,
        theme_id=theme.pk if theme is not None else None,
        node_id=node.pk if node is not None else None,
        limit=limit,
    )
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    more_url = ""
    if index is not None:
        request = context.get("request")
        query = {}
        if theme is not None:
            query["theme"] = theme.slug
        if node is not None:
            query["node"] = node.slug
        more_url = index.get_url(request) or ""
        if query and more_url:
            more_url = f"{more_url}?{urlencode(query)}"
    return {
        "request": context.get("request"),
        "events": events,
        "more_url": more_url,
        "theme": theme,
        "node": node,
    }
