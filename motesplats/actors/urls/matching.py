"""Routes: matching."""

urlpatterns: list = []
