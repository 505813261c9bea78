"""Routes: 1:1 meetings for participants (translated path words, ids as they are)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.events.views import meetings as views

urlpatterns = [
    path(
        format_lazy("<int:event_id>/{}", _("meetings/")),
        views.meetings_view,
        name="meetings",
    ),
    path(
        format_lazy("<int:event_id>/{}{}", _("meetings/"), _("take-part/")),
        views.meetings_optin_view,
        name="meetings_optin",
    ),
    path(
        format_lazy("<int:event_id>/{}{}", _("meetings/"), _("leave/")),
        views.meetings_optout_view,
        name="meetings_optout",
    ),
    path(
        format_lazy("<int:event_id>/{}{}", _("meetings/"), _("mark/")),
        views.meetings_mark_view,
        name="meetings_mark",
    ),
    path(
        format_lazy("<int:event_id>/{}{}", _("meetings/"), _("mine/")),
        views.meetings_mine_view,
        name="meetings_mine",
    ),
    path(
        format_lazy("<int:event_id>/{}meetings.ics", _("meetings/")),
        views.meetings_ics_view,
        name="meetings_ics",
    ),
]
