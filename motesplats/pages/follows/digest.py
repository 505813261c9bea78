"""What is new for a member since their watermark: one list of items, each listed once
with the follows that matched it.

Only published, public content in the member's language (coalition updates are written
in one language and go to everyone). The window is (start, end]: something published
exactly at `end` belongs to this digest and not to the next.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Page, PageLogEntry

from motesplats.actors.models import CoalitionUpdate
from motesplats.core.mail import absolute_url
from motesplats.core.search import search
from motesplats.events.models import EventPage, Session
from motesplats.knowledge.models import KnowledgePage
from motesplats.nodes.models import NodePage

from .models import Follow, FollowKind

# A saved search reports new pages among its best matches; more than this in one
# window would be a search result page, not a digest.
SEARCH_CANDIDATES = 100
SUMMARY_CHARS = 240
# What counts as a change worth telling a follower of an event.
EVENT_FIELDS = {
    "starts_at": "time",
    "ends_at": "time",
    "venue_name": "place",
    "address": "place",
    "city": "place",
    "format": "format",
}


@dataclass
class DigestItem:
    key: str
    title: str
    url: str
    summary: str = ""
    kind: str = ""
    when: datetime | None = None
    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add_reason(self, label: str) -> None:
        if label not in self.reasons:
            self.reasons.append(label)


@dataclass
class DigestContent:
    items: list[DigestItem]
    # Event follows → highest session id now reported (moved on when the digest goes).
    seen_sessions: dict[int, int] = field(default_factory=dict)


def _summary(text: str) -> str:
    return Truncator(" ".join((text or "").split())).chars(SUMMARY_CHARS)


def _kind_label(page: Page) -> str:
    specific = page.specific
    if isinstance(specific, EventPage):
        return _("Event")
    meta = type(specific)._meta
    return str(meta.verbose_name).capitalize()


class _Collector:
    def __init__(self) -> None:
        self.items: dict[str, DigestItem] = {}

    def page(self, page: Page, reason: str, *, note: str = "") -> DigestItem:
        key = f"page:{page.pk}"
        item = self.items.get(key)
        if item is None:
            specific = page.specific
            item = DigestItem(
                key=key,
                title=page.title,
                url=absolute_url(page.url or "/"),
                summary=_summary(getattr(specific, "summary", "") or ""),
                kind=_kind_label(page),
                when=page.last_published_at,
            )
            self.items[key] = item
        item.add_reason(reason)
        if note and note not in item.notes:
            item.notes.append(note)
        return item


def _new_pages(language: str, start: datetime, end: datetime):
    return (
        Page.objects.live()
        .public()
        .filter(
            locale__language_code=language,
            first_published_at__gt=start,
            first_published_at__lte=end,
        )
        .order_by("first_published_at", "pk")
    )


def _themes_of(page_ids: list[int]) -> dict[int, set[str]]:
    """Theme slugs of knowledge and event pages among `page_ids`, one query each."""
    themes: dict[int, set[str]] = defaultdict(set)
    for model in (KnowledgePage, EventPage):
        rows = model.objects.filter(pk__in=page_ids, themes__isnull=False).values_list(
            "pk", "themes__slug"
        )
        for pk, slug in rows:
            themes[pk].add(slug)
    return themes


def _search_page_ids(query: str, language: str) -> set[int]:
    result = search(query, language=language, limit=SEARCH_CANDIDATES)
    page_types = {
        ct.pk
        for ct in ContentType.objects.filter(
            pk__in={h.entry.content_type_id for h in result.hits}
        )
        if (model := ct.model_class()) is not None and issubclass(model, Page)
    }
    return {
        h.entry.object_id for h in result.hits if h.entry.content_type_id in page_types
    }


def _pages_for(follows, collector, language, start, end) -> None:
    by_kind = defaultdict(list)
    for follow in follows:
        by_kind[follow.kind].append(follow)
    if not (
        by_kind[FollowKind.THEME]
        or by_kind[FollowKind.NODE]
        or by_kind[FollowKind.SEARCH]
    ):
        return
    pages = list(_new_pages(language, start, end))
    if not pages:
        return
    themes = _themes_of([p.pk for p in pages]) if by_kind[FollowKind.THEME] else {}
    node_paths = {
        n.node.slug: n.path
        for n in NodePage.objects.filter(
            locale__language_code=language,
            node__slug__in=[f.key for f in by_kind[FollowKind.NODE]],
        ).select_related("node")
    }
    searches = {
        f.pk: _search_page_ids(f.key, language) for f in by_kind[FollowKind.SEARCH]
    }
    for page in pages:
        for follow in by_kind[FollowKind.THEME]:
            if follow.key in themes.get(page.pk, ()):
                collector.page(page, follow.label)
        for follow in by_kind[FollowKind.NODE]:
            path = node_paths.get(follow.key)
            if path and page.path.startswith(path) and page.path != path:
                collector.page(page, follow.label)
        for follow in by_kind[FollowKind.SEARCH]:
            if page.pk in searches[follow.pk]:
                collector.page(page, follow.label)


def _coalition_updates(follows, collector, language, start, end) -> None:
    keys = {f.key: f for f in follows if f.kind == FollowKind.COALITION}
    if not keys:
        return
    updates = (
        CoalitionUpdate.objects.filter(
            coalition__uuid__in=list(keys),
            coalition__is_active=True,
            created_at__gt=start,
            created_at__lte=end,
        )
        .select_related("coalition")
        .order_by("created_at", "pk")
    )
    for update in updates:
        coalition = update.coalition
        follow = keys[str(coalition.uuid)]
        with translation.override(language):
            url = reverse("actors:coalition_detail", args=[coalition.slug])
            kind = _("Coalition update")
        item = DigestItem(
            key=f"coalition-update:{update.pk}",
            title=update.title,
            url=absolute_url(url),
            summary=_summary(update.body),
            kind=kind,
            when=update.created_at,
        )
        item.add_reason(follow.label)
        collector.items[item.key] = item


def _published_before(page: EventPage, moment: datetime):
    """The event as it was published at `moment` (None if it was not yet)."""
    entry = (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", timestamp__lte=moment
        )
        .exclude(revision=None)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None


def _event_changes(page: EventPage, start: datetime) -> list[str]:
    before = _published_before(page, start)
    if before is None:
        return []
    changed = []
    for name, what in EVENT_FIELDS.items():
        if getattr(before, name) != getattr(page, name) and what not in changed:
            changed.append(what)
    labels = {"time": _("time"), "place": _("place"), "format": _("format")}
    return [str(labels[c]) for c in changed]


def _events(follows, collector, content, language, start, end) -> None:
    follows = [f for f in follows if f.kind == FollowKind.EVENT]
    if not follows:
        return
    pages = {
        str(p.translation_key): p
        for p in EventPage.objects.live()
        .public()
        .filter(
            translation_key__in=[f.key for f in follows],
            locale__language_code=language,
        )
    }
    for follow in follows:
        page = pages.get(follow.key)
        if page is None:
            continue
        new_sessions = list(
            Session.objects.filter(
                event__translation_key=follow.key, pk__gt=follow.seen_session_id
            ).order_by("starts_at", "pk")
        )
        if new_sessions:
            content.seen_sessions[follow.pk] = max(s.pk for s in new_sessions)
        notes = []
        published = page.last_published_at
        if published and start < published <= end:
            changed = _event_changes(page, start)
            if changed:
                notes.append(_("Changed: %(what)s") % {"what": ", ".join(changed)})
        if new_sessions:
            with translation.override(language):
                titles = ", ".join(str(s.title) for s in new_sessions)
            notes.append(_("New in the programme: %(titles)s") % {"titles": titles})
        for note in notes:
            collector.page(page, follow.label, note=note)


def digest_content(
    *, user, language: str, start: datetime, end: datetime
) -> DigestContent:
    """Everything new for `user`'s follows in (start, end], in `language`."""
    follows = list(Follow.objects.filter(user=user).order_by("kind", "label", "pk"))
    content = DigestContent(items=[])
    if not follows:
        return content
    collector = _Collector()
    with translation.override(language):
        _pages_for(follows, collector, language, start, end)
        _coalition_updates(follows, collector, language, start, end)
        _events(follows, collector, content, language, start, end)
    content.items = sorted(
        collector.items.values(), key=lambda i: (i.when is None, i.when, i.key)
    )
    return content
