"""The public raffle page: how it works, the commitment, the entries, the result."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motesplats.events.enums import RaffleStatus, RegistrationMode
from motesplats.events.selectors import event_for_language
from motesplats.events.services.raffle import (
    raffle_application_count,
    raffle_for_event,
    raffle_own_registrations,
    raffle_public_entries,
    raffle_sector_names,
    raffle_verify_command,
)


@require_GET
def raffle_view(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_for_language(event_id=event_id)
    raffle = raffle_for_event(event)
    if raffle is None and event.canonical.registration_mode != RegistrationMode.RAFFLE:
        raise Http404("This event has no raffle")
    context = {"event": event, "raffle": raffle}
    if raffle is not None:
        entries = raffle_public_entries(raffle)
        groups = raffle_sector_names() if entries or raffle.quotas else {}
        result = raffle.result or {}
        context.update(
            {
                "is_open": raffle.status == RaffleStatus.OPEN,
                "is_drawn": raffle.status == RaffleStatus.DRAWN,
                "application_count": (
                    raffle_application_count(event)
                    if raffle.status == RaffleStatus.OPEN
                    else len(entries)
                ),
                "entries": [
                    {"key": e.key, "group": groups.get(e.group, e.group)}
                    for e in entries
                ],
                "quotas": [
                    {"slug": slug, "name": groups.get(slug, slug), "places": n}
                    for slug, n in sorted(
                        result.get("quotas", raffle.quotas or {}).items()
                    )
                ],
                "drawn_places": result.get("places"),
                "winners": result.get("winners", []),
                "waiting": result.get("waiting", []),
                "verify_command": (
                    raffle_verify_command(raffle)
                    if raffle.status == RaffleStatus.DRAWN
                    else ""
                ),
            }
        )
    context["own"] = raffle_own_registrations(event, request.user)
    return render(request, "events/raffle.html", context)


@require_GET
def raffle_entries_view(request: HttpRequest, event_id: int) -> HttpResponse:
    """The entries exactly as published: byte for byte what the digest was taken of."""
    event = event_for_language(event_id=event_id)
    raffle = raffle_for_event(event)
    if raffle is None or raffle.status == RaffleStatus.OPEN:
        raise Http404("The entries are published when applications close")
    response = HttpResponse(
        raffle.entries_json.encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="entries.json"'
    return response
