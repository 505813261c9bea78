"""Routes: an impact model's funder report and its exports (JSON, CSV, CIDS JSON-LD).

Words in the paths are translated (Swedish URLs in Swedish); the model's uuid is not.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.impact.views import reports as views

_MODEL = format_lazy("{}<uuid:uuid>/", _("models/"))

urlpatterns = [
    path(format_lazy("{}{}", _MODEL, _("report/")), views.report_view, name="report"),
    path(
        format_lazy("{}{}", _MODEL, _("report.json")),
        views.report_json_view,
        name="report_json",
    ),
    path(
        format_lazy("{}{}", _MODEL, _("report.csv")),
        views.report_csv_view,
        name="report_csv",
    ),
    path(
        format_lazy("{}{}", _MODEL, _("report.jsonld")),
        views.report_jsonld_view,
        name="report_jsonld",
    ),
]
