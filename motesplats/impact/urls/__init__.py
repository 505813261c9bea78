"""The impact app's routes, one module per area, under one namespace."""

from . import calculators

app_name = "impact"
urlpatterns = [
    *calculators.urlpatterns,
]
