from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "motesplats.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Personal-data handlers; the meetings section on coalition pages.
        from . import coalition_meetings, gdpr  # noqa: F401, PLC0415
