from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "motesplats.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from . import gdpr  # noqa: F401, PLC0415 -- registers the personal-data handlers
