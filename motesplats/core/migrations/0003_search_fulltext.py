"""The database's own full-text index over the analysed search columns.

SQLite: an FTS5 table with the entries as external content, kept in step by triggers.
PostgreSQL: a generated `tsvector` column (weights A, B, C for title, summary, body)
with a GIN index, and a second, small one of title and summary for ranking. The columns hold analysed terms already, so both use the plain
tokenizer / the 'simple' configuration: the linguistics live in Python and behave the
same on both databases.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(
        title_terms, summary_terms, body_terms,
        content='core_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER core_searchentry_ai AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(rowid, title_terms, summary_terms, body_terms)
        VALUES (new.id, new.title_terms, new.summary_terms, new.body_terms);
    END
    """,
    """
    CREATE TRIGGER core_searchentry_ad AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(
            core_searchentry_fts, rowid, title_terms, summary_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.summary_terms, old.body_terms);
    END
    """,
    """
    CREATE TRIGGER core_searchentry_au AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(
            core_searchentry_fts, rowid, title_terms, summary_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.summary_terms, old.body_terms);
        INSERT INTO core_searchentry_fts(rowid, title_terms, summary_terms, body_terms)
        VALUES (new.id, new.title_terms, new.summary_terms, new.body_terms);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_au",
    "DROP TRIGGER IF EXISTS core_searchentry_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_ai",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]
POSTGRES_FORWARD = [
    """
    ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A')
        || setweight(to_tsvector('simple', summary_terms), 'B')
        || setweight(to_tsvector('simple', body_terms), 'C')
    ) STORED
    """,
    "CREATE INDEX core_searchentry_vector ON core_searchentry USING gin (search_vector)",
    # Title and summary only: small, so ranking a large match set stays cheap.
    """
    ALTER TABLE core_searchentry ADD COLUMN heading_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A')
        || setweight(to_tsvector('simple', summary_terms), 'B')
    ) STORED
    """,
    "CREATE INDEX core_searchentry_heading ON core_searchentry USING gin (heading_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchentry_heading",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS heading_vector",
    "DROP INDEX IF EXISTS core_searchentry_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
