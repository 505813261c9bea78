"""The collaboration hub: one entry to organisations, people, coalitions, needs and
offers, suggestions and surveys."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motesplats.actors.selectors.hub import hub_counts


@require_GET
def hub_view(request: HttpRequest) -> HttpResponse:
    return render(request, "actors/hub.html", {"counts": hub_counts()})
