"""Searching the index: query analysis, ranking, facets and suggestions.

The database does the matching and ranking (FTS5 with BM25 on SQLite, a GIN-indexed
`tsvector` with `ts_rank` on PostgreSQL); the terms it is given are analysed here, the
same way on both.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils.safestring import SafeString

import numpy as np

from motesplats.core.models import SearchEntry, SearchTerm

from . import facets
from .excerpt import excerpt, highlight
from .text import fold, query_words, word_terms

# A query word also matches up to this many compounds of which it is a part.
MAX_COMPOUND_EXPANSIONS = 40
# A word found in more than this share of all documents (and more than MIN_COMMON
# documents) is not expanded.
COMMON_SHARE = 0.05
MIN_COMMON = 500
MIN_COMPOUND_PART = 4
# A first part must be this long: "ung" would match "ungefär".
MIN_PREFIX = 4
SYNONYMS = Path(__file__).resolve().parent / "synonyms"
# Ranking: how many candidates are ranked again, and with what weights.
CANDIDATES = 100
MAX_QUERY_WORDS = 8
# Above this many matches, candidates are the newest heading matches (see _page_ids).
LARGE_MATCH = 1_000
# ... and the newest heading matches are looked for among this many newest matches.
HEADING_WINDOW = 2_000
FIELD_WEIGHTS = (3.0, 1.5, 1.0)  # title, summary, body
RELATED_WEIGHT = 0.6
GROUP_WEIGHT = 0.5
BM25_K1 = 1.2
BM25_B = 0.75
EXCERPT_SOURCE_CHARS = 8_000
FACETS = facets.FACETS
# Column weights: a match in the title counts most, then the summary, then the body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    excerpt: SafeString


@dataclass
class SearchResult:
    query: str
    language: str
    words: list[str]
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    matched_all_words: bool = True
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""


def _starts_with(column: str, prefix: str) -> Q:
    if connection.vendor == "postgresql":
        # Uses the varchar_pattern_ops index Django creates for the column.
        return Q(**{f"{column}__startswith": prefix})
    # A range uses SQLite's index (its LIKE ignores case, so no index); terms are
    # lower case, and "{" sorts after every lower-case ASCII letter and digit.
    return Q(**{f"{column}__gte": prefix, f"{column}__lt": prefix + "{"})


def _compounds(language: str, terms: list[str]) -> list[str]:
    """Index terms of which one of `terms` is the last part ("ungdomsarbetslos" for
    "arbetslos") or, for longer terms, the first part ("klimatomstallning"), most
    common first; one query for all of them."""
    condition = Q()
    for term in terms:
        if len(term) >= MIN_COMPOUND_PART:
            condition |= _starts_with("reversed_term", term[::-1])
        if len(term) >= MIN_PREFIX:
            condition |= _starts_with("term", term)
    if not condition:
        return []
    return list(
        SearchTerm.objects.filter(condition, language=language, document_count__gt=0)
        .exclude(term__in=terms)
        .order_by("-document_count", "term")
        .values_list("term", flat=True)[:MAX_COMPOUND_EXPANSIONS]
    )


def _known(language: str, candidates: list[str]) -> set[str]:
    return {t for t, count in _frequencies(language, candidates).items() if count}


def _frequencies(language: str, terms: list[str]) -> dict[str, int]:
    return dict(
        SearchTerm.objects.filter(language=language, term__in=terms).values_list(
            "term", "document_count"
        )
    )


def _document_total(language: str) -> int:
    """Documents in a language; cached for a minute (it only steers expansion)."""
    key = f"search:documents:{language}"
    total = cache.get(key)
    if total is None:
        total = SearchEntry.objects.filter(language=language).count()
        cache.set(key, total, 60)
    return total


def _split(language: str, stem: str) -> tuple[str, str, int] | None:
    """A compound query word as two known parts, the longest last part first, with
    the last part's document count: "barnfattigdom" → ("barn", "fattigdom", n); a
    linking s is dropped ("ungdoms")."""
    splits = []
    for i in range(len(stem) - MIN_COMPOUND_PART, 2, -1):
        head, tail = stem[:i], stem[i:]
        splits.append((head, tail))
        if head.endswith("s") and len(head) > 3:
            splits.append((head[:-1], tail))
    counts = _frequencies(language, [p for split in splits for p in split])
    return next(
        ((h, t, counts[t]) for h, t in splits if counts.get(h) and counts.get(t)),
        None,
    )


@dataclass
class WordMatch:
    """What one query word matches: its own terms, then related terms (compounds,
    synonyms) and groups of terms that must all occur (compound parts, phrases)."""

    word: str
    own: list[str]
    related: list[str] = field(default_factory=list)
    groups: list[list[list[str]]] = field(default_factory=list)

    def all_terms(self) -> set[str]:
        terms = {*self.own, *self.related}
        for group in self.groups:
            for part in group:
                terms.update(part)
        return terms


@lru_cache(maxsize=4)
def _synonyms(language: str) -> dict[str, list[list[list[str]]]]:
    """Term of a member → the other members of its groups, each as its words' terms."""
    path = SYNONYMS / f"{language}.txt"
    table: dict[str, list[list[list[str]]]] = {}
    if not path.exists():
        return table
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        members = [
            [list(word_terms(language, w)) for w in query_words(language, member)]
            for member in line.split(",")
        ]
        members = [m for m in members if m]
        for member in members:
            if len(member) == 1:
                others = [m for m in members if m is not member]
                for term in member[0]:
                    table.setdefault(term, []).extend(others)
    return table


