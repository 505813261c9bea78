"""Routes: people (profiles) and platform messages. Path words are translated."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views import messages, profiles

urlpatterns = [
    path(_("my-profile/"), profiles.profile_edit_view, name="profile_edit"),
    path(
        format_lazy("{}{}", _("my-profile/"), _("preview/")),
        profiles.profile_preview_view,
        name="profile_preview",
    ),
    path(_("people/"), profiles.people_list_view, name="people_list"),
    path(
        format_lazy("{}<uuid:uuid>/", _("people/")),
        profiles.profile_detail_view,
        name="profile_detail",
    ),
    path(_("messages/"), messages.message_inbox_view, name="message_inbox"),
    path(
        format_lazy("{}{}", _("messages/"), _("sent/")),
        messages.message_sent_view,
        name="message_sent",
    ),
    path(
        format_lazy("{}{}", _("messages/"), _("new/")),
        messages.message_send_view,
        name="message_send",
    ),
    path(
        format_lazy("{}<uuid:uuid>/", _("messages/")),
        messages.message_detail_view,
        name="message_detail",
    ),
]
