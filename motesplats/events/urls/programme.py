"""Routes: programme."""

urlpatterns: list = []
