"""Shared fixtures. The demo site is loaded once per test session and every test runs in
a transaction that is rolled back, so tests see the same realistic site and stay fast."""

from django.db import connection
from django.utils import translation

import pytest

from motesplats.pages.demo import demo_load

# Tests that commit for real; the database is emptied after each, demo site included.
TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
}


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    for item in items:
        # `make test` runs these in a second, single-process pass: in parallel
        # workers they would empty the database under the tests that follow them.
        if _commits(item):
            item.add_marker(pytest.mark.transactional)
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Database changes roll back after each test; cached fragments must go with them."""
    from django.core.cache import cache  # noqa: PLC0415 -- settings are ready by now

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sv():
    with translation.override("sv"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield
