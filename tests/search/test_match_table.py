"""PostgreSQL keeps the full-text vectors in a narrow table of their own (migration
0005), kept in step with the entries by triggers: every write path, including a
TRUNCATE, leaves one row per entry with the vector of the entry's current terms."""

from django.db import connection

import pytest

from motesplats.core.models import SearchEntry
from motesplats.core.search import search

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# Entries without their vector, vectors without an entry, and vectors that differ
# from the one made from the entry's own columns.
OUT_OF_STEP = """
    SELECT e.id, m.id FROM core_searchentry e
    FULL JOIN core_searchentry_match m ON m.id = e.id
    WHERE e.id IS NULL OR m.id IS NULL OR m.vector <> (
        setweight(to_tsvector('simple', e.title_terms), 'A')
        || setweight(to_tsvector('simple', e.summary_terms), 'B')
        || setweight(to_tsvector('simple', e.body_terms), 'C')
    )
"""


def _out_of_step() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(OUT_OF_STEP)
        return cursor.fetchall()


def _match_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_searchentry_match")
        return cursor.fetchone()[0]


def test_every_entry_has_its_vector_after_the_demo_load():
    assert SearchEntry.objects.count() > 20
    assert _match_rows() == SearchEntry.objects.count()
    assert _out_of_step() == []


def test_a_changed_entry_is_found_by_its_new_words_only():
    entry = SearchEntry.objects.filter(language="sv").first()
    assert search("zebrafink", language="sv").total == 0
    entry.body_terms = "zebrafink"
    entry.save()
    assert _out_of_step() == []
    found = search("zebrafink", language="sv")
    assert [hit.entry.pk for hit in found.hits] == [entry.pk]
    entry.body_terms = "kolibri"
    entry.save(update_fields=["body_terms"])
    assert search("zebrafink", language="sv").total == 0
    assert _out_of_step() == []


def test_a_change_of_other_columns_keeps_the_vector():
    entry = SearchEntry.objects.filter(language="sv").first()
    SearchEntry.objects.filter(pk=entry.pk).update(kind="film", node="umea")
    assert _out_of_step() == []


def test_deleted_entries_take_their_vectors_with_them():
    doomed = list(
        SearchEntry.objects.filter(language="en").values_list("pk", flat=True)
    )
    assert doomed
    SearchEntry.objects.filter(pk__in=doomed).delete()
    assert _out_of_step() == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM core_searchentry_match WHERE id = ANY(%s)", [doomed]
        )
        assert cursor.fetchone()[0] == 0


def test_emptying_the_entries_empties_the_vectors():
    assert _match_rows() > 0
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_searchentry")
    assert _match_rows() == 0
