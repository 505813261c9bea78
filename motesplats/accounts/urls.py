"""The member's own privacy pages: their data, consents and deleting the account."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"

urlpatterns = [
    path(_("my-data/"), views.my_data_view, name="my_data"),
    path(_("my-data/download/"), views.my_data_download_view, name="my_data_download"),
    path(_("my-data/read/"), views.my_data_page_view, name="my_data_page"),
    path(_("consents/"), views.consents_view, name="consents"),
    path(_("delete/"), views.delete_account_view, name="delete"),
    path(_("deleted/"), views.account_deleted_view, name="deleted"),
]
