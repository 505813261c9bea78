"""Writing to the search index: one object at a time (signals) or everything (rebuild).

Pages take part by having a `search_documents()` method that returns a list of
`SearchDocument`s (one per language they exist in; an empty list means "not
searchable", e.g. an unpublished page). They are indexed when published and removed
when unpublished or deleted. Other models register with `register_model`, giving the
function that describes an instance (and so may live in a higher layer than the
model: the glossary's URLs are known to the pages app, not to taxonomy).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F

from motesplats.core.models import SearchEntry, SearchTerm

from . import facets
from .documents import SearchDocument
from .text import fold, terms, words

logger = logging.getLogger(__name__)

Describe = Callable[[models.Model], list[SearchDocument]]


@dataclass(frozen=True)
class Registration:
    queryset: Callable[[], Iterable[models.Model]]
    describe: Describe


# Models other than pages, by label.
_registry: dict[str, Registration] = {}


def _content_type_id(obj: models.Model) -> int:
    """Pages carry their specific type; a base `Page` instance gives the same id."""
    page_type = getattr(obj, "content_type_id", None)
    if page_type and hasattr(obj, "path"):
        return page_type
    return ContentType.objects.get_for_model(obj, for_concrete_model=False).pk


def register_model(
    model: type[models.Model],
    *,
    queryset: Callable[[], Iterable[models.Model]],
    describe: Describe,
) -> None:
    """Make a non-page model searchable: all instances, and how to describe one."""
    _registry[model._meta.label] = Registration(queryset, describe)


def registered_models() -> set[str]:
    return set(_registry)


def documents_of(obj: models.Model) -> list[SearchDocument]:
    registration = _registry.get(obj._meta.label)
    if registration:
        return registration.describe(obj)
    return obj.search_documents()


def _entry_values(document: SearchDocument) -> dict:
    language = document.language
    return {
        "kind": document.kind,
        "title": document.title[:300],
        "url": document.url[:500],
        "summary": document.summary,
        "body": document.body,
        "node": document.node,
        "themes": " ".join(document.themes)[:500],
        "date": document.date,
        "title_terms": " ".join(terms(language, document.title)),
        "summary_terms": " ".join(terms(language, document.summary)),
        "body_terms": " ".join(terms(language, f"{document.body} {document.keywords}")),
    }


def _term_set(entry_values: dict) -> set[str]:
    return set(
        " ".join(
            entry_values[k] for k in ("title_terms", "summary_terms", "body_terms")
        ).split()
    )


def _displays(document: SearchDocument) -> dict[str, str]:
    """Folded word -> the word as written, for readable did-you-mean suggestions."""
    text = f"{document.title} {document.summary} {document.body}"
    return {fold(w): w for w in reversed(words(text))}


def _vocabulary_change(
    language: str, added: Counter, removed: Counter, displays: dict[str, str]
) -> None:
    """Add and subtract document counts of terms; atomic per row on every database."""
    if added:
        SearchTerm.objects.bulk_create(
            [
                SearchTerm(
                    language=language,
                    term=term[:60],
                    reversed_term=term[::-1][:60],
                    display=displays.get(term, term)[:60],
                    document_count=0,
                )
                for term in added
            ],
            ignore_conflicts=True,
        )
    for delta, counter in ((1, added), (-1, removed)):
        by_count: dict[int, list[str]] = {}
        for term, count in counter.items():
            by_count.setdefault(count, []).append(term[:60])
        for count, batch in by_count.items():
            SearchTerm.objects.filter(language=language, term__in=batch).update(
                document_count=F("document_count") + delta * count
            )


@transaction.atomic
def index_object(obj: models.Model) -> int:
    """Index (or re-index) one object in every language it offers; returns entries."""
    content_type = _content_type_id(obj)
    documents = documents_of(obj)
    existing = {
        e.language: e
        for e in SearchEntry.objects.select_for_update().filter(
            content_type_id=content_type, object_id=obj.pk
        )
    }
    for document in documents:
        values = _entry_values(document)
        old = existing.pop(document.language, None)
        old_terms = _term_set(old.__dict__) if old else set()
        new_terms = _term_set(values)
        SearchEntry.objects.update_or_create(
            content_type_id=content_type,
            object_id=obj.pk,
            language=document.language,
            defaults=values,
        )
        _vocabulary_change(
            document.language,
            Counter(new_terms - old_terms),
            Counter(old_terms - new_terms),
            _displays(document),
        )
    for language, stale in existing.items():
        _vocabulary_change(language, Counter(), Counter(_term_set(stale.__dict__)), {})
        stale.delete()
    facets.changed()
    return len(documents)


@transaction.atomic
def remove_object(obj: models.Model) -> None:
    for stale in SearchEntry.objects.select_for_update().filter(
        content_type_id=_content_type_id(obj), object_id=obj.pk
    ):
        _vocabulary_change(
            stale.language, Counter(), Counter(_term_set(stale.__dict__)), {}
        )
        stale.delete()
    facets.changed()


def _searchable_pages() -> Iterable[models.Model]:
    from wagtail.models import Page  # noqa: PLC0415 -- after the app registry is ready

    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if hasattr(page, "search_documents"):
            yield page


def all_searchable() -> Iterable[models.Model]:
    yield from _searchable_pages()
    for registration in _registry.values():
        yield from registration.queryset()


@transaction.atomic
def rebuild(
    objects: Iterable[models.Model] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Empty the index and fill it again from every searchable object."""
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()

    def documents():
        for obj in objects if objects is not None else all_searchable():
            content_type = _content_type_id(obj)
            for document in documents_of(obj):
                yield content_type, obj.pk, document

    return bulk_write(documents(), progress=progress)


def bulk_write(
    rows: Iterable[tuple[int, int, SearchDocument]],
    progress: Callable[[int], None] | None = None,
    batch_size: int = 500,
) -> int:
    """Add many documents to an empty index, vocabulary included; returns the count.

    `rows` are (content type id, object id, document). Used by `rebuild` and by the
    search benchmark, so both go through the same analysis."""
    entries: list[SearchEntry] = []
    counts: dict[str, Counter] = {}
    displays: dict[str, dict[str, str]] = {}
    done = 0
    for content_type, object_id, document in rows:
        values = _entry_values(document)
        entries.append(
            SearchEntry(
                content_type_id=content_type,
                object_id=object_id,
                language=document.language,
                **values,
            )
        )
        counts.setdefault(document.language, Counter()).update(_term_set(values))
        displays.setdefault(document.language, {}).update(_displays(document))
        done += 1
        if len(entries) >= batch_size:
            SearchEntry.objects.bulk_create(entries)
            entries.clear()
            if progress:
                progress(done)
    SearchEntry.objects.bulk_create(entries)
    bulk_vocabulary(counts, displays)
    facets.changed()
    if progress:
        progress(done)
    return done


def bulk_vocabulary(
    counts: dict[str, Counter], displays: dict[str, dict[str, str]]
) -> None:
    """Write a whole vocabulary at once (into an empty vocabulary table)."""
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(
                language=language,
                term=term[:60],
                reversed_term=term[::-1][:60],
                display=displays.get(language, {}).get(term, term)[:60],
                document_count=count,
            )
            for language, counter in counts.items()
            for term, count in counter.items()
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
