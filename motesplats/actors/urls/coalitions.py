"""Routes: coalitions and knowledge alliances.

Words in the paths are translated (Swedish URLs in Swedish); slugs are not.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views import coalitions as views

urlpatterns = [
    path(_("coalitions/"), views.coalition_list_view, name="coalition_list"),
    path(
        format_lazy("{}<slug:slug>/", _("coalitions/")),
        views.coalition_detail_view,
        name="coalition_detail",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("coalitions/"), _("join/")),
        views.coalition_join_view,
        name="coalition_join",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("coalitions/"), _("leave/")),
        views.coalition_leave_view,
        name="coalition_leave",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("coalitions/"), _("follow/")),
        views.coalition_follow_view,
        name="coalition_follow",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("coalitions/"), _("coordinate/")),
        views.coalition_manage_view,
        name="coalition_manage",
    ),
]
