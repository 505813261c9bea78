from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Node, NodePage
from .services import node_provision


class NodeViewSet(SnippetViewSet):
    model = Node
    icon = "site"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name_sv", "university_sv", "city", "is_active"]
    search_fields = ["name_sv", "name_en", "university_sv", "city"]


register_snippet(NodeViewSet)


@hooks.register("after_create_snippet")
def provision_new_node(request, instance):
    if isinstance(instance, Node):
        node_provision(node=instance, actor=request.user)


@hooks.register("after_create_page")
def provision_node_page(request, page):
    # A new node page, or a new translation of one, must be editable by the node's editors.
    specific = page.specific
    if isinstance(specific, NodePage):
        node_provision(node=specific.node, actor=request.user)
