"""Routes: registration, the booking page and its self-service, the ticket image.

Words in the paths are translated (Swedish URLs in Swedish); ids, tokens and file
names are not. `<token>` is a booking's manage token or one participant's own key.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.events.views import registration as views

urlpatterns = [
    path(
        format_lazy("<int:event_id>/{}", _("register/")),
        views.register_view,
        name="register",
    ),
    path(
        format_lazy("{}<slug:token>/", _("booking/")),
        views.booking_view,
        name="booking",
    ),
    path(
        format_lazy(
            "{}<slug:token>/{}<int:registration_id>/", _("booking/"), _("cancel/")
        ),
        views.booking_cancel_view,
        name="booking_cancel",
    ),
    path(
        format_lazy(
            "{}<slug:token>/{}<int:registration_id>/", _("booking/"), _("change/")
        ),
        views.booking_change_view,
        name="booking_change",
    ),
    path(
        format_lazy(
            "{}<slug:token>/{}<int:registration_id>/", _("booking/"), _("offer/")
        ),
        views.booking_offer_view,
        name="booking_offer",
    ),
    path(
        format_lazy("{}<slug:ticket_code>.png", _("ticket/")),
        views.ticket_qr_view,
        name="ticket_qr",
    ),
]
