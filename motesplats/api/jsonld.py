"""schema.org JSON-LD for events, articles, innovation cases and organisations.

Built here, in the top layer, from what the pages already show: nothing that is not on
the page itself, never an e-mail address, never an event's meeting link (a virtual
location is the event's own page, where registered participants are told how to join).

`json_ld_script` writes the `<script type="application/ld+json">` element with `<`, `>`
and `&` escaped as JSON escapes (like Django's `json_script`), so no text from a page can
close the element. A JSON-LD block is data, not a script: browsers do not execute it,
so the strict CSP (`script-src 'self'`) does not apply to it; the browser tests listen
for CSP violations on every page kind to prove it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Site

from motesplats.core.i18n import localized
from motesplats.events.enums import EventFormat, RegistrationMode
from motesplats.events.models import EventPage
from motesplats.knowledge.enums import ArticleType
from motesplats.knowledge.models import ArticlePage, InnovationPage
from motesplats.nodes.models import Node
from motesplats.nodes.selectors import node_pages_by_slug

CONTEXT = "https://schema.org"
COUNTRY = "SE"
CURRENCY = "SEK"
# JSON escapes for the characters that could end the script element or start markup.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_ESCAPES)),  # noqa: S308 -- escaped just above
    )


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat()


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values, so no key claims what the page does not say."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _language(page) -> str:
    return page.locale.language_code


def _node(node: Node | None, language: str) -> dict[str, Any] | None:
    if node is None:
        return None
    page = node_pages_by_slug(language).get(node.slug)
    return _clean(
        {
            "@type": "Organization",
            "name": localized(node, "name", language),
            "url": (page.get_full_url() or "") if page else node.website,
        }
    )


def _publisher(request) -> dict[str, Any]:
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_url + "/" if site is not None else ""
    return _clean(
        {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": root}
    )


def _themes(page) -> list[str]:
    return [str(theme.name) for theme in page.themes.all()]


def _address(**parts: str) -> dict[str, Any]:
    return _clean({"@type": "PostalAddress", "addressCountry": COUNTRY, **parts})


# --- events ------------------------------------------------------------------------------

_ATTENDANCE = {
    EventFormat.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.DIGITAL: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def _event_locations(page: EventPage, url: str) -> list[dict[str, Any]]:
    locations = []
    if page.format in (EventFormat.ON_SITE, EventFormat.HYBRID):
        locations.append(
            _clean(
                {
                    "@type": "Place",
                    "name": page.venue_name or page.city,
                    "address": _address(
                        streetAddress=page.address,
                        addressLocality=page.city,
                        addressRegion=str(page.county.name) if page.county_id else "",
                    ),
                    "hasMap": page.map_url,
                }
            )
        )
    if page.format in (EventFormat.DIGITAL, EventFormat.HYBRID):
        # The event's page, never the meeting link (that is for participants only).
        locations.append({"@type": "VirtualLocation", "url": url})
    return locations


def _offers(page: EventPage, url: str) -> list[dict[str, Any]]:
    canonical = page.canonical
    if canonical.registration_mode == RegistrationMode.NONE:
        return []
    language = _language(page)
    offers = []
    for ticket in canonical.ticket_types.filter(is_active=True).order_by(
        "sort_order", "pk"
    ):
        offers.append(
            _clean(
                {
                    "@type": "Offer",
                    "name": localized(ticket, "name", language),
                    "price": str(ticket.price),
                    "priceCurrency": CURRENCY,
                    "url": url,
                    "validFrom": _iso(
                        ticket.sale_starts_at or canonical.registration_opens_at
                    ),
                    "validThrough": _iso(
                        ticket.sale_ends_at or canonical.registration_closes_at
                    ),
                }
            )
        )
    return offers


def event_data(page: EventPage, request=None) -> dict[str, Any]:
    url = page.get_full_url(request) or ""
    locations = _event_locations(page, url)
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": page.title,
            "description": page.summary,
            "url": url,
            "startDate": _iso(page.starts_at),
            "endDate": _iso(page.ends_at),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": _ATTENDANCE.get(page.format),
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": _node(page.node, _language(page)),
            "inLanguage": _language(page),
            "about": _themes(page),
            "offers": _offers(page, url),
        }
    )


# --- knowledge ---------------------------------------------------------------------------


def _creative_work(page, request, type_: str) -> dict[str, Any]:
    url = page.get_full_url(request) or ""
    language = _language(page)
    return {
        "@context": CONTEXT,
        "@type": type_,
        "headline": page.title[:110],
        "name": page.title,
        "description": page.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at),
        "inLanguage": language,
        "author": _node(page.node, language),
        "publisher": _publisher(request),
        "keywords": ", ".join(_themes(page)),
    }


def article_data(page: ArticlePage, request=None) -> dict[str, Any]:
    kind = "NewsArticle" if page.article_type == ArticleType.NEWS else "Article"
    return _clean(_creative_work(page, request, kind))


def innovation_data(page: InnovationPage, request=None) -> dict[str, Any]:
    """An innovation case: a CreativeWork about a project, by the organisations behind it."""
    data = _creative_work(page, request, "CreativeWork")
    data["additionalType"] = "https://schema.org/Project"
    data["abstract"] = page.summary
    data["creator"] = [
        {"@type": "Organization", "name": org.name} for org in page.organisations.all()
    ]
    if page.county_id or page.municipality:
        data["locationCreated"] = _clean(
            {
                "@type": "Place",
                "address": _address(
                    addressLocality=page.municipality,
                    addressRegion=str(page.county.name) if page.county_id else "",
                ),
            }
        )
    if page.year:
        data["temporalCoverage"] = f"{page.year}/.."
    return _clean(data)


# --- organisations -----------------------------------------------------------------------


def organisation_data(organisation, request=None) -> dict[str, Any]:
    """Public fields only: name, description, place, website, sector, themes."""
    page_url = request.build_absolute_uri() if request is not None else ""
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "name": organisation.name,
            "url": organisation.website or page_url,
            "mainEntityOfPage": page_url,
            "description": organisation.description,
            "identifier": organisation.org_number,
            "address": _address(
                addressLocality=organisation.municipality,
                addressRegion=(
                    str(organisation.county.name) if organisation.county_id else ""
                ),
            ),
            "knowsAbout": [str(theme.name) for theme in organisation.themes.all()],
        }
    )


def page_data(page, request=None) -> dict[str, Any] | None:
    """The JSON-LD of a page, or None for pages without any."""
    if isinstance(page, EventPage):
        return event_data(page, request)
    if isinstance(page, ArticlePage):
        return article_data(page, request)
    if isinstance(page, InnovationPage):
        return innovation_data(page, request)
    return None
