"""Routes: coalitions."""

urlpatterns: list = []
