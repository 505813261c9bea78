"""Routes: organiser."""

urlpatterns: list = []
