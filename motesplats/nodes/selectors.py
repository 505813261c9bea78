"""Reads on nodes."""

from django.db.models import QuerySet

from wagtail.models import Page

from .models import Node, NodePage


def node_list(*, active_only: bool = True) -> QuerySet[Node]:
    qs = Node.objects.select_related("county")
    return qs.filter(is_active=True) if active_only else qs


def node_for_page(page: Page) -> Node | None:
    """The node a page belongs to: the nearest node page above or at it, if any."""
    node_page = (
        NodePage.objects.filter(
            path__in=[page.path[:i] for i in range(4, len(page.path) + 1, 4)]
        )
        .select_related("node")
        .order_by("-depth")
        .first()
    )
    return node_page.node if node_page else None


def node_pages_by_slug(language: str = "sv") -> dict[str, NodePage]:
    """Each node's page in `language`, by the node's slug."""
    pages = NodePage.objects.filter(locale__language_code=language).select_related(
        "node"
    )
    return {page.node.slug: page for page in pages}
