import pytest

from motesplats.core.models import AuditEntry
from motesplats.knowledge.models import InnovationPage
from motesplats.nodes.models import NodePage

pytestmark = pytest.mark.django_db


def test_moving_an_item_to_another_node_updates_its_node():
    page = InnovationPage.objects.get(locale__language_code="sv", slug="yalla-trappan")
    assert page.node.slug == "malmo"
    target = NodePage.objects.get(locale__language_code="sv", node__slug="umea")
    page.move(target, pos="last-child")
    page.refresh_from_db()
    assert page.node.slug == "umea"
    assert AuditEntry.objects.filter(
        action="knowledge.item.node_synced", object_id=str(page.pk)
    ).exists()
