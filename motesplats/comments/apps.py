from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "motesplats.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from . import gdpr  # noqa: F401, PLC0415 -- registers the comments' data handler
