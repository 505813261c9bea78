from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NodesConfig(AppConfig):
    name = "motesplats.nodes"
    label = "nodes"
    verbose_name = _("Nodes")

    def ready(self) -> None:
        from wagtail.signals import copy_for_translation_done  # noqa: PLC0415 -- app registry

        copy_for_translation_done.connect(_provision_translated_node_page)


def _provision_translated_node_page(sender, source_obj, target_obj, **kwargs) -> None:
    # A translated node page must be editable by the same node editors as the original.
    from .models import NodePage  # noqa: PLC0415 -- models load after apps
    from .services import node_provision  # noqa: PLC0415 -- same

    specific = getattr(target_obj, "specific", target_obj)
    if isinstance(specific, NodePage):
        node_provision(node=specific.node)
