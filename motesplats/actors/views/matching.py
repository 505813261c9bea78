"""Matchmaking suggestions for a member, or for an organisation they administer.

GET only. `?organisation=<uuid>` switches to one of the member's organisations; any
other value shows the member's own suggestions with a clear notice (status 404), so
no one sees the suggestions of an organisation they do not administer.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from motesplats.actors.selectors.matching import (
    MatchResult,
    Suggested,
    administered_organisations,
    suggestions_for_organisation,
    suggestions_for_user,
)

# URL name and argument of the page of each kind of suggestion, and the parameter
# the message form takes to address it.
ITEM_URLS = {
    "organisation": ("actors:organisation_detail", "slug"),
    "person": ("actors:profile_detail", "uuid"),
    "need": ("actors:need_detail", "uuid"),
    "offer": ("actors:need_detail", "uuid"),
    "coalition": ("actors:coalition_detail", "slug"),
}
MESSAGE_PARAMETERS = {
    "organisation": "organisation",
    "person": "to",
    "need": "regarding",
    "offer": "regarding",
}
PROFILE_URL = "actors:profile_edit"


def _link(entry: Suggested) -> None:
    item = entry.item
    name, attribute = ITEM_URLS[entry.kind]
    if attribute == "slug":
        slug = entry.details.get("slug") or getattr(item, "slug", "")
        entry.url = reverse(name, kwargs={"slug": slug})
    else:
        entry.url = reverse(name, kwargs={"uuid": item.uuid})
    entry.message_url = ""
    parameter = MESSAGE_PARAMETERS.get(entry.kind)
    if parameter and entry.details.get("accepts_messages", True):
        base = reverse("actors:message_send")
        entry.message_url = f"{base}?{urlencode({parameter: item.uuid})}"


def _decorate(result: MatchResult) -> MatchResult:
    for entry in (*result.needs_offers, *result.actors, *result.coalitions):
        _link(entry)
    return result


@login_required
@require_GET
def suggestions_view(request: HttpRequest) -> HttpResponse:
    organisations = administered_organisations(request.user)
    wanted = request.GET.get("organisation", "")
    current = next((o for o in organisations if str(o.uuid) == wanted), None)
    unknown = bool(wanted) and current is None
    if current is not None:
        result = suggestions_for_organisation(current)
    else:
        result = suggestions_for_user(request.user)
    context = {
        "result": _decorate(result),
        "organisations": organisations,
        "current": current,
        "unknown_organisation": unknown,
        "profile_url": reverse(PROFILE_URL),
        "suggestions_url": reverse("actors:suggestions"),
    }
    return render(
        request,
        "actors/matching/suggestions.html",
        context,
        status=404 if unknown else 200,
    )
