from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "motesplats.api"
    label = "api"
    verbose_name = _("Open data and harvest")
