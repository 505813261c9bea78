"""The impact app's routes, one module per area, under one namespace."""

from . import calculators, models, proxies, reports

app_name = "impact"
urlpatterns = [
    *calculators.urlpatterns,
    *models.urlpatterns,
    *reports.urlpatterns,
    *proxies.urlpatterns,
]