def _synonyms_of(
    language: str, terms: list[str]
) -> tuple[list[str], list[list[list[str]]]]:
    """Single-term synonyms and several-word synonyms (as groups) of any of `terms`."""
    table = _synonyms(language)
    single: dict[str, None] = {}
    phrases: list[list[list[str]]] = []
    for term in terms:
        for member in table.get(term, []):
            if len(member) == 1:
                single.update(dict.fromkeys(member[0]))
            elif member not in phrases:
                phrases.append(member)
    return list(single), phrases


def analyse(language: str, query: str) -> tuple[list[str], list[WordMatch]]:
    """Query words and, for each, what it matches in the index."""
    # Every word costs a few vocabulary lookups; a longer query adds little.
    query_word_list = query_words(language, query)[:MAX_QUERY_WORDS]
    matches: list[WordMatch] = []
    own_terms = {w: list(word_terms(language, w)) for w in query_word_list}
    frequencies = _frequencies(language, [t for ts in own_terms.values() for t in ts])
    common = max(COMMON_SHARE * _document_total(language), MIN_COMMON)
    for word in query_word_list:
        own = own_terms[word]
        match = WordMatch(word=word, own=own)
        stem = own[0]
        if max(frequencies.get(t, 0) for t in own) > common:
            # Found in a large share of all documents already: compounds and
            # synonyms would add little but cost a lot.
            matches.append(match)
            continue
        # Compounds of the stem and of the word as typed: the stemmer may cut more
        # than an inflection ("klimat" → "klim"), which is too short to be a part.
        related = dict.fromkeys(_compounds(language, own))
        single, phrases = _synonyms_of(language, own)
        related.update(dict.fromkeys(single))
        match.groups.extend(phrases)
        if len(stem) >= 2 * MIN_COMPOUND_PART:
            parts = _split(language, stem)
            if parts:
                # "ungdomsarbetslöshet": young people (or a synonym) and unemployment
                # (or a compound or synonym of it), anywhere in the document.
                head, tail, tail_count = parts
                head_single, _ = _synonyms_of(language, [head])
                tail_single, tail_phrases = _synonyms_of(language, [tail])
                heads = [head, *head_single]
                # A common last part is not expanded either (see above).
                tail_compounds = (
                    _compounds(language, [tail]) if tail_count <= common else []
                )
                tails = [tail, *tail_compounds, *tail_single]
                match.groups.append([heads, tails])
                match.groups.extend([heads, *phrase] for phrase in tail_phrases)
        for term in own:
            related.pop(term, None)
        match.related = list(related)
        matches.append(match)
    return query_word_list, matches


def _syntax() -> tuple[str, str, str]:
    """OR, AND and the quote character of the database's full-text query language."""
    if connection.vendor == "postgresql":
        return " | ", " & ", "'"
    return " OR ", " AND ", '"'


def _word_expression(match: WordMatch) -> str:
    or_, and_, quote = _syntax()
    options = [f"{quote}{t}{quote}" for t in match.own + match.related]
    for group in match.groups:
        parts = [
            "(" + or_.join(f"{quote}{t}{quote}" for t in part) + ")" for part in group
        ]
        options.append("(" + and_.join(parts) + ")")
    return "(" + or_.join(options) + ")"


