"""Harvested items as local knowledge pages: create, update, unpublish.

A page is written as a revision without a user and published; the revision's id is
kept on the `HarvestedItem`. Any later revision, or one by a person, is a local edit:
the harvester then leaves the page alone (an editor's work always wins).
"""

from __future__ import annotations

import hashlib

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from motesplats.knowledge.enums import KnowledgeKind
from motesplats.knowledge.models import (
    ArticlePage,
    FilmPage,
    InnovationEvidenceLink,
    InnovationOrganisation,
    InnovationPage,
    ResourcePage,
)
from motesplats.nodes.models import NodePage
from motesplats.taxonomy.models import AreaType, Region, SdgGoal, Sector, Theme

from .harvest_parse import RemoteItem
from .models import HarvestedItem, PeerSource

PAGE_CLASSES = {
    KnowledgeKind.INNOVATION: InnovationPage,
    KnowledgeKind.ARTICLE: ArticlePage,
    KnowledgeKind.RESOURCE: ResourcePage,
    KnowledgeKind.FILM: FilmPage,
}
PLAIN_FIELDS = {
    KnowledgeKind.INNOVATION: (
        "need",
        "solution",
        "municipality",
        "maturity",
        "evidence_level",
        "contact_organisation",
        "website",
    ),
    KnowledgeKind.ARTICLE: ("article_type",),
    KnowledgeKind.RESOURCE: ("resource_type", "table_of_contents"),
    KnowledgeKind.FILM: (
        "video_url",
        "duration_minutes",
        "captions_url",
        "transcript",
        "research_and_partners",
    ),
}


class Vocabulary:
    """The shared vocabulary by its public keys, read once per run."""

    def __init__(self) -> None:
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.goals = {g.number: g for g in SdgGoal.objects.all()}
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.areas = {a.slug: a for a in AreaType.objects.all()}
        self.counties = {r.code: r for r in Region.objects.all()}


def parent_page(source: PeerSource) -> NodePage | None:
    """The page of the source's node in the source's language."""
    return (
        NodePage.objects.filter(
            node_id=source.node_id, locale__language_code=source.language
        )
        .order_by("depth", "path")
        .first()
    )


def locally_edited(record: HarvestedItem, page: Page | None) -> bool:
    """Whether someone here changed the page since the harvester last wrote it."""
    if page is None:  # deleted here: not brought back
        return True
    latest = page.latest_revision
    if latest is None or latest.pk != record.revision_id or latest.user_id is not None:
        return True
    # Unpublished here (not by the harvester after a remote deletion).
    return not page.live and record.deleted_remotely_at is None


def _slug(item: RemoteItem, source: PeerSource) -> str:
    digest = hashlib.sha256(f"{source.pk}:{item.remote_id}".encode()).hexdigest()
    return f"{slugify(item.title)[:60].strip('-') or 'item'}-{digest[:8]}"


def _fill(page, item: RemoteItem, vocabulary: Vocabulary) -> list[str]:
    """Set the page's fields from `item`; returns notes on terms not known here."""
    notes: list[str] = []
    page.title = item.title
    page.summary = item.summary or item.title
    page.year = item.year
    page.themes = [vocabulary.themes[s] for s in item.themes if s in vocabulary.themes]
    page.sdg_goals = [vocabulary.goals[n] for n in item.goals if n in vocabulary.goals]
    missing = [s for s in item.themes if s not in vocabulary.themes]
    if missing:
        notes.append(f"{item.remote_id}: unknown themes {', '.join(missing)}")
    fields = item.fields
    for name in PLAIN_FIELDS[item.kind]:
        setattr(page, name, fields[name])
    if item.kind == KnowledgeKind.ARTICLE:
        page.body = [("paragraph", fields["body"])] if fields["body"] else []
    elif item.kind == KnowledgeKind.INNOVATION:
        page.county = vocabulary.counties.get(fields["county"])
        page.area_types = [
            vocabulary.areas[s] for s in fields["area_types"] if s in vocabulary.areas
        ]
        organisations = []
        for name, sector in fields["organisations"]:
            if sector in vocabulary.sectors:
                organisations.append(
                    InnovationOrganisation(name=name, sector=vocabulary.sectors[sector])
                )
            else:
                notes.append(f"{item.remote_id}: unknown sector {sector} ({name})")
        page.organisations = organisations
        page.evidence_links = [
            InnovationEvidenceLink(title=title or url, url=url)
            for title, url in fields["evidence_links"]
        ]
        if not page.contact_organisation and organisations:
            page.contact_organisation = organisations[0].name
    return notes


def _publish(page, record: HarvestedItem) -> None:
    revision = page.save_revision(user=None, clean=False)
    revision.publish(user=None)
    record.revision_id = revision.pk
    record.page = page


def page_create(
    *, source: PeerSource, parent: NodePage, item: RemoteItem, vocabulary: Vocabulary
) -> tuple[HarvestedItem, list[str]]:
    page = PAGE_CLASSES[item.kind](slug=_slug(item, source), live=False)
    notes = _fill(page, item, vocabulary)
    parent.add_child(instance=page)
    record = HarvestedItem(source=source, remote_id=item.remote_id)
    _record(record, item)
    _publish(page, record)
    record.save()
    return record, notes


def page_update(
    *, record: HarvestedItem, page, item: RemoteItem, vocabulary: Vocabulary
) -> list[str]:
    if page.specific_class is not PAGE_CLASSES[item.kind]:
        return [f"{item.remote_id}: the kind changed remotely; left as it is here"]
    page = page.specific
    notes = _fill(page, item, vocabulary)
    _record(record, item)
    record.deleted_remotely_at = None
    _publish(page, record)
    record.save()
    return notes


def page_unpublish(*, record: HarvestedItem, page) -> None:
    if page.live:
        page.unpublish(user=None)
    record.deleted_remotely_at = timezone.now()
    record.save(update_fields=["deleted_remotely_at", "harvested_at"])


def _record(record: HarvestedItem, item: RemoteItem) -> None:
    record.remote_url = item.url
    record.remote_node = item.remote_node
    record.remote_updated_at = item.updated_at
    record.content_hash = item.content_hash()
    record.locally_edited = False
