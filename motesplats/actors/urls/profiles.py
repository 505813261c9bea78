"""Routes: profiles."""

urlpatterns: list = []
