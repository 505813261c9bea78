"""Routes: organisations."""

urlpatterns: list = []
