"""Provisioning a node from several processes at once gives one group and no duplicates.

Two editors can save a node, or a node page and its translation, at the same moment;
`node_provision` locks the node row so the group and permissions are created once.
"""

import threading

from django.db import connection

from wagtail.models import GroupPagePermission

import pytest

from motesplats.nodes.models import Node
from motesplats.nodes.services import node_provision
from tests.factories import load_demo_after_flush

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_provisioning_creates_one_group_and_no_duplicate_permissions():
    load_demo_after_flush()
    node = Node.objects.get(slug="orebro")
    Node.objects.filter(pk=node.pk).update(editors_group=None, collection=None)
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            node_provision(node=node)
        except BaseException as exc:  # noqa: BLE001 -- collected and asserted below
            errors.append(exc)
        finally:
            # Each thread has its own connection; close it so the test database can be
            # dropped at the end (CONN_MAX_AGE would otherwise keep it open).
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    node.refresh_from_db()
    assert node.editors_group is not None
    permissions = GroupPagePermission.objects.filter(group=node.editors_group)
    # add, change and publish on the Swedish and the English node page, each once
    assert permissions.count() == 6
    assert (
        permissions.values("page", "permission").distinct().count()
        == permissions.count()
    )
    assert connection.vendor == "postgresql"
