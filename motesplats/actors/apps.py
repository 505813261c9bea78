from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "motesplats.actors"
    label = "actors"
    verbose_name = _("Actors and coalitions")

    def ready(self) -> None:
        from . import gdpr  # noqa: F401, PLC0415 -- registers the personal-data handlers
