from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "motesplats.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from .search import register  # noqa: PLC0415 -- needs the app registry

        register()
