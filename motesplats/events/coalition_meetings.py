"""The coalition page's "Meetings" section: the coalition's events.

Actors may not import events, so the events app registers this section with
`motesplats.actors.sections` (see `EventsConfig.ready`). It lists the live, public
event pages of the coalition in the visitor's language: upcoming soonest first, then
the latest past ones. An event counts when any language version of it names the
coalition, so a translation that was not updated still shows.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.actors.sections import register_coalition_section
from motesplats.core.i18n import current_language

from .models import EventPage

PAST_SHOWN = 5


def coalition_meetings(coalition, request):
    keys = EventPage.objects.filter(coalition=coalition).values("translation_key")
    events = (
        EventPage.objects.live()
        .public()
        .filter(locale__language_code=current_language(), translation_key__in=keys)
        .select_related("locale")
    )
    now = timezone.now()
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(
        events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:PAST_SHOWN]
    )
    if not upcoming and not past:
        return None
    return (
        _("Meetings"),
        "events/includes/coalition_meetings.html",
        {"upcoming": upcoming, "past": past},
    )


register_coalition_section(coalition_meetings)
