"""Routes: organisations. Words in the paths are translated; slugs are not."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views import organisations as views

urlpatterns = [
    path(_("organisations/"), views.organisation_list_view, name="organisation_list"),
    path(
        format_lazy("{}{}", _("organisations/"), _("propose/")),
        views.organisation_propose_view,
        name="organisation_propose",
    ),
    path(
        format_lazy("{}<slug:slug>/", _("organisations/")),
        views.organisation_detail_view,
        name="organisation_detail",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("organisations/"), _("join/")),
        views.organisation_join_view,
        name="organisation_join",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("organisations/"), _("leave/")),
        views.organisation_leave_view,
        name="organisation_leave",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("organisations/"), _("members/")),
        views.organisation_members_view,
        name="organisation_members",
    ),
    path(
        format_lazy("{}<slug:slug>/{}", _("organisations/"), _("edit/")),
        views.organisation_edit_view,
        name="organisation_edit",
    ),
]
