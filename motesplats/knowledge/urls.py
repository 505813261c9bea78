from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "knowledge"
urlpatterns = [
    path(
        _("submit-innovation/"),
        views.innovation_submit_view,
        name="innovation_submit",
    ),
    path(_("my-pages/"), views.contributions_view, name="contributions"),
]
