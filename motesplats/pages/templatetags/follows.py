"""`{% follow_button kind key label %}`: follow or stop following, a plain POST form
that works without JavaScript; signed-out visitors get a sign-in link instead."""

from django import template
from django.utils.translation import gettext as _

from motesplats.pages.follows.models import Follow, FollowKind

register = template.Library()


def _follow_text(kind: str) -> str:
    return {
        FollowKind.THEME: _("Follow the theme"),
        FollowKind.NODE: _("Follow the node"),
        FollowKind.COALITION: _("Follow the coalition"),
        FollowKind.EVENT: _("Follow the event"),
        FollowKind.SEARCH: _("Follow the search"),
    }.get(kind, _("Follow"))


@register.inclusion_tag("pages/follows/button.html", takes_context=True)
def follow_button(context, kind, key, label) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    key = str(key)
    if kind == FollowKind.SEARCH:
        key = " ".join(key.lower().split())
    following = (
        signed_in and Follow.objects.filter(user=user, kind=kind, key=key).exists()
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "signed_in": signed_in,
        "following": following,
        "kind": kind,
        "key": key,
        "label": label,
        "next": request.get_full_path() if request else "/",
        "follow_text": _follow_text(kind),
        "signin_text": _("Sign in to follow"),
    }
