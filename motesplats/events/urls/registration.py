"""Routes: registration."""

urlpatterns: list = []
