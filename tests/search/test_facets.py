"""Facet counts come from each process's table of the entries' facet values: they must
equal a count over the rows themselves, follow every change to the index, and never
miss an entry the table has not seen yet."""

import datetime
from collections import Counter

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from motesplats.core.models import SearchEntry
from motesplats.core.search import facets, index_object, search
from motesplats.core.search.backend import _match_expression, _match_set, analyse
from motesplats.core.search.index import rebuild
from motesplats.core.search.text import terms
from motesplats.knowledge.models import InnovationPage
from motesplats.nodes.models import NodePage

pytestmark = pytest.mark.django_db


def matching_rows(query, language):
    """(id, kind, node, themes) of every match, joined to the rows: the plain way."""
    _words, matches = analyse(language, query)
    expression = _match_expression(matches, all_words=True)
    if connection.vendor == "postgresql":
        # The vector made here from the entry's own columns, not read from the
        # trigger-kept match table that the search uses.
        sql = (
            "SELECT e.id, e.kind, e.node, e.themes FROM core_searchentry e "
            "WHERE to_tsvector('simple', e.title_terms || ' ' || e.summary_terms "
            "|| ' ' || e.body_terms) @@ to_tsquery('simple', %s) AND e.language = %s"
        )
    else:
        sql = (
            "SELECT e.id, e.kind, e.node, e.themes FROM core_searchentry_fts f "
            "JOIN core_searchentry e ON e.id = f.rowid "
            "WHERE core_searchentry_fts MATCH %s AND e.language = %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, language])
        return cursor.fetchall()


def counted_over_rows(query, language, filters):
    """The total and facets counted over the rows themselves."""
    rows = [
        (kind, node, themes.split())
        for _pk, kind, node, themes in matching_rows(query, language)
        if filters.get("kind", kind) == kind
        and filters.get("node", node) == node
        and filters.get("theme", "") in ["", *themes.split()]
    ]
    counters = {
        "kind": Counter(kind for kind, _node, _themes in rows),
        "node": Counter(node for _kind, node, _themes in rows if node),
        "theme": Counter(t for _kind, _node, themes in rows for t in themes),
    }
    return len(rows), {name: dict(counter) for name, counter in counters.items()}


@pytest.mark.parametrize(
    ("query", "language", "filters"),
    [
        ("barn", "sv", {}),
        ("barn", "sv", {"kind": "innovation"}),
        ("social innovation", "sv", {}),
        ("arbetslöshet", "sv", {}),
        ("ensamhet", "sv", {"node": "malmo"}),
        ("hälsa", "sv", {"theme": "jamlik-halsa"}),
        ("children", "en", {}),
        ("social", "en", {"kind": "article"}),
    ],
)
def test_counts_equal_a_count_over_the_rows(query, language, filters):
    result = search(query, language=language, filters=filters)
    total, expected = counted_over_rows(query, language, filters)
    assert total > 0
    assert result.total == total
    assert {name: dict(values) for name, values in result.facets.items()} == expected


def test_a_page_moved_to_another_node_is_counted_under_it():
    page = InnovationPage.objects.get(locale__language_code="sv", slug="yalla-trappan")
    before = dict(search("Yalla", language="sv").facets["node"])
    assert before == {"malmo": 1}
    target = NodePage.objects.get(locale__language_code="sv", node__slug="umea")
    page.move(target, pos="last-child")
    assert dict(search("Yalla", language="sv").facets["node"]) == {"umea": 1}


def entry_behind_the_tables_back(title, **values):
    """An entry written after the table was loaded, without a new index version (as
    when another process commits between reading the version and the ids)."""
    facets.table()
    return SearchEntry.objects.create(
        content_type_id=SearchEntry.objects.first().content_type_id,
        object_id=10**9,
        language="sv",
        kind="article",
        title=title,
        url=f"/sv/{title.lower()}/",
        title_terms=" ".join(terms("sv", title)),
        **values,
    )


def test_an_entry_newer_than_the_table_is_counted_from_the_database():
    entry = entry_behind_the_tables_back(
        "Kvarnstensbröd", node="umea", themes="jamlik-halsa"
    )
    table = facets.table()
    assert entry.pk - table.base >= len(table.slots)
    result = search("kvarnstensbröd", language="sv")
    assert result.total == 1
    assert result.facets["node"] == [("umea", 1)]
    assert result.facets["theme"] == [("jamlik-halsa", 1)]
    assert [hit.entry.pk for hit in result.hits] == [entry.pk]


def test_every_change_to_the_index_gives_a_new_version_again_on_commit(
    django_capture_on_commit_callbacks,
):
    page = InnovationPage.objects.live().filter(locale__language_code="sv").first()
    first = facets.version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        index_object(page)
    second = facets.version()
    assert second != first
    for callback in callbacks:
        callback()
    assert facets.version() not in (first, second)


@pytest.fixture
def settled_index():
    """Entries last written a day ago: a refresh then reads only what the test
    changes (the demo data was written moments ago, inside the refresh margin)."""
    SearchEntry.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))


