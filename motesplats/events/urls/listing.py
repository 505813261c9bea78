"""Routes: listing."""

urlpatterns: list = []
