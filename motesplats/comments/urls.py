from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "comments"

urlpatterns = [
    path(_("<int:pk>/report/"), views.report, name="report"),
    path(_("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("challenge/"), views.challenge, name="challenge"),
]
