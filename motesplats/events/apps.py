from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "motesplats.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from . import gdpr  # noqa: F401, PLC0415 -- registers the personal-data handlers
