"""Writes on the knowledge bank."""

from typing import Any

from django.db import transaction

from motesplats.core.audit import log_action
from motesplats.nodes.selectors import node_for_page

from .models import KnowledgePage


@transaction.atomic
def knowledge_node_sync(*, page: KnowledgePage, actor: Any = None) -> KnowledgePage:
    """Set `page.node` (and its descendants') to the node page it now sits under.

    Called after a move: Wagtail moves pages without saving them, so the copy of the
    node used by the listing's node facet would otherwise keep the old node.
    """
    node = node_for_page(page)
    moved = KnowledgePage.objects.filter(path__startswith=page.path).exclude(node=node)
    changed = moved.update(node=node)
    if changed:
        log_action(
            action="knowledge.item.node_synced",
            actor=actor,
            obj=page,
            data={"node": node.slug if node else None, "items": changed},
        )
    return page
