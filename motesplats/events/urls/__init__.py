"""The events app's routes, one module per area, under one namespace."""

from . import listing, meetings, organiser, programme, raffle, registration

app_name = "events"
urlpatterns = [
    *listing.urlpatterns,
    *programme.urlpatterns,
    *registration.urlpatterns,
    *organiser.urlpatterns,
    *raffle.urlpatterns,
    *meetings.urlpatterns,
]
