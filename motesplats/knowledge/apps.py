from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "motesplats.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge bank")

    def ready(self) -> None:
        from wagtail.signals import post_page_move  # noqa: PLC0415 -- app registry

        post_page_move.connect(
            _sync_node_after_move, dispatch_uid="knowledge-node-sync"
        )


def _sync_node_after_move(sender, instance, **kwargs) -> None:
    # A moved item now belongs to the node it sits under.
    from .models import KnowledgePage  # noqa: PLC0415 -- models load after apps
    from .services import knowledge_node_sync  # noqa: PLC0415 -- same

    specific = getattr(instance, "specific", instance)
    if isinstance(specific, KnowledgePage):
        knowledge_node_sync(page=specific)
