"""Routes: surveys."""

urlpatterns: list = []
