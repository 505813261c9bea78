"""Template tags that let browsers, feed readers and search engines find what the site
offers: `{% feed_alternates %}` (`<link rel="alternate">` to the feeds that match the
page) and `{% structured_data %}` (schema.org JSON-LD for events, articles, innovation
cases and organisations). `base.html` loads them for every page; they read only the
context (`page`, `organisation`) and never fail a page: a page they know nothing about
gets nothing.
"""

from __future__ import annotations

import logging

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from motesplats.api.feeds_content import EVENTS, KINDS
from motesplats.api.jsonld import json_ld_script, organisation_data, page_data
from motesplats.events.models import EventIndexPage, EventPage
from motesplats.knowledge.models import KnowledgePage
from motesplats.nodes.models import NodePage

register = template.Library()
logger = logging.getLogger(__name__)

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
CALENDAR_TYPE = "text/calendar"


def _links(route: str, name: str, value: str = "", calendar: bool = False) -> list:
    kwargs = {"value": value} if value else None
    links = [
        (
            ATOM_TYPE,
            _("%(name)s (Atom)") % {"name": name},
            reverse(f"feeds:{route}_atom", kwargs=kwargs),
        ),
        (
            RSS_TYPE,
            _("%(name)s (RSS)") % {"name": name},
            reverse(f"feeds:{route}_rss", kwargs=kwargs),
        ),
    ]
    if calendar:
        links.append(
            (
                CALENDAR_TYPE,
                _("Events: %(name)s (calendar)") % {"name": name},
                reverse(f"feeds:{route}_ics", kwargs=kwargs),
            )
        )
    return links


def feed_links_for(page) -> list[tuple[str, str, str]]:
    """(type, title, path) of the feeds that match a page; the whole site's otherwise."""
    theme = getattr(page, "theme", None) if page is not None else None
    if isinstance(page, NodePage):
        return _links("node", str(page.node.name), page.node.slug, calendar=True)
    if theme is not None and getattr(page, "theme_id", None):
        return _links("theme", str(theme.name), theme.slug, calendar=True)
    if isinstance(page, KnowledgePage) and page.kind in KINDS:
        name = {
            "innovation": _("Innovation cases"),
            "article": _("Articles"),
            "resource": _("Resources"),
            "film": _("Films"),
        }.get(page.kind, page.kind)
        return _links("kind", name, page.kind)
    if isinstance(page, (EventPage, EventIndexPage)):
        calendar = (CALENDAR_TYPE, _("All events (calendar)"), reverse("feeds:all_ics"))
        return [*_links("kind", _("Events"), EVENTS), calendar]
    return _links("all", _("Everything"))


def _served_page(context):
    """The page when the request is for the page itself; views that only borrow a
    page for their context (an event's booking form) get the site's defaults, and
    their query counts do not change."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return None
    return context.get("page")


@register.simple_tag(takes_context=True)
def feed_alternates(context) -> str:
    try:
        links = feed_links_for(_served_page(context))
    except Exception:  # a page's head must render even if a feed route is missing
        logger.exception("feed links failed")
        return ""
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        links,
    )


@register.simple_tag(takes_context=True)
def structured_data(context) -> str:
    request = context.get("request")
    try:
        page = _served_page(context)
        data = page_data(page, request) if page is not None else None
        organisation = context.get("organisation")
        match = getattr(request, "resolver_match", None)
        on_detail = match is not None and match.url_name == "organisation_detail"
        if data is None and on_detail and organisation and organisation.is_public:
            data = organisation_data(organisation, request)
    except Exception:  # structured data is extra; it never breaks the page
        logger.exception("structured data failed")
        return ""
    return json_ld_script(data) if data else ""
