from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "motesplats.actors"
    label = "actors"
    verbose_name = _("Actors and coalitions")

    def ready(self) -> None:
        from motesplats.accounts.consents import PUBLIC_PROFILE, on_withdraw  # noqa: PLC0415

        from . import gdpr  # noqa: F401, PLC0415 -- registers the personal-data handlers
        from .services.profiles import profile_hide_all  # noqa: PLC0415

        on_withdraw(PUBLIC_PROFILE.key, profile_hide_all)
