"""A throw-away PostgreSQL database for one benchmark, dropped afterwards even on error.

The admin connection comes from BENCH_POSTGRES_URL (default: the local server). The
name is random and checked against the databases a benchmark must never touch.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

ADMIN_URL_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
PROTECTED_DATABASES = {"test", "test_test", "postgres", "template0", "template1"}


def _log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")


@contextmanager
def throwaway_database(prefix: str = "motesplats_bench") -> Iterator[str | None]:
    """Yield the URL of a new, empty database; None if PostgreSQL is unreachable."""
    import psycopg  # noqa: PLC0415 -- only benchmarks on PostgreSQL need it
    from psycopg import sql  # noqa: PLC0415

    admin_url = os.environ.get("BENCH_POSTGRES_URL") or ADMIN_URL_DEFAULT
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _log(f"PostgreSQL unreachable ({str(exc).strip()}); skipping it")
        yield None
        return
    name = f"{prefix}_{secrets.token_hex(6)}"
    if name in PROTECTED_DATABASES:
        raise SystemExit(f"refusing to use the database {name}")
    database_url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        _log(f"created database {name}")
        try:
            yield database_url
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
            _log(f"dropped database {name}")
