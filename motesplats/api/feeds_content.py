"""What the feeds and calendars hold: scopes (everything, a node, a theme, a kind of
content) and their items.

Items come from the website's own selectors with the website's own facet values, so a
node's feed holds exactly what the knowledge bank and the events listing show for
`?node=<slug>`, newest first: `knowledge_browse` for the knowledge bank and
`events_browse` for the events (upcoming ones in the feeds; the calendars also keep
the last months). Only live, public pages in the feed's language ever appear.

A scope that does not exist (an unknown node, theme or kind) raises
`ObjectDoesNotExist`, which the views turn into a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, PageLogEntry

from motesplats.core.i18n import localized
from motesplats.events.listing import (
    FACETS as EVENT_FACETS,
)
from motesplats.events.listing import (
    PAST,
    UPCOMING,
    EventFilters,
    events_browse,
)
from motesplats.events.models import EventIndexPage, EventPage
from motesplats.knowledge.enums import KnowledgeKind
from motesplats.knowledge.models import KnowledgeIndexPage, KnowledgePage
from motesplats.knowledge.selectors import knowledge_browse
from motesplats.nodes.models import Node
from motesplats.nodes.selectors import node_list, node_pages_by_slug
from motesplats.taxonomy.models import Theme
from motesplats.taxonomy.selectors import theme_list

# How many items a feed holds (the newest).
FEED_LIMIT = 30
# How long finished events stay in a calendar feed, so that they do not vanish from a
# subscriber's calendar the day after.
CALENDAR_KEEPS_PAST = timedelta(days=180)

ALL = "all"
NODE = "node"
THEME = "theme"
KIND = "kind"
EVENTS = "events"
# Content kinds with a feed of their own: the knowledge bank's kinds and events.
KINDS = (*KnowledgeKind.values, EVENTS)

_THEMES_IN_ORDER = Prefetch("themes", queryset=Theme.objects.order_by("sort_order"))


@dataclass(frozen=True)
class Scope:
    """What one feed or calendar covers."""

    kind: str  # ALL, NODE, THEME or KIND
    value: str = ""  # the node's or theme's slug, or the content kind
    node: Node | None = None
    theme: Theme | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else self.kind

    @property
    def has_knowledge(self) -> bool:
        return not (self.kind == KIND and self.value == EVENTS)

    @property
    def has_events(self) -> bool:
        return self.kind != KIND or self.value == EVENTS

    def selected(self) -> dict[str, list[str]]:
        """The website's facet choice that lists the same items."""
        if self.kind == NODE:
            return {"node": [self.value]}
        if self.kind == THEME:
            return {"theme": [self.value]}
        if self.kind == KIND and self.value != EVENTS:
            return {"kind": [self.value]}
        return {}

    def name(self) -> str:
        """The scope's name in the active language, for feed titles."""
        if self.node is not None:
            return str(self.node.name)
        if self.theme is not None:
            return str(self.theme.name)
        if self.kind == KIND:
            return kind_label(self.value)
        return _("Everything")


def kind_label(kind: str) -> str:
    if kind == EVENTS:
        return _("Events")
    return {
        KnowledgeKind.INNOVATION: _("Innovation cases"),
        KnowledgeKind.ARTICLE: _("Articles"),
        KnowledgeKind.RESOURCE: _("Resources"),
        KnowledgeKind.FILM: _("Films"),
    }.get(kind, kind)


def scope_for(kind: str, value: str = "") -> Scope:
    """The scope named in a feed's address; ObjectDoesNotExist for an unknown one."""
    if kind == ALL:
        return Scope(ALL)
    if kind == NODE:
        return Scope(NODE, value, node=node_list().get(slug=value))
    if kind == THEME:
        return Scope(THEME, value, theme=theme_list().get(slug=value))
    if kind == KIND and value in KINDS:
        return Scope(KIND, value)
    raise ObjectDoesNotExist(f"no feed for {kind} {value!r}")


@dataclass
class FeedItem:
    """One entry of a feed: a knowledge page or an event page."""

    page: KnowledgePage | EventPage
    kind: str  # a knowledge kind or "events"
    url: str
    published: datetime
    updated: datetime
    node: Node | None
    node_url: str
    themes: list[Theme] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def summary(self) -> str:
        return self.page.summary


def _knowledge(scope: Scope, locale: Locale, limit: int) -> list[KnowledgePage]:
    if not scope.has_knowledge:
        return []
    items, _facets = knowledge_browse(
        locale=locale, selected=scope.selected(), sort="newest"
    )
    return list(items.select_related("locale")[:limit])


def _events_selected(scope: Scope) -> dict[str, list[str]]:
    return {k: v for k, v in scope.selected().items() if k != "kind"}


