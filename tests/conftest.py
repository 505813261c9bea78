"""Shared fixtures. The demo site is loaded once per test session and every test runs in
a transaction that is rolled back, so tests see the same realistic site and stay fast."""

from django.db import connection
from django.utils import translation

import pytest

from motesplats.pages.demo import demo_load


def pytest_collection_modifyitems(config, items):
    for item in items:
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
