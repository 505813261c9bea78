"""The harvester: content from peers (another Mötesplats, or an RSS/Atom feed) as local
knowledge pages, with where it came from.

A run over a source asks what changed since the last successful run (API v1's
`updated_since`), fetches those items, and creates or updates their pages. Now and then
(`HARVEST_FULL_PASS_HOURS`, or when asked) it lists everything the peer has, to find
what is gone there: those pages are unpublished here, never deleted. A page someone
edited here is never overwritten. A peer that is down, slow or sends garbage fails the
run: it is logged, the source backs off exponentially, and nothing local changes; one
bad item is skipped and logged while the others go on.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motesplats.core.audit import log_action

from .harvest_fetch import FetchError, Transport, UrllibTransport
from .harvest_pages import (
    Vocabulary,
    locally_edited,
    page_create,
    page_unpublish,
    page_update,
    parent_page,
)
from .harvest_parse import (
    InvalidItem,
    RemoteItem,
    parse_api_item,
    parse_feed,
    parse_list_page,
)
from .models import HarvestedItem, HarvestRun, PeerSource, SourceKind

logger = logging.getLogger(__name__)

PAGE_LIMIT = 100
# A peer's `next` links are followed at most this many times (and never in a circle).
MAX_LIST_PAGES = 500
MAX_MESSAGES = 200


@dataclass
class _Walk:
    """What one run has seen and done so far."""

    run: HarvestRun
    source: PeerSource
    transport: Transport
    vocabulary: Vocabulary | None = None
    parent: object = None
    messages: list[str] = field(default_factory=list)
    newest: datetime.datetime | None = None

    def note(self, message: str) -> None:
        logger.info("harvest %s: %s", self.source.pk, message)
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)

    def saw(self, when: datetime.datetime | None) -> None:
        if when is not None and (self.newest is None or when > self.newest):
            self.newest = when


# --- choosing sources ----------------------------------------------------------------------


def sources_due(*, now: datetime.datetime | None = None):
    """Active sources that are not backing off."""
    now = now or timezone.now()
    return PeerSource.objects.filter(active=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def backoff_delay(failures: int) -> datetime.timedelta:
    """Exponential: base, 2×base, 4×base, ... never more than the cap (24 h)."""
    base = settings.HARVEST_RETRY_BASE_SECONDS
    seconds = min(base * 2 ** max(failures - 1, 0), settings.HARVEST_RETRY_MAX_SECONDS)
    return datetime.timedelta(seconds=seconds)


def harvest_due_sources(
    *, force: bool = False, full: bool | None = None, transport: Transport | None = None
) -> list[HarvestRun]:
    """One run over every source that is due (every active one with `force`)."""
    sources = (
        PeerSource.objects.filter(active=True) if force else sources_due()
    ).select_related("node")
    return [
        source_harvest(source=source, full=full, transport=transport)
        for source in sources
    ]


# --- one run -------------------------------------------------------------------------------


def source_harvest(
    *, source: PeerSource, full: bool | None = None, transport: Transport | None = None
) -> HarvestRun:
    """Harvest one source once; returns the run with its counts (or its error)."""
    now = timezone.now()
    if full is None:
        hours = settings.HARVEST_FULL_PASS_HOURS
        full = source.kind == SourceKind.MOTESPLATS_API and (
            source.last_full_pass_at is None
            or source.last_full_pass_at <= now - datetime.timedelta(hours=hours)
        )
    run = HarvestRun.objects.create(source=source, full_pass=bool(full))
    walk = _Walk(run=run, source=source, transport=transport or UrllibTransport())
    try:
        walk.parent = parent_page(source)
        if walk.parent is None:
            raise FetchError(
                f"The node {source.node} has no page in language {source.language}"
            )
        walk.vocabulary = Vocabulary()
        if source.kind == SourceKind.FEED:
            _harvest_feed(walk)
        else:
            _harvest_api(walk, full=bool(full))
    except FetchError as exc:
        _failed(walk, str(exc))
    except Exception as exc:  # a bug must not stop the other sources; it is logged
        logger.exception("harvest %s failed", source.pk)
        _failed(walk, f"Unexpected error: {exc.__class__.__name__}: {exc}")
    else:
        _succeeded(walk, full=bool(full))
    return run


def _succeeded(walk: _Walk, *, full: bool) -> None:
    source, run, now = walk.source, walk.run, timezone.now()
    if walk.newest and (source.watermark is None or walk.newest > source.watermark):
        source.watermark = walk.newest
    source.last_success_at = now
    if full:
        source.last_full_pass_at = now
    source.consecutive_failures = 0
    source.next_attempt_at = None
    source.last_error = ""
    source.save(
        update_fields=[
            "watermark",
            "last_success_at",
            "last_full_pass_at",
            "consecutive_failures",
            "next_attempt_at",
            "last_error",
        ]
    )
    _finish(walk)
    log_action(
        action="api.harvest.run",
        obj=source,
        data={
            key: getattr(run, key)
            for key in ("created", "updated", "deleted", "skipped_local_edit")
        },
    )


def _failed(walk: _Walk, error: str) -> None:
    source, run = walk.source, walk.run
    logger.warning("harvest %s (%s) failed: %s", source.pk, source.name, error)
    source.consecutive_failures += 1
    source.next_attempt_at = timezone.now() + backoff_delay(source.consecutive_failures)
    source.last_error = error[:2000]
    source.save(update_fields=["consecutive_failures", "next_attempt_at", "last_error"])
    run.error = error[:2000]
    _finish(walk)


def _finish(walk: _Walk) -> None:
    run = walk.run
    run.finished_at = timezone.now()
    run.messages = "\n".join(walk.messages)
    run.save()


# --- Mötesplats API v1 ---------------------------------------------------------------------


def _api_url(source: PeerSource, path: str, **params) -> str:
    base = source.base_url.rstrip("/") + "/"
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return urljoin(base, path) + (f"?{query}" if query else "")


def _same_origin(source: PeerSource, url: str) -> str:
    """The peer's `next` link, on the peer's own address (its idea of its host name
    may differ behind a proxy; other hosts are never followed)."""
    base, link = urlsplit(source.base_url), urlsplit(urljoin(source.base_url, url))
    return urlunsplit((base.scheme, base.netloc, link.path, link.query, ""))


def _list(walk: _Walk, *, since: datetime.datetime | None):
    """Every (id, updated_at) of the peer's list, page by page."""
    source = walk.source
    url: str | None = _api_url(
        source,
        "api/v1/knowledge",
        lang=source.language,
        limit=PAGE_LIMIT,
        node=source.remote_node,
        updated_since=since.isoformat() if since else None,
    )
    seen: set[str] = set()
    while url:
        if url in seen or len(seen) >= MAX_LIST_PAGES:
            raise FetchError("The peer's list does not end (its `next` links loop)")
        seen.add(url)
        answer = walk.transport.get(url, accept="application/json")
        if answer.status != 200:
            raise FetchError(f"HTTP {answer.status} for the list {url}")
        page = parse_list_page(answer.body)
        for message in page.invalid:
            walk.run.invalid += 1
            walk.note(message)
        yield from page.items
        url = _same_origin(source, page.next) if page.next else None