def _match_expression(matches: list[WordMatch], *, all_words: bool) -> str:
    or_, and_, _quote = _syntax()
    words = [_word_expression(m) for m in matches]
    return (and_ if all_words else or_).join(words)


def _filters_sql(language: str, filters: dict[str, str]) -> tuple[str, list]:
    sql = " AND e.language = %s"
    params: list = [language]
    if filters.get("kind"):
        sql += " AND e.kind = %s"
        params.append(filters["kind"])
    if filters.get("node"):
        sql += " AND e.node = %s"
        params.append(filters["node"])
    if filters.get("theme"):
        sql += " AND (' ' || e.themes || ' ') LIKE %s"
        params.append(f"% {filters['theme']} %")
    return sql, params


def _from_where(
    expression: str, language: str, filters: dict, *, headings: bool = False
) -> tuple[str, list]:
    """FROM and WHERE of a match; `headings` restricts it to titles and summaries."""
    where, params = _filters_sql(language, filters)
    if connection.vendor == "postgresql":
        if not headings:
            # Whole documents are matched in the narrow vector table, by id
            # (`_matching_offsets`, `MatchSet.best`).
            raise ValueError("PostgreSQL: only heading matches are selected here")
        return (
            "FROM core_searchentry e, to_tsquery('simple', %s) q "
            "WHERE e.heading_vector @@ q" + where,
            [expression, *params],
        )
    if headings:
        expression = f"{{title_terms summary_terms}} : ({expression})"
    return (
        "FROM core_searchentry_fts f JOIN core_searchentry e ON e.id = f.rowid "
        "WHERE core_searchentry_fts MATCH %s" + where,
        [expression, *params],
    )


def _ranked_ids(
    expression: str,
    language: str,
    filters: dict,
    offset: int,
    limit: int,
    *,
    headings: bool = False,
    newest: bool = False,
    min_id: int = 0,
) -> list[int]:
    """Ids of matches by the database's relevance, or simply the newest first (which
    needs no score for every match: the database stops after `limit`); with
    `min_id`, only entries from that id on."""
    from_where, params = _from_where(expression, language, filters, headings=headings)
    # On SQLite the full-text index's own rowid: it skips the older rows itself, and
    # gives the newest in its own order, stopping after `limit`.
    rowid = "e.id" if connection.vendor == "postgresql" else "f.rowid"
    if min_id:
        from_where += f" AND {rowid} >= %s"
        params.append(min_id)
    if newest:
        score, order = "0", f"{rowid} DESC"
    elif connection.vendor == "postgresql":
        score = "ts_rank(e.heading_vector, q)"
        order = "score DESC, e.id"
    else:
        score = "bm25(core_searchentry_fts, {}, {}, {})".format(*SQLITE_WEIGHTS)
        order = "score, e.id"
    sql = f"SELECT e.id, {score} AS score {from_where} ORDER BY {order} LIMIT %s OFFSET %s"
    return [row[0] for row in _fetch(sql, [*params, limit, offset], gin=newest)]


def _fetch(sql: str, params: list, *, gin: bool = False) -> list[tuple]:
    """Run a match. With `gin`, PostgreSQL's planner must use the GIN index (a bitmap
    scan): when most rows match it prefers a sequential scan, which unpacks every
    row's tsvector to test it, and for the newest matches it walks the primary key
    backwards testing row after row, which is slow when few rows match. The GIN index
    answers the match exactly without touching the vectors. (Ranking needs the
    vectors anyway, so it is left to the planner.)"""
    if connection.vendor != "postgresql" or not gin:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PLANNER.format("off"))
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(_PLANNER.format("on"))
        return rows


_PLANNER = (
    "SELECT set_config('enable_seqscan', '{0}', true), "
    "set_config('enable_indexscan', '{0}', true)"
)


def _candidates(ids: list[int]) -> dict[int, tuple[str, str, str]]:
    rows = SearchEntry.objects.filter(pk__in=ids).values_list(
        "pk", "title_terms", "summary_terms", "body_terms"
    )
    return {pk: (title, summary, body) for pk, title, summary, body in rows}


