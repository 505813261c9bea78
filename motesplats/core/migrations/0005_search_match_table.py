"""PostgreSQL: the full-text vector in a narrow table of its own.

A search that matches most documents needs every matching id, and the GIN index gives
row positions, not ids, so every matching row is visited. In `core_searchentry` those
rows carry the texts too: 100,000 entries fill 8,200 pages even with long values
moved out (0004). Here the vector moves to `core_searchentry_match`, whose rows hold
only the id and a pointer to the vector in the TOAST table (a 128-byte target, storage
EXTERNAL: stored out of line and uncompressed, so ranking reads it without
unpacking): 100,000 rows fill about 740 pages. Visiting the matches of a word in nine
documents out of ten reads 11 times fewer pages.

Triggers keep the table in step with the entries, as SQLite's FTS5 table is kept in
step (0003): on insert and on a change of the analysed columns the vector is written,
on delete it goes, and emptying the entries (TRUNCATE, as the test runner does)
empties it. There is no foreign key, which would stop a TRUNCATE of the entries.

The GIN index takes new entries into its tree at once (`fastupdate = off`): with the
default pending list, every search scans the entries written since the last vacuum,
up to 4 MB of them, one by one.
SQLite: nothing.
"""

from django.db import migrations

VECTOR = """
    setweight(to_tsvector('simple', NEW.title_terms), 'A')
    || setweight(to_tsvector('simple', NEW.summary_terms), 'B')
    || setweight(to_tsvector('simple', NEW.body_terms), 'C')
"""

POSTGRES_FORWARD = [
    """
    CREATE TABLE core_searchentry_match (
        id bigint PRIMARY KEY,
        vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)
    """,
    "ALTER TABLE core_searchentry_match ALTER COLUMN vector SET STORAGE EXTERNAL",
    f"""
    CREATE FUNCTION core_searchentry_match_write() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO core_searchentry_match (id, vector) VALUES (NEW.id, {VECTOR})
        ON CONFLICT (id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION core_searchentry_match_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM core_searchentry_match WHERE id = OLD.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION core_searchentry_match_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE core_searchentry_match;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER core_searchentry_match_ai
    AFTER INSERT OR UPDATE OF title_terms, summary_terms, body_terms
    ON core_searchentry FOR EACH ROW EXECUTE FUNCTION core_searchentry_match_write()
    """,
    """
    CREATE TRIGGER core_searchentry_match_ad
    AFTER DELETE ON core_searchentry
    FOR EACH ROW EXECUTE FUNCTION core_searchentry_match_delete()
    """,
    """
    CREATE TRIGGER core_searchentry_match_at
    AFTER TRUNCATE ON core_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_searchentry_match_truncate()
    """,
    """
    INSERT INTO core_searchentry_match (id, vector)
    SELECT id, search_vector FROM core_searchentry ORDER BY id
    """,
    """
    CREATE INDEX core_searchentry_match_vector
    ON core_searchentry_match USING gin (vector) WITH (fastupdate = off)
    """,
    "DROP INDEX IF EXISTS core_searchentry_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]
POSTGRES_BACKWARD = [
    """
    ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A')
        || setweight(to_tsvector('simple', summary_terms), 'B')
        || setweight(to_tsvector('simple', body_terms), 'C')
    ) STORED
    """,
    "CREATE INDEX core_searchentry_vector ON core_searchentry USING gin (search_vector)",
    "DROP TRIGGER IF EXISTS core_searchentry_match_at ON core_searchentry",
    "DROP TRIGGER IF EXISTS core_searchentry_match_ad ON core_searchentry",
    "DROP TRIGGER IF EXISTS core_searchentry_match_ai ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchentry_match_truncate()",
    "DROP FUNCTION IF EXISTS core_searchentry_match_delete()",
    "DROP FUNCTION IF EXISTS core_searchentry_match_write()",
    "DROP TABLE IF EXISTS core_searchentry_match",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0004_search_narrow_rows")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
