"""Routes: matchmaking suggestions (`/sv/forslag/`, `/en/suggestions/`)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views import matching as views

urlpatterns = [
    path(_("suggestions/"), views.suggestions_view, name="suggestions"),
]
