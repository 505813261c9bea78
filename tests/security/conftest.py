"""Fixtures for the security tests: a user for every role and one object of every
kind, built once per module.

The world is made inside a transaction that stays open for the whole module; each
test runs in a savepoint within it (pytest-django's per-test transaction nests), so
tests may change things freely and the next test sees the world as built. The
transaction is rolled back when the module is done: nothing leaks into other tests.
"""

from django.db import transaction

import pytest

from tests.security.world import World, build_world, log_in_everyone


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            log_in_everyone(built)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def anonymous(world):
    return world.client("anonymous")


@pytest.fixture
def member(world):
    return world.users["member"]


@pytest.fixture
def other_member(world):
    return world.users["other_member"]


@pytest.fixture
def org_admin(world):
    return world.users["org_admin"]


@pytest.fixture
def coordinator(world):
    return world.users["coordinator"]


@pytest.fixture
def node_editor(world):
    return world.users["node_editor"]


@pytest.fixture
def national_editor(world):
    return world.users["national_editor"]


@pytest.fixture
def administrator(world):
    return world.users["admin"]
