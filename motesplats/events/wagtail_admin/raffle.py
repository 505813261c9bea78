"""Admin: the raffle of an event's places (hooks registered on import).

The views live at /admin/events/<event id>/raffle/ under the namespace
`events_raffle_admin`; an event page in raffle mode gets a "Raffle" button in its
header for the people who may edit it.
"""

from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from motesplats.events.enums import RegistrationMode
from motesplats.events.models import EventPage
from motesplats.events.reports import user_can_manage_event

from .raffle_views import RaffleAdminView


@hooks.register("register_admin_urls")
def register_raffle_admin_urls():
    view = RaffleAdminView.as_view()
    urls = [
        path("", view, name="overview"),
        re_path(r"^(?P<action>open|close|draw)/$", view, name="action"),
    ]
    return [
        path("events/<int:event_id>/raffle/", include((urls, "events_raffle_admin")))
    ]


@hooks.register("register_page_header_buttons")
def raffle_header_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), EventPage):
        return
    event = page.specific
    if event.canonical.registration_mode != RegistrationMode.RAFFLE:
        return
    if not user_can_manage_event(user, event):
        return
    yield Button(
        _("Raffle"),
        reverse("events_raffle_admin:overview", args=[event.canonical.pk]),
        icon_name="tasks",
        priority=40,
    )
