"""Admin: the organisers' tools (hooks registered on import).

URLs under /admin/events/ (namespace `events_admin`), a menu item for people who
manage at least one event, and a button to the tools on event pages in the explorer.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from motesplats.events.models import EventPage
from motesplats.events.reports import manageable_event_ids, user_can_manage_event

from . import organiser_views as views


@hooks.register("register_admin_urls")
def register_admin_urls():
    event = "<int:event_id>/"
    urls = [
        path("", views.EventListView.as_view(), name="index"),
        path(event, views.DashboardView.as_view(), name="dashboard"),
        path(
            f"{event}participants/",
            views.ParticipantsView.as_view(),
            name="participants",
        ),
        path(
            f"{event}participants/<int:registration_id>/cancel/",
            views.ParticipantCancelView.as_view(),
            name="participant_cancel",
        ),
        path(
            f"{event}participants.csv",
            views.ParticipantsCsvView.as_view(),
            name="participants_csv",
        ),
        path(f"{event}message/", views.MessageView.as_view(), name="message"),
        path(f"{event}payments/", views.PaymentsView.as_view(), name="payments"),
        path(
            f"{event}payments/<int:booking_id>/",
            views.PaymentMarkView.as_view(),
            name="payment_mark",
        ),
        path(f"{event}checkin/", views.CheckInView.as_view(), name="checkin"),
        path(
            f"{event}checkin/counts/",
            views.CheckInCountsView.as_view(),
            name="checkin_counts",
        ),
        path(f"{event}badges/", views.BadgesView.as_view(), name="badges"),
    ]
    return [path("events/", include((urls, "events_admin")))]


class OrganiserMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bool(manageable_event_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_organiser_menu_item():
    return OrganiserMenuItem(
        _("Events"),
        reverse("events_admin:index"),
        name="events-organiser",
        icon_name="date",
        order=250,
    )


def _is_event(page) -> bool:
    return issubclass(page.specific_class or object, EventPage)


@hooks.register("register_page_listing_more_buttons")
def event_tools_listing_button(page, user, next_url=None):
    if _is_event(page) and user_can_manage_event(user, page.specific):
        yield Button(
            _("Participants and check-in"),
            url=reverse("events_admin:dashboard", args=[page.pk]),
            icon_name="group",
            priority=45,
        )


@hooks.register("register_page_header_buttons")
def event_tools_header_button(page, user, view_name, next_url=None):
    if _is_event(page) and user_can_manage_event(user, page.specific):
        yield Button(
            _("Participants and check-in"),
            url=reverse("events_admin:dashboard", args=[page.pk]),
            icon_name="group",
            priority=45,
        )
