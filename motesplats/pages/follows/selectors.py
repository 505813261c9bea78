"""Reads on follows: what a follow points at, and a member's follows."""

from __future__ import annotations

import uuid

from motesplats.actors.models import Coalition
from motesplats.events.models import EventPage
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Theme

from .models import DigestSettings, Follow, FollowKind


def follow_target_label(*, kind: str, key: str) -> str | None:
    """The name of what `kind`/`key` points at, or None if there is no such thing
    (a follow is only made for something that exists and is public)."""
    if kind == FollowKind.THEME:
        theme = Theme.objects.filter(slug=key).first()
        return str(theme.name) if theme else None
    if kind == FollowKind.NODE:
        node = Node.objects.filter(slug=key, is_active=True).first()
        return str(node.name) if node else None
    if kind in (FollowKind.COALITION, FollowKind.EVENT):
        try:
            value = uuid.UUID(key)
        except ValueError:
            return None
        if kind == FollowKind.COALITION:
            coalition = Coalition.objects.filter(uuid=value, is_active=True).first()
            return str(coalition.name) if coalition else None
        event = EventPage.objects.live().public().filter(translation_key=value).first()
        return event.title if event else None
    if kind == FollowKind.SEARCH:
        return key or None
    return None


def follows_of(*, user) -> list[Follow]:
    return list(Follow.objects.filter(user=user).order_by("kind", "label", "pk"))


def follows_keys(*, user) -> set[tuple[str, str]]:
    """(kind, key) of everything the member follows: one query for a whole page."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Follow.objects.filter(user=user).values_list("kind", "key"))


def digest_settings_of(*, user) -> DigestSettings | None:
    return DigestSettings.objects.filter(user=user).first()
