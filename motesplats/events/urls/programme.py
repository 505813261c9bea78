"""Routes: the programme, sessions, speakers and the member's agenda.

Words in the paths are translated (Swedish URLs in Swedish); ids and file names are not.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.events.views import programme as views

urlpatterns = [
    path(
        format_lazy("<int:event_id>/{}", _("programme/")),
        views.programme_view,
        name="programme",
    ),
    path("<int:event_id>/calendar.ics", views.event_ics_view, name="event_ics"),
    path(
        "<int:event_id>/schedule.json", views.schedule_json_view, name="schedule_json"
    ),
    path(
        format_lazy("{}<int:session_id>/", _("sessions/")),
        views.session_detail_view,
        name="session_detail",
    ),
    path(
        format_lazy("{}<int:session_id>/calendar.ics", _("sessions/")),
        views.session_ics_view,
        name="session_ics",
    ),
    path(
        format_lazy("{}<int:session_id>/{}", _("sessions/"), _("star/")),
        views.session_star_view,
        name="session_star",
    ),
    path(
        format_lazy("{}<int:session_id>/{}", _("sessions/"), _("signup/")),
        views.session_signup_view,
        name="session_signup",
    ),
    path(_("my-agenda/"), views.agenda_view, name="agenda"),
    path(
        format_lazy("{}<str:token>/agenda.ics", _("my-agenda/")),
        views.agenda_ics_view,
        name="agenda_ics",
    ),
    path(
        format_lazy("{}<int:speaker_id>/", _("speakers/")),
        views.speaker_detail_view,
        name="speaker_detail",
    ),
]
