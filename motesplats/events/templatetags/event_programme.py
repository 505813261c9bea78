"""`{% programme_summary page %}`: the programme's short section on the event page."""

from django import template

from motesplats.events.models import EventPage
from motesplats.events.programme import programme_counts

register = template.Library()


@register.inclusion_tag("events/includes/programme_summary.html")
def programme_summary(page: EventPage) -> dict:
    """Number of sessions and days, and links to the programme and its files.

    A fixed number of queries: the default locale (and, on a translation, the
    canonical page) and one for the sessions' start times.
    """
    return {"event_id": page.pk, "counts": programme_counts(page.canonical)}