def _harvest_api(walk: _Walk, *, full: bool) -> None:
    source = walk.source
    known = {
        record.remote_id: record
        for record in HarvestedItem.objects.filter(source=source).select_related("page")
    }
    listed: set[str] = set()
    since = None if full else source.watermark
    for remote_id, updated_at in _list(walk, since=since):
        if remote_id in listed:
            continue
        listed.add(remote_id)
        walk.run.fetched += 1
        walk.saw(updated_at)
        record = known.get(remote_id)
        if (
            record is not None
            and updated_at is not None
            and record.remote_updated_at == updated_at
            and record.deleted_remotely_at is None
        ):
            walk.run.unchanged += 1  # same change as last time: not even fetched
            continue
        url = _api_url(source, f"api/v1/knowledge/{remote_id}", lang=source.language)
        answer = walk.transport.get(url, accept="application/json")
        if answer.status == 404:  # gone between the list and now
            if record is not None:
                _gone(walk, record)
            continue
        if answer.status != 200:
            raise FetchError(f"HTTP {answer.status} for {url}")
        try:
            item = parse_api_item(answer.body)
        except InvalidItem as exc:
            walk.run.invalid += 1
            walk.note(f"{remote_id}: {exc}")
            continue
        if item.remote_id != remote_id:
            walk.run.invalid += 1
            walk.note(f"{remote_id}: the detail answers with another id")
            continue
        _upsert(walk, item, record)
    if full:
        for remote_id, record in known.items():
            if remote_id not in listed and record.deleted_remotely_at is None:
                _gone(walk, record)


# --- feeds ---------------------------------------------------------------------------------


def _harvest_feed(walk: _Walk) -> None:
    """A feed lists its latest entries only: an entry that drops off is not gone."""
    answer = walk.transport.get(
        walk.source.base_url,
        accept="application/atom+xml, application/rss+xml, application/xml;q=0.9",
    )
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} for the feed")
    items, invalid = parse_feed(answer.body)
    for message in invalid:
        walk.run.invalid += 1
        walk.note(message)
    known = {
        record.remote_id: record
        for record in HarvestedItem.objects.filter(
            source=walk.source, remote_id__in=[i.remote_id for i in items]
        ).select_related("page")
    }
    for item in items:
        walk.run.fetched += 1
        walk.saw(item.updated_at)
        _upsert(walk, item, known.get(item.remote_id))


# --- writes --------------------------------------------------------------------------------


def _upsert(walk: _Walk, item: RemoteItem, record: HarvestedItem | None) -> None:
    run = walk.run
    if record is None:
        with transaction.atomic():
            _record, notes = page_create(
                source=walk.source,
                parent=walk.parent,
                item=item,
                vocabulary=walk.vocabulary,
            )
        run.created += 1
        for note in notes:
            walk.note(note)
        return
    if record.content_hash == item.content_hash() and not record.deleted_remotely_at:
        if record.remote_updated_at != item.updated_at:
            record.remote_updated_at = item.updated_at  # no page write: same content
            record.save(update_fields=["remote_updated_at", "harvested_at"])
        run.unchanged += 1
        return
    page = record.page.specific if record.page else None
    if locally_edited(record, page):
        _skip_local(walk, record, "changed remotely")
        return
    with transaction.atomic():
        notes = page_update(
            record=record, page=page, item=item, vocabulary=walk.vocabulary
        )
    run.updated += 1
    for note in notes:
        walk.note(note)


def _gone(walk: _Walk, record: HarvestedItem) -> None:
    page = record.page.specific if record.page else None
    if locally_edited(record, page):
        _skip_local(walk, record, "gone remotely")
        return
    with transaction.atomic():
        page_unpublish(record=record, page=page)
    walk.run.deleted += 1
    walk.note(f"{record.remote_id}: gone remotely, unpublished here")


def _skip_local(walk: _Walk, record: HarvestedItem, what: str) -> None:
    if not record.locally_edited:
        record.locally_edited = True
        record.save(update_fields=["locally_edited", "harvested_at"])
    walk.run.skipped_local_edit += 1
    walk.note(f"{record.remote_id}: {what}, but edited here: left as it is")
