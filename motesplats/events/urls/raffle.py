"""Routes: the public raffle page and its published list of entries."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from motesplats.events.views import raffle as views

urlpatterns = [
    path(_("<int:event_id>/raffle/"), views.raffle_view, name="raffle"),
    # The file name stays "entries.json" in every language: the verify command and the
    # instructions on the page refer to it by that name.
    path(
        _("<int:event_id>/raffle/entries.json"),
        views.raffle_entries_view,
        name="raffle_entries",
    ),
]