def _rerank(
    language: str, matches: list[WordMatch], candidates: dict[int, tuple[str, ...]]
) -> list[int]:
    """Order candidates by a BM25F score in which a word's own terms count fully and
    related terms (compounds, synonyms, compound parts) count less. The database's
    ranking cannot weigh terms differently, and a rare compound would otherwise push
    aside documents about the word itself."""
    weights: dict[str, float] = {}
    for match in matches:
        for term in match.related:
            weights.setdefault(term, RELATED_WEIGHT)
        for term in match.own:
            weights[term] = 1.0
    query_terms = set().union(*(m.all_terms() for m in matches))
    counts = dict(
        SearchTerm.objects.filter(language=language, term__in=query_terms).values_list(
            "term", "document_count"
        )
    )
    documents = max(1, _document_total(language))
    idf = {
        term: math.log(1 + (documents - df + 0.5) / (df + 0.5))
        for term in query_terms
        for df in [counts.get(term, 0)]
    }
    # Per candidate: its length, and each query term's frequency weighted by field.
    lengths: dict[int, int] = {}
    frequencies: dict[int, dict[str, float]] = {}
    for pk, texts in candidates.items():
        fields = [Counter(text.split()) for text in texts]
        lengths[pk] = sum(sum(c.values()) for c in fields)
        present = set().union(*(query_terms & c.keys() for c in fields))
        frequencies[pk] = {
            term: sum(w * c[term] for w, c in zip(FIELD_WEIGHTS, fields, strict=True))
            for term in present
        }
    average = max(1.0, sum(lengths.values()) / max(1, len(lengths)))

    def score(pk: int) -> float:
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[pk] / average)
        term_scores = {
            term: idf[term] * tf * (BM25_K1 + 1) / (tf + norm)
            for term, tf in frequencies[pk].items()
        }
        total = 0.0
        for match in matches:
            best = max(
                (
                    weights[t] * term_scores.get(t, 0.0)
                    for t in match.own + match.related
                ),
                default=0.0,
            )
            for group in match.groups:
                parts = [max(term_scores.get(t, 0.0) for t in part) for part in group]
                best = max(best, GROUP_WEIGHT * min(parts) * len(parts))
            total += best
        return total

    return sorted(candidates, key=lambda pk: (-score(pk), pk))


