"""Routes: needs."""

urlpatterns: list = []
