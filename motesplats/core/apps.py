from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motesplats.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save  # noqa: PLC0415

        from wagtail.signals import page_published, page_unpublished, post_page_move  # noqa: PLC0415

        from .admin_csp import patch_wagtail_admin  # noqa: PLC0415 -- needs Wagtail loaded
        from .cache import bump_on_change  # noqa: PLC0415 -- connects after the app registry
        from .lookups import IntegerFieldIn  # noqa: F401, PLC0415 -- registers the lookup

        patch_wagtail_admin()

        for signal in (
            post_save,
            post_delete,
            m2m_changed,
            page_published,
            page_unpublished,
        ):
            signal.connect(bump_on_change, dispatch_uid=f"motesplats-bump-{id(signal)}")
        post_page_move.connect(bump_on_change, dispatch_uid="motesplats-bump-move")

        from .search import signals as search  # noqa: PLC0415

        page_published.connect(search.page_published, dispatch_uid="search-publish")
        page_unpublished.connect(search.page_unpublished, dispatch_uid="search-unpub")
        post_page_move.connect(search.page_moved, dispatch_uid="search-move")
        post_save.connect(search.object_saved, dispatch_uid="search-save")
        post_delete.connect(search.object_deleted, dispatch_uid="search-delete")
