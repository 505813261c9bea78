"""Fixtures shared by the knowledge tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def member(client):
    """A signed-in member with a display name (credited on published cases)."""
    user = UserFactory(email="sara.exempel@example.org", display_name="Sara Exempel")
    client.force_login(user)
    return user
