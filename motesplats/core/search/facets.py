"""Exact facet counts and totals from the ids of the matching entries.

Counting with a join (matching ids → entry rows → GROUP BY) costs one row lookup per
match: for a word in nine documents out of ten that is most of the time a search takes.
Instead, every process keeps a compact table of each entry's facet values, as Lucene's
field cache does for faceting: the database only answers which ids match (from the
full-text index alone), and the counts are taken here.

Only a few hundred combinations of (language, kind, node, themes) occur, so the table
holds each once and, per entry id, the number of its combination, in a NumPy array:
the counts for 90,000 matches take a fraction of a millisecond. It is read whole on
first use; when the index version changes, only the entries added or changed since are
read (see REFRESH_MARGIN). Every change to the index sets a new random version in the
shared cache (Redis in production, so every process sees it), and again when it
commits (`changed`). An id the table does not know yet (an entry
committed while the version was being read) is looked up in the database, so counts
are never short.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

import numpy as np

from motesplats.core.models import SearchEntry

VERSION_KEY = "search:index-version"
FACETS = ("kind", "theme", "node")
# After an index change, a process reads the entries added since its last read and
# those changed since shortly before it (every write sets `updated_at`): a write whose
# transaction commits more than REFRESH_MARGIN after it began would be missed, so the
# whole table is read again once it is older than FULL_RELOAD.
REFRESH_MARGIN = datetime.timedelta(minutes=10)
FULL_RELOAD = datetime.timedelta(hours=1)
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


class _Commit:
    """Runs when a transaction that changed the index commits; until then, the
    connection sees index rows that may yet be rolled back."""

    done = False

    def __call__(self) -> None:
        self.done = True
        _new_version()


_writes = threading.local()


def changed() -> None:
    """Call inside the transaction that changes the index. The version changes at
    once (this connection sees the change) and again on commit: a process that
    reloaded in between read the data before the commit."""
    _new_version()
    commit = _Commit()
    _writes.pending = [*_uncommitted_writes(), commit]
    transaction.on_commit(commit)


def _uncommitted_writes() -> list[_Commit]:
    """This thread's index changes that are not committed yet. A change whose commit
    callback is neither done nor waiting was rolled back: it is dropped."""
    waiting = {id(entry[1]) for entry in connection.run_on_commit}
    _writes.pending = [
        commit
        for commit in getattr(_writes, "pending", [])
        if not commit.done and id(commit) in waiting
    ]
    return _writes.pending


def _combination(language: str, kind: str, node: str, themes: str) -> Combination:
    return (language, kind, node, tuple(themes.split()))


@dataclass(frozen=True, eq=False)
class FacetTable:
    version: str
    combinations: list[Combination]
    # slots[id - base] is the number of the entry's combination, or -1 for no entry.
    base: int
    slots: np.ndarray
    # When rows were last read, and when all of them were.
    read_at: datetime.datetime
    loaded_at: datetime.datetime

    @classmethod
    def load(cls, token: str) -> FacetTable:
        """The whole table, read from the database."""
        started = timezone.now()
        empty = cls(token, [], 0, np.empty(0, dtype=np.int32), started, started)
        return empty._with(SearchEntry.objects.all(), token, started)

    def refreshed(self, token: str) -> FacetTable:
        """The table for a new index version: only entries added since, or changed
        since shortly before the last read (REFRESH_MARGIN), are read. Entries
        removed since keep their slot; they no longer match anything."""
        started = timezone.now()
        if started - self.loaded_at > FULL_RELOAD:
            return FacetTable.load(token)
        top = self.base + len(self.slots) - 1
        changed = SearchEntry.objects.filter(
            Q(pk__gt=top) | Q(updated_at__gte=self.read_at - REFRESH_MARGIN)
        )
        return self._with(changed, token, started)

    def _with(self, entries, token: str, read_at: datetime.datetime) -> FacetTable:
        numbers = {combination: n for n, combination in enumerate(self.combinations)}
        ids: list[int] = []
        entry_numbers: list[int] = []
        rows = entries.values_list("pk", "language", "kind", "node", "themes")
        for pk, *values in rows.order_by().iterator(chunk_size=10_000):
            ids.append(pk)
            entry_numbers.append(
                numbers.setdefault(_combination(*values), len(numbers))
            )
        loaded = not self.slots.size
        if (
            ids
            and not loaded
            and (len(ids) > len(self.slots) // 2 or min(ids) < self.base)
        ):
            # Most of the index was written again (a rebuild gives every entry a
            # new id): read it whole, rather than keep the old ids' slots.
            return FacetTable.load(token)
        new_ids = np.array(ids, dtype=np.int64)
        base = int(new_ids.min()) if loaded and ids else self.base
        top = max(base + len(self.slots) - 1, int(new_ids.max()) if ids else -1)
        slots = np.full(top - base + 1, -1, dtype=np.int32)
        slots[: len(self.slots)] = self.slots
        slots[new_ids - base] = entry_numbers
        return FacetTable(
            token,
            list(numbers),
            base,
            slots,
            read_at,
            read_at if loaded else self.loaded_at,
        )

    def _numbers(self, offsets: np.ndarray) -> np.ndarray:
        """The combination number of the entry at each offset (id - base, as the
        database computes it); -1 where the table has no entry (a newer one)."""
        inside = (offsets >= 0) & (offsets < len(self.slots))
        if inside.all():
            return self.slots[offsets]
        numbers = np.full(len(offsets), -1, dtype=np.int32)
        numbers[inside] = self.slots[offsets[inside]]
        return numbers

    def _from_database(self, offsets: np.ndarray) -> list[tuple[int, Combination]]:
        """(id, combination) of entries the table does not know."""
        rows = SearchEntry.objects.filter(pk__in=(offsets + self.base).tolist())
        return [
            (pk, _combination(*values))
            for pk, *values in rows.values_list(
                "pk", "language", "kind", "node", "themes"
            )
        ]

    def counts(self, offsets: np.ndarray) -> Counter[Combination]:
        """How many of the entries at `offsets` have each combination of values."""
        numbers = self._numbers(offsets)
        known = numbers >= 0
        per_number = np.bincount(numbers[known], minlength=len(self.combinations))
        result: Counter[Combination] = Counter(
            {
                self.combinations[n]: int(per_number[n])
                for n in np.flatnonzero(per_number)
            }
        )
        if not known.all():
            result.update(c for _pk, c in self._from_database(offsets[~known]))
        return result

    def newest(
        self, offsets: np.ndarray, language: str, filters: dict[str, str], count: int
    ) -> list[int]:
        """Ids of the `count` newest entries among `offsets` in `language` that pass
        `filters`, newest first."""
        # One more place at the end for number -1 (an unknown entry): it does not
        # pass here, and is looked up below.
        passing = np.array(
            [matches_filters(c, language, filters) for c in self.combinations]
            + [False],
            dtype=bool,
        )
        numbers = self._numbers(offsets)
        found = np.sort(offsets[passing[numbers]])[::-1][:count] + self.base
        ids = found.tolist()
        unknown = offsets[numbers < 0]
        if len(unknown):
            ids += [
                pk
                for pk, combination in self._from_database(unknown)
                if matches_filters(combination, language, filters)
            ]
            ids.sort(reverse=True)
        return ids[:count]

    def facet_counts(
        self, offsets: np.ndarray, language: str, filters: dict[str, str]
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
    """This process's table for the current index version. Inside a transaction
    that has changed the index, a table of its own, read whole and not kept: the
    process's table holds committed entries only, so that a refresh, which reads
    only changed entries, never has a rolled-back value to undo."""
    global _current  # one table per process, replaced as a whole
    token = version()
    if _uncommitted_writes():
        return FacetTable.load(token)
    current = _current
    if current is None or current.version != token:
        with _lock:
            if _current is None:
                _current = FacetTable.load(token)
            elif _current.version != token:
                _current = _current.refreshed(token)
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
