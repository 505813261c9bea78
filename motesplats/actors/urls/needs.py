"""Routes: needs and offers.

Words in the paths are translated (Swedish URLs in Swedish); ids are not.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.actors.views import needs as views

urlpatterns = [
    path(_("needs-and-offers/"), views.need_list_view, name="need_list"),
    path(
        format_lazy("{}{}", _("needs-and-offers/"), _("new/")),
        views.need_create_view,
        name="need_create",
    ),
    path(
        format_lazy("{}{}", _("needs-and-offers/"), _("mine/")),
        views.need_mine_view,
        name="need_mine",
    ),
    path(
        format_lazy("{}<uuid:uuid>/", _("needs-and-offers/")),
        views.need_detail_view,
        name="need_detail",
    ),
    path(
        format_lazy("{}<uuid:uuid>/{}", _("needs-and-offers/"), _("edit/")),
        views.need_edit_view,
        name="need_edit",
    ),
    path(
        format_lazy("{}<uuid:uuid>/{}", _("needs-and-offers/"), _("close/")),
        views.need_close_view,
        name="need_close",
    ),
]