def _upcoming_events(scope: Scope, locale: Locale, limit: int) -> list[EventPage]:
    if not scope.has_events:
        return []
    items, _facets = events_browse(
        locale=locale,
        filters=EventFilters(when=UPCOMING, selected=_events_selected(scope)),
    )
    return list(
        items.select_related("locale")
        .prefetch_related(_THEMES_IN_ORDER)
        .order_by("-first_published_at", "-pk")[:limit]
    )


def feed_items(
    scope: Scope, *, language: str, limit: int = FEED_LIMIT
) -> list[FeedItem]:
    """The newest `limit` items of a scope in `language`, newest publication first."""
    locale = Locale.objects.get(language_code=language)
    pages: list[KnowledgePage | EventPage] = [
        *_knowledge(scope, locale, limit),
        *_upcoming_events(scope, locale, limit),
    ]
    pages.sort(key=lambda p: (p.first_published_at, p.pk), reverse=True)
    pages = pages[:limit]
    node_pages = node_pages_by_slug(language) if pages else {}
    items = []
    for page in pages:
        node = page.node
        node_page = node_pages.get(node.slug) if node is not None else None
        published = page.first_published_at or page.last_published_at
        items.append(
            FeedItem(
                page=page,
                kind=page.kind if isinstance(page, KnowledgePage) else EVENTS,
                url=page.get_full_url() or "",
                published=published,
                updated=page.last_published_at or published,
                node=node,
                node_url=(node_page.get_full_url() or "") if node_page else "",
                themes=list(page.themes.all()),
            )
        )
    return items


def node_name(node: Node, language: str) -> str:
    return localized(node, "name", language)


def scope_page_url(scope: Scope, *, language: str) -> str:
    """The website page that shows what the scope's feed holds (absolute, or "")."""
    if scope.kind == NODE:
        page = node_pages_by_slug(language).get(scope.value)
        return (page.get_full_url() or "") if page else ""
    if scope.kind == KIND and scope.value == EVENTS:
        page = EventIndexPage.objects.live().filter(locale__language_code=language)
        found = page.first()
        return (found.get_full_url() or "") if found else ""
    index = (
        KnowledgeIndexPage.objects.live().filter(locale__language_code=language).first()
    )
    if index is None:
        return ""
    url = index.get_full_url() or ""
    if scope.kind == THEME:
        return f"{url}?theme={scope.value}"
    if scope.kind == KIND:
        return f"{url}?kind={scope.value}"
    return url


# --- calendars --------------------------------------------------------------------------


def calendar_events(
    scope: Scope, *, language: str, now: datetime | None = None
) -> tuple[list[EventPage], dict[int, datetime]]:
    """A calendar's events (upcoming and those ended in the last months, by start) and
    the cancelled ones among them (page id → when it was cancelled).

    An event counts as cancelled when it was published and later unpublished, and has
    not ended: subscribers then see it marked as cancelled instead of silently gone.
    Events that were never published, and private ones, never appear.
    """
    now = now or timezone.now()
    locale = Locale.objects.get(language_code=language)
    selected = _events_selected(scope)
    since = (now - CALENDAR_KEEPS_PAST).date()
    upcoming, _facets = events_browse(
        locale=locale, filters=EventFilters(when=UPCOMING, selected=selected), now=now
    )
    past, _facets = events_browse(
        locale=locale,
        filters=EventFilters(when=PAST, selected=selected, date_from=since),
        now=now,
    )
    live = [
        *upcoming.select_related("locale"),
        *past.select_related("locale"),
    ]
    cancelled = _cancelled_events(locale, selected, now)
    times = {page.pk: at for page, at in cancelled}
    pages = sorted([*live, *(page for page, _at in cancelled)], key=_by_start)
    return pages, times


def _by_start(page: EventPage) -> tuple:
    return (page.starts_at, page.pk)


def _cancelled_events(
    locale: Locale, selected: dict[str, list[str]], now: datetime
) -> list[tuple[EventPage, datetime]]:
    unpublished = PageLogEntry.objects.filter(action="wagtail.unpublish")
    qs = (
        EventPage.objects.not_live()
        .public()
        .filter(
            locale=locale,
            first_published_at__isnull=False,
            ends_at__gte=now,
            pk__in=unpublished.values("page_id"),
        )
    )
    lookups = {facet.key: facet.lookup for facet in EVENT_FACETS}
    for key, values in selected.items():
        matching = EventPage.objects.filter(**{f"{lookups[key]}__in": values})
        qs = qs.filter(pk__in=matching.values("pk"))
    pages = list(qs.select_related("locale"))
    if not pages:
        return []
    when = dict(
        unpublished.filter(page_id__in=[p.pk for p in pages])
        .values("page_id")
        .annotate(at=Max("timestamp"))
        .values_list("page_id", "at")
    )
    return [(page, when[page.pk]) for page in pages if page.pk in when]
