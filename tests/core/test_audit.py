import pytest

from motesplats.core.audit import log_action
from motesplats.core.models import AuditEntry
from motesplats.taxonomy.models import Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_log_action_records_actor_object_and_details():
    user = UserFactory()
    theme = Theme.objects.get(slug="digital-inkludering")
    entry = log_action(
        action="taxonomy.theme.changed", actor=user, obj=theme, data={"f": 1}
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor == user
    assert stored.actor_label == f"user #{user.pk}"
    assert stored.object_id == str(theme.pk)
    assert stored.content_type.model == "theme"
    assert stored.data == {"f": 1}
    # The label holds no name or e-mail: erasure only has to cut the link.
    assert user.email not in stored.actor_label


def test_log_action_without_actor_is_system():
    entry = log_action(action="taxonomy.reference.loaded")
    assert entry.actor is None
    assert entry.actor_label == "system"
