"""RSS 2.0 and Atom 1.0 feeds per node, per theme and per kind of content, in Swedish
and English, with Django's syndication framework.

* Entries: title, the page's canonical (absolute) address, summary, first publication
  and last change, the node as author and the themes as categories.
* Atom ids are tag URIs (RFC 4151) built from what never changes: the page's
  translation key and language and the day it was first published. A slug or a title
  may change; the id does not, so readers never show an edited item twice.
* Feeds are cached per host, language, scope and format under the site's content
  version, which every publication bumps (`motesplats.core.cache`); a short timeout
  also lets upcoming events drop out after they end. Responses carry an ETag and
  Last-Modified, so readers that poll get a 304 when nothing changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motesplats.core.cache import content_version
from motesplats.core.i18n import current_language

from .feeds_content import (
    FeedItem,
    Scope,
    feed_items,
    node_name,
    scope_for,
    scope_page_url,
)

FEED_CACHE_SECONDS = 15 * 60
# Readers and proxies may keep a feed this long before asking again.
CLIENT_MAX_AGE = 15 * 60
# The date part of the feeds' own tag URIs (fixed: an id must never change).
TAG_DATE = "2026"
ATOM = "atom"
RSS = "rss"


def tag_domain() -> str:
    configured = getattr(settings, "FEEDS_TAG_DOMAIN", "")
    if configured:
        return configured
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).hostname
    return host or "motesplats.localhost"


def item_tag(item: FeedItem, language: str) -> str:
    page = item.page
    day = item.published.date().isoformat()
    return f"tag:{tag_domain()},{day}:{item.kind}/{page.translation_key}/{language}"


def feed_tag(scope: Scope, language: str, fmt: str) -> str:
    return f"tag:{tag_domain()},{TAG_DATE}:feeds/{language}/{scope.key}/{fmt}"


class ContentFeed(Feed):
    """The Atom feed of a scope; `RssContentFeed` is the same as RSS 2.0."""

    feed_type = Atom1Feed
    fmt = ATOM

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.language = current_language()
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, kind, value=""):
        return scope_for(kind, value)

    def title(self, obj: Scope) -> str:
        return _("%(scope)s – %(site)s") % {
            "scope": obj.name(),
            "site": settings.WAGTAIL_SITE_NAME,
        }

    def subtitle(self, obj: Scope) -> str:
        return _("The newest from %(scope)s at %(site)s.") % {
            "scope": obj.name(),
            "site": settings.WAGTAIL_SITE_NAME,
        }

    def description(self, obj: Scope) -> str:
        return self.subtitle(obj)

    def link(self, obj: Scope) -> str:
        return scope_page_url(obj, language=self.language) or (
            self.request.build_absolute_uri(f"/{self.language}/")
        )

    def feed_url(self, obj: Scope) -> str:
        return self.request.build_absolute_uri(self.request.path)

    def feed_guid(self, obj: Scope) -> str:
        return feed_tag(obj, self.language, self.fmt)

    def author_name(self, obj: Scope) -> str:
        return settings.WAGTAIL_SITE_NAME

    def ttl(self, obj: Scope) -> int:
        return CLIENT_MAX_AGE // 60

    def items(self, obj: Scope) -> list[FeedItem]:
        return feed_items(obj, language=self.language)

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_description(self, item: FeedItem) -> str:
        return item.summary

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return item_tag(item, self.language)

    item_guid_is_permalink = False

    def item_pubdate(self, item: FeedItem):
        return item.published

    def item_updateddate(self, item: FeedItem):
        return item.updated

    def item_author_name(self, item: FeedItem) -> str:
        if item.node is None:
            return settings.WAGTAIL_SITE_NAME
        return node_name(item.node, self.language)

    def item_author_link(self, item: FeedItem) -> str | None:
        return item.node_url or None

    def item_categories(self, item: FeedItem) -> list[str]:
        return [str(theme.name) for theme in item.themes]


class RssContentFeed(ContentFeed):
    feed_type = Rss201rev2Feed
    fmt = RSS


# Classes, not instances: a feed keeps the request on itself while it renders.
_FEEDS: dict[str, type[ContentFeed]] = {ATOM: ContentFeed, RSS: RssContentFeed}


def cached(
    request: HttpRequest, parts: tuple[str, ...], build: Callable[[], HttpResponse]
) -> HttpResponse:
    """`build()`'s response, from the cache when the content has not changed since.

    The key holds the host (feeds carry absolute addresses), the language, the scope
    and format (`parts`) and the content version. The response gets a strong ETag (a
    hash of the body), Last-Modified when known, and a Cache-Control for readers.
    """
    key_text = ":".join(
        [request.get_host(), current_language(), *parts, str(content_version())]
    )
    key = "motesplats:feeds:" + hashlib.sha256(key_text.encode()).hexdigest()
    stored = cache.get(key)
    if stored is None:
        response = build()
        if response.status_code != 200:
            return response
        stored = (
            bytes(response.content),
            response["Content-Type"],
            response.get("Last-Modified", ""),
        )
        cache.set(key, stored, FEED_CACHE_SECONDS)
    content, content_type, last_modified = stored
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    modified = parse_http_date_safe(last_modified) if last_modified else None
    conditional = get_conditional_response(request, etag=etag, last_modified=modified)
    response = conditional or HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=CLIENT_MAX_AGE)
    return response


@require_GET
def feed_view(
    request: HttpRequest, fmt: str, kind: str, value: str = ""
) -> HttpResponse:
    """One feed: `fmt` is "atom" or "rss"; an unknown scope is a 404."""
    feed_class = _FEEDS.get(fmt)
    if feed_class is None:
        raise Http404
    with translation.override(current_language()):
        return cached(
            request,
            ("feed", fmt, kind, value),
            lambda: feed_class()(request, kind=kind, value=value),
        )
