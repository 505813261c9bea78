"""The actors app's routes, one module per area, under one namespace."""

from . import coalitions, matching, needs, organisations, profiles, surveys

app_name = "actors"
urlpatterns = [
    *organisations.urlpatterns,
    *profiles.urlpatterns,
    *coalitions.urlpatterns,
    *needs.urlpatterns,
    *matching.urlpatterns,
    *surveys.urlpatterns,
]
