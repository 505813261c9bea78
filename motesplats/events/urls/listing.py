"""Routes: the summit archive (the listing itself is the events page in the tree)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from motesplats.events.views.listing import summit_archive_view

urlpatterns = [
    path(_("summit/archive/"), summit_archive_view, name="summit_archive"),
]
