"""The member's own privacy pages: their data, consents and deleting the account."""

from django.urls import path  # noqa: F401 -- filled in below

app_name = "accounts"

urlpatterns: list = []
