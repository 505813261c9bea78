from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motesplats.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added  # noqa: PLC0415 -- app registry

        from . import gdpr  # noqa: F401, PLC0415 -- registers the account's own exporter
        from .signals import record_mfa_on_activation  # noqa: PLC0415

        authenticator_added.connect(
            record_mfa_on_activation, dispatch_uid="motesplats-mfa"
        )
