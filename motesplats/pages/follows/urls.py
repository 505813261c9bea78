"""Routes: the member's follows, the follow button and the one-click unsubscribe."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "follows"

urlpatterns = [
    path("", views.my_follows_view, name="mine"),
    path(_("follow/"), views.follow_view, name="follow"),
    path(_("remove/<int:follow_id>/"), views.follow_remove_view, name="remove"),
    path(_("unsubscribe/<str:token>/"), views.unsubscribe_view, name="unsubscribe"),
]
