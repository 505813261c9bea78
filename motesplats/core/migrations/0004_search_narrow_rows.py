"""PostgreSQL: keep the search entries' table rows narrow.

A search that matches most documents reads every matching row for its id (the GIN
index gives row positions, not ids). With the texts and the full `search_vector`
inline, a row took about 1.6 kB and 100,000 entries filled 20,500 pages; with long
values moved to the TOAST table once a row passes 512 bytes, the same rows fill 8,200
pages. The small `heading_vector` stays inline (storage MAIN): ranking the heading
matches reads it for every candidate. With it moved out as well (a 128-byte target),
the search benchmark's p95 got worse, not better: 303 ms against 168 ms. Rows written before this migration keep their layout until they are
written again (`manage.py rebuild_search_index` rewrites them all). SQLite: nothing.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE core_searchentry SET (toast_tuple_target = 512)",
    "ALTER TABLE core_searchentry ALTER COLUMN heading_vector SET STORAGE MAIN",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE core_searchentry ALTER COLUMN heading_vector SET STORAGE EXTENDED",
    "ALTER TABLE core_searchentry RESET (toast_tuple_target)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_fulltext")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
