import io

from django.core.management import CommandError, call_command

import pytest

from motesplats.nodes.models import Node
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_grant_editor_for_a_node():
    user = UserFactory()
    out = io.StringIO()
    call_command("grant_editor", user.email.upper(), "--node", "umea", stdout=out)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(
        pk=Node.objects.get(slug="umea").editors_group_id
    ).exists()
    assert "Umeå" in out.getvalue() or "umea" in out.getvalue().lower()


def test_grant_editor_national():
    user = UserFactory()
    call_command("grant_editor", user.email, "--national", stdout=io.StringIO())
    assert user.groups.filter(name="Nationella redaktörer").exists()


def test_grant_editor_rejects_unknown_node_and_changes_nothing():
    user = UserFactory()
    with pytest.raises(CommandError, match="Known nodes: jonkoping, lulea, malmo"):
        call_command("grant_editor", user.email, "--node", "kiruna")
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()


def test_grant_editor_rejects_unknown_account():
    with pytest.raises(CommandError, match="No account"):
        call_command("grant_editor", "ingen@example.org", "--national")
