"""Exact facet counts and totals from the ids of the matching entries.

Counting with a join (matching ids → entry rows → GROUP BY) costs one row lookup per
match: for a word in nine documents out of ten that is most of the time a search takes.
Instead, every process keeps a compact table of each entry's facet values, as Lucene's
field cache does for faceting: the database only answers which ids match (from the
full-text index alone), and the counts are taken here.

Only a few hundred combinations of (language, kind, node, themes) occur, so the table
holds each once and, per entry id, the number of its combination. It is loaded on first
use and again whenever the index version changes: every change to the index sets a new
random version in the shared cache (Redis in production, so every process sees it), and
again when it commits (`changed`). An id the table does not know yet (an entry
committed while the version was being read) is looked up in the database, so counts
are never short.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from motesplats.core.models import SearchEntry

VERSION_KEY = "search:index-version"
FACETS = ("kind", "theme", "node")
# Facet values of one entry: language, kind, node and its themes.
Combination = tuple[str, str, str, tuple[str, ...]]


def version() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    return str(token)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def changed() -> None:
    """Call inside the transaction that changes the index. The version changes at
    once (this connection sees the change) and again on commit: a process that
    reloaded in between read the data before the commit."""
    _new_version()
    transaction.on_commit(_new_version)


def _combination(language: str, kind: str, node: str, themes: str) -> Combination:
    return (language, kind, node, tuple(themes.split()))


@dataclass(frozen=True)
class FacetTable:
    version: str
    combinations: list[Combination]
    # slots[id - base] is the number of the entry's combination, or -1 for no entry.
    base: int
    slots: list[int]

    @classmethod
    def load(cls, token: str) -> FacetTable:
        numbers: dict[Combination, int] = {}
        pairs: list[tuple[int, int]] = []
        rows = SearchEntry.objects.values_list(
            "pk", "language", "kind", "node", "themes"
        ).order_by()
        for pk, *values in rows.iterator(chunk_size=10_000):
            number = numbers.setdefault(_combination(*values), len(numbers))
            pairs.append((pk, number))
        base = min((pk for pk, _ in pairs), default=0)
        top = max((pk for pk, _ in pairs), default=-1)
        slots = [-1] * (top - base + 1)
        for pk, number in pairs:
            slots[pk - base] = number
        return cls(token, list(numbers), base, slots)

    def counts(self, offsets: list[int]) -> Counter[Combination]:
        """How many entries have each combination of facet values; the entries are
        given as offsets from `base` (id - base), which the database computes."""
        try:
            if offsets and min(offsets) < 0:
                raise IndexError
            numbers = Counter(map(self.slots.__getitem__, offsets))
        except IndexError:  # an id outside the table: newer than the table
            numbers = Counter(
                self.slots[i] if 0 <= i < len(self.slots) else -1 for i in offsets
            )
        unknown = numbers.pop(-1, 0)
        result: Counter[Combination] = Counter(
            {self.combinations[n]: count for n, count in numbers.items()}
        )
        if unknown:
            result.update(self._unknown(offsets))
        return result

    def _unknown(self, offsets: list[int]) -> Counter[Combination]:
        size = len(self.slots)
        missing = [
            self.base + i for i in offsets if not 0 <= i < size or self.slots[i] < 0
        ]
        rows = SearchEntry.objects.filter(pk__in=missing).values_list(
            "language", "kind", "node", "themes"
        )
        return Counter(_combination(*row) for row in rows)

    def newest(
        self, offsets: list[int], language: str, filters: dict[str, str], count: int
    ) -> list[int]:
        """Ids of the `count` newest entries among `offsets` in `language` that pass
        `filters`, newest first."""
        passing = {
            n
            for n, combination in enumerate(self.combinations)
            if matches_filters(combination, language, filters)
        }
        size, slots = len(self.slots), self.slots
        found: list[int] = []
        unknown: list[int] = []
        for i in sorted(offsets, reverse=True):
            if not 0 <= i < size or slots[i] < 0:
                unknown.append(self.base + i)
            elif slots[i] in passing:
                found.append(self.base + i)
                if len(found) >= count:
                    break
        if unknown:
            rows = SearchEntry.objects.filter(pk__in=unknown).values_list(
                "pk", "language", "kind", "node", "themes"
            )
            found += [
                pk
                for pk, *values in rows
                if matches_filters(_combination(*values), language, filters)
            ]
            found.sort(reverse=True)
        return found[:count]

    def facet_counts(
        self, offsets: list[int], language: str, filters: dict[str, str]
    ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """The total and, per facet, (value, count) most frequent first, of the
        entries at `offsets` in `language` that pass `filters`."""
        counters: dict[str, Counter] = {name: Counter() for name in FACETS}
        total = 0
        for combination, count in self.counts(offsets).items():
            if not matches_filters(combination, language, filters):
                continue
            _language, kind, node, themes = combination
            total += count
            counters["kind"][kind] += count
            if node:
                counters["node"][node] += count
            for theme in themes:
                counters["theme"][theme] += count
        return total, {
            name: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            for name, counter in counters.items()
        }


_lock = threading.Lock()
_current: FacetTable | None = None


def table() -> FacetTable:
    """This process's table for the current index version."""
    global _current  # one table per process, replaced as a whole
    token = version()
    current = _current
    if current is None or current.version != token:
        with _lock:
            if _current is None or _current.version != token:
                _current = FacetTable.load(token)
            current = _current
    return current


def matches_filters(
    combination: Combination, language: str, filters: dict[str, str]
) -> bool:
    entry_language, kind, node, themes = combination
    return (
        entry_language == language
        and filters.get("kind", kind) == kind
        and filters.get("node", node) == node
        and ("theme" not in filters or filters["theme"] in themes)
    )