@dataclass
class MatchSet:
    """Every entry a match expression finds, as offsets in the facet table."""

    expression: str
    table: facets.FacetTable
    offsets: np.ndarray

    def counts(
        self, language: str, filters: dict
    ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        return self.table.facet_counts(self.offsets, language, filters)

    def newest(self, language: str, filters: dict, count: int) -> list[int]:
        return self.table.newest(self.offsets, language, filters, count)

    def best(self, language: str, filters: dict, offset: int, limit: int) -> list[int]:
        """Ids of matches by the database's relevance. PostgreSQL ranks the matches
        that pass the filters (known from the facet table) by their ids: a lookup
        by primary key, where a join would leave the plan to statistics that do not
        see the cost of reading the vectors (the planner then chose to scan and
        unpack every vector, 150-300 ms). Used for small match sets only
        (LARGE_MATCH)."""
        if connection.vendor != "postgresql":
            return _ranked_ids(self.expression, language, filters, offset, limit)
        ids = self.newest(language, filters, len(self.offsets))
        sql = (
            "SELECT m.id, ts_rank(m.vector, to_tsquery('simple', %s)) AS score "
            "FROM core_searchentry_match m WHERE m.id = ANY(%s) "
            "ORDER BY score DESC, m.id LIMIT %s OFFSET %s"
        )
        return [row[0] for row in _fetch(sql, [self.expression, ids, limit, offset])]


def _page_ids(
    match_set: MatchSet,
    matches: list[WordMatch],
    language: str,
    filters: dict,
    offset: int,
    limit: int,
    total: int,
) -> list[int]:
    """One page of hits. The database finds up to CANDIDATES documents, first those
    matching in their title or summary, then, if there are fewer, the best matches
    anywhere; they are ranked again here. Pages beyond the candidates keep the
    database's order. When a query matches many documents, scoring every match costs
    more than it tells (the words' IDF is low, and the BM25F ranking here sorts the
    candidates anyway): the candidates are then the newest heading matches, and the
    newest matches anywhere (known already) if there are too few."""
    expression = match_set.expression
    newest = total > LARGE_MATCH
    if offset >= CANDIDATES:
        if newest:
            return match_set.newest(language, filters, offset + limit)[offset:]
        return match_set.best(language, filters, offset, limit)
    if newest:
        # Heading matches among the newest HEADING_WINDOW matches only: a bounded
        # number of rows to test however rare heading matches are.
        window = match_set.newest(language, filters, HEADING_WINDOW)
        ids = dict.fromkeys(
            _ranked_ids(
                expression,
                language,
                filters,
                0,
                CANDIDATES,
                headings=True,
                newest=True,
                min_id=window[-1],
            )
        )
        anywhere = window[:CANDIDATES]
    else:
        ids = dict.fromkeys(
            _ranked_ids(expression, language, filters, 0, CANDIDATES, headings=True)
        )
        anywhere = []
    if len(ids) < CANDIDATES:
        ids.update(
            dict.fromkeys(anywhere or match_set.best(language, filters, 0, CANDIDATES))
        )
    ranked = _rerank(language, matches, _candidates(list(ids)))
    return ranked[offset : offset + limit]


def _matching_offsets(expression: str, base: int) -> np.ndarray:
    """Every matching entry, in any language (the facet table checks the language),
    as its id - `base`: from the full-text index alone on SQLite, from the narrow
    vector table on PostgreSQL (migration 0005). The database joins them into one
    string: one value to hand over instead of a row per match."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT string_agg((m.id - %s)::text, ',') FROM core_searchentry_match m "
            "WHERE m.vector @@ to_tsquery('simple', %s)"
        )
    else:
        sql = (
            "SELECT group_concat(rowid - %s) FROM core_searchentry_fts "
            "WHERE core_searchentry_fts MATCH %s"
        )
    joined = _fetch(sql, [base, expression], gin=True)[0][0]
    if not joined:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def _match_set(expression: str, language: str) -> MatchSet:
    table = facets.table()
    return MatchSet(expression, table, _matching_offsets(expression, table.base))


def suggest(language: str, query_word_list: list[str]) -> str:
    """A corrected query from words in the index that look like the typed ones."""
    changed = False
    corrected = []
    for word in query_word_list:
        folded = fold(word)
        if _known(language, [folded]) or len(folded) < 3:
            corrected.append(word)
            continue
        candidates = SearchTerm.objects.filter(
            language=language,
            term__startswith=folded[0],
            document_count__gt=0,
        ).values_list("term", "display", "document_count")
        best: tuple[float, int, str] | None = None
        for term, display, count in candidates:
            if abs(len(term) - len(folded)) > 2:
                continue
            ratio = difflib.SequenceMatcher(None, folded, term).ratio()
            if ratio >= 0.75 and (best is None or (ratio, count) > best[:2]):
                best = (ratio, count, display)
        if best:
            corrected.append(best[2])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""


def search(
    query: str,
    *,
    language: str,
    filters: dict[str, str] | None = None,
    offset: int = 0,
    limit: int = 10,
) -> SearchResult:
    """Ranked, faceted search of one language's documents."""
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    query_word_list, matches = analyse(language, query)
    result = SearchResult(query=query, language=language, words=query_word_list)
    if not matches:
        return result
    match_set = _match_set(_match_expression(matches, all_words=True), language)
    total, facet_values = match_set.counts(language, filters)
    if total == 0 and len(matches) > 1:
        match_set = _match_set(_match_expression(matches, all_words=False), language)
        total, facet_values = match_set.counts(language, filters)
        result.matched_all_words = False
    result.total, result.facets = total, facet_values
    if total == 0:
        result.suggestion = suggest(language, query_word_list)
        return result
    ids = _page_ids(match_set, matches, language, filters, offset, limit, total)
    entries = SearchEntry.objects.in_bulk(ids)
    query_terms = set().union(*(m.all_terms() for m in matches))
    for entry_id in ids:
        entry = entries[entry_id]
        source = entry.summary
        summary_excerpt = excerpt(source, language, query_terms)
        if "<mark>" not in summary_excerpt and entry.body:
            body_excerpt = excerpt(
                entry.body[:EXCERPT_SOURCE_CHARS], language, query_terms
            )
            if "<mark>" in body_excerpt:
                summary_excerpt = body_excerpt
        result.hits.append(
            Hit(
                entry=entry,
                title=highlight(entry.title, language, query_terms),
                excerpt=summary_excerpt,
            )
        )
    return result
