"""The actors app's routes, one module per area, under one namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views.hub import hub_view

from . import coalitions, matching, needs, organisations, profiles, surveys

app_name = "actors"
urlpatterns = [
    path(_("collaborate/"), hub_view, name="hub"),
    *organisations.urlpatterns,
    *profiles.urlpatterns,
    *coalitions.urlpatterns,
    *needs.urlpatterns,
    *matching.urlpatterns,
    *surveys.urlpatterns,
]
