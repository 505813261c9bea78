"""`{% organiser_links page %}`: on an event's public page, a link to its organiser
tools for the people who may use them, and nothing for everyone else."""

from django import template
from django.urls import reverse

from motesplats.events.reports import user_can_manage_event

register = template.Library()


@register.inclusion_tag("events/includes/organiser_links.html", takes_context=True)
def organiser_links(context, page) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    # Visitors who are not signed in cost no query.
    if page is None or user is None or not user.is_authenticated:
        return {"url": None}
    if not user_can_manage_event(user, page):
        return {"url": None}
    return {"url": reverse("events_admin:dashboard", args=[page.canonical.pk])}
