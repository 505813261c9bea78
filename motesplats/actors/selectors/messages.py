"""Reads of messages: a member's inbox and sent messages, one message they may read.

The inbox holds messages to the person and to organisations they administer. Anyone
else gets nothing, whatever uuid they try.
"""

from typing import Any

from django.db.models import Q, QuerySet

from motesplats.actors.enums import MembershipStatus, OrganisationRole
from motesplats.actors.models import Message, OrganisationMembership
from motesplats.actors.permissions import is_member


def _administered(user: Any) -> QuerySet:
    return OrganisationMembership.objects.filter(
        user=user, role=OrganisationRole.ADMIN, status=MembershipStatus.ACTIVE
    ).values("organisation_id")


def _readable(user: Any) -> Q:
    return (
        Q(sender=user)
        | Q(recipient=user)
        | Q(recipient_organisation__in=_administered(user))
    )


def _with_relations(qs: QuerySet[Message]) -> QuerySet[Message]:
    return qs.select_related(
        "sender",
        "sender__profile",
        "recipient",
        "recipient__profile",
        "recipient_organisation",
        "regarding",
    )


def inbox(user: Any) -> QuerySet[Message]:
    if not is_member(user):
        return Message.objects.none()
    return _with_relations(
        Message.objects.filter(
            Q(recipient=user) | Q(recipient_organisation__in=_administered(user))
        ).exclude(sender=user)
    ).order_by("-created_at", "-pk")


def sent(user: Any) -> QuerySet[Message]:
    if not is_member(user):
        return Message.objects.none()
    return _with_relations(Message.objects.filter(sender=user)).order_by(
        "-created_at", "-pk"
    )


def unread_count(user: Any) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def message_for(user: Any, message_uuid: Any) -> Message | None:
    """The message if `user` may read it (sender, recipient or the recipient
    organisation's admin), else None."""
    if not is_member(user):
        return None
    return (
        _with_relations(Message.objects.filter(_readable(user), uuid=message_uuid))
        .select_related("reply_to")
        .first()
    )


def thread_for(user: Any, message: Message) -> list[Message]:
    """The messages before and after `message` in its conversation that `user` may
    read, oldest first."""
    chain = []
    seen = {message.pk}
    current = message.reply_to
    while current is not None and current.pk not in seen and len(chain) < 50:
        seen.add(current.pk)
        chain.append(current.pk)
        current = current.reply_to
    later = list(
        Message.objects.filter(reply_to=message).values_list("pk", flat=True)[:50]
    )
    ids = chain + later
    if not ids:
        return []
    return list(
        _with_relations(Message.objects.filter(_readable(user), pk__in=ids)).order_by(
            "created_at", "pk"
        )
    )
