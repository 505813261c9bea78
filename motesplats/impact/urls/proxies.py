"""Routes: the public library of financial proxies."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from motesplats.impact.views import proxies as views

urlpatterns = [
    path(_("proxies/"), views.proxy_list_view, name="proxy_list"),
]