def test_the_table_is_read_once_per_version(django_assert_num_queries, settled_index):
    facets.table()
    with django_assert_num_queries(0):
        assert facets.table() is facets.table()
    facets._new_version()  # another process committed a change
    with django_assert_num_queries(1):
        reloaded = facets.table()
    assert reloaded.version == facets.version()
    assert facets.table() is reloaded


@pytest.mark.parametrize("filters", [{}, {"kind": "innovation"}])
def test_the_newest_matches_are_the_highest_ids_that_pass_the_filters(filters):
    _words, matches = analyse("sv", "barn")
    match_set = _match_set(_match_expression(matches, all_words=True), "sv")
    expected = sorted(
        (
            pk
            for pk, kind, _node, _themes in matching_rows("barn", "sv")
            if filters.get("kind", kind) == kind
        ),
        reverse=True,
    )
    assert len(expected) > 7
    assert match_set.newest("sv", filters, 7) == expected[:7]
    assert match_set.newest("sv", filters, 10_000) == expected


def test_an_entry_newer_than_the_table_is_the_newest_match():
    entry = entry_behind_the_tables_back("Barn")
    _words, matches = analyse("sv", "barn")
    match_set = _match_set(_match_expression(matches, all_words=True), "sv")
    assert match_set.newest("sv", {}, 3)[0] == entry.pk
    assert entry.pk not in match_set.newest("sv", {"kind": "innovation"}, 10_000)


def _values_of(table, entry):
    """(language, kind, node, themes) the table holds for `entry`."""
    return table.combinations[table.slots[entry.pk - table.base]]


def _node_of(table, entry):
    return _values_of(table, entry)[2]


def _move_yalla_to_umea():
    page = InnovationPage.objects.get(locale__language_code="sv", slug="yalla-trappan")
    page.move(
        NodePage.objects.get(locale__language_code="sv", node__slug="umea"),
        pos="last-child",
    )
    (entry,) = SearchEntry.objects.filter(language="sv", title__startswith="Yalla")
    return entry


def test_an_index_change_reads_only_the_changed_entries(settled_index):
    before = facets.table()
    entry = _move_yalla_to_umea()
    assert _node_of(before, entry) == "malmo"
    with CaptureQueriesContext(connection) as queries:
        after = before.refreshed("next")
    assert len(queries) == 1
    assert "updated_at" in queries[0]["sql"]
    assert after.loaded_at == before.loaded_at
    assert after.version == "next"
    assert _node_of(after, entry) == "umea"


def test_a_table_read_inside_an_indexing_transaction_is_not_kept(settled_index):
    kept = facets.table()

    class Undo(Exception):
        pass

    def move_look_and_undo():
        with transaction.atomic():
            entry = _move_yalla_to_umea()
            inside = facets.table()
            assert _node_of(inside, entry) == "umea"
            assert facets.table() is not inside
            assert facets._current is kept
            raise Undo(entry)

    with pytest.raises(Undo) as undone:
        move_look_and_undo()
    entry = undone.value.args[0]
    # Rolled back: the process's table never saw the move.
    after = facets.table()
    assert _node_of(after, entry) == "malmo"
    assert dict(search("Yalla", language="sv").facets["node"]) == {"malmo": 1}


def test_a_change_the_refresh_cannot_see_is_read_within_the_hour(
    monkeypatch, settled_index
):
    before = facets.table()
    entry = SearchEntry.objects.filter(language="sv", kind="innovation").first()
    # A change stamped long before it became visible (a transaction that ran for
    # longer than the margin).
    stamped = timezone.now() - 2 * facets.REFRESH_MARGIN
    SearchEntry.objects.filter(pk=entry.pk).update(kind="film", updated_at=stamped)
    refreshed = before.refreshed("next")
    assert _values_of(refreshed, entry)[1] == "innovation"
    later = timezone.now() + facets.FULL_RELOAD + datetime.timedelta(minutes=1)
    monkeypatch.setattr(facets.timezone, "now", lambda: later)
    reloaded = refreshed.refreshed("later")
    assert reloaded.loaded_at == later
    assert _values_of(reloaded, entry)[1] == "film"


def test_a_rebuild_reads_the_table_whole():
    before = facets.table()
    rebuild()
    after = before.refreshed("rebuilt")
    ids = list(SearchEntry.objects.values_list("pk", flat=True))
    assert after.loaded_at > before.loaded_at
    assert after.base == min(ids)
    assert len(after.slots) == max(ids) - min(ids) + 1
    assert (after.slots >= 0).sum() == len(ids)
    assert search("barn", language="sv").total == counted_over_rows("barn", "sv", {})[0]
