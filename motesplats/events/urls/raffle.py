"""Routes: raffle."""

urlpatterns: list = []
