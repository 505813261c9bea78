"""Routes: surveys (`/sv/enkater/`, `/en/surveys/`)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views import surveys as views

urlpatterns = [
    path(_("surveys/"), views.survey_list_view, name="survey_list"),
    path(
        format_lazy("{}<slug:slug>/", _("surveys/")),
        views.survey_detail_view,
        name="survey_detail",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("surveys/"), _("thanks/")),
        views.survey_thanks_view,
        name="survey_thanks",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("surveys/"), _("results/")),
        views.survey_results_view,
        name="survey_results",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("surveys/"), _("results.csv")),
        views.survey_results_csv_view,
        name="survey_results_csv",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("surveys/"), _("answers.csv")),
        views.survey_answers_csv_view,
        name="survey_answers_csv",
    ),
]
