"""Messages between members through the platform, never exposing anyone's address.

A message goes to a person (who accepts messages) or to an organisation (its active
administrators read it). The recipient is told by e-mail who wrote, with a link to the
inbox; the sender's address is shown, and used as Reply-To, only with their consent.
Sending is limited per member (MESSAGES_PER_HOUR), and messages are deleted
RETENTION_MESSAGE_DAYS after they were sent (`actors_retention_run`).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import (
    MembershipStatus,
    NeedOfferStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import Message, NeedOffer, Organisation, Profile
from motesplats.actors.permissions import is_member
from motesplats.actors.services.organisations import send_member_mail
from motesplats.core import ratelimit
from motesplats.core.audit import log_action

RATE_SCOPE = "actors-message"
RATE_PERIOD = 3600


def messages_per_hour() -> int:
    return settings.ACTORS_MESSAGES_PER_HOUR


def retention_days() -> int:
    # 24 months: long enough to follow up a partnership, short enough to forget.
    return settings.RETENTION_MESSAGE_DAYS


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(retry_after)


def sender_name(user: Any) -> str:
    """How a sender is named to recipients: their profile name or display name,
    never their e-mail address."""
    if user is None:
        return str(_("A former member"))
    try:
        name = user.profile.name  # selected with the user in lists
    except Profile.DoesNotExist:
        name = ""
    name = name or user.display_name
    if not name:
        name = f"{user.first_name} {user.last_name}".strip()
    return name or str(_("A member of Mötesplats"))


def organisation_admins(organisation: Organisation) -> list[Any]:
    return [
        m.user
        for m in organisation.memberships.filter(
            role=OrganisationRole.ADMIN,
            status=MembershipStatus.ACTIVE,
            user__is_active=True,
        ).select_related("user")
    ]


def _check_regarding(regarding: NeedOffer | None) -> None:
    if regarding is not None and regarding.status != NeedOfferStatus.OPEN:
        raise ValidationError(
            _("That need or offer is closed and takes no more answers."),
            code="regarding_closed",
        )


@transaction.atomic
def message_send(
    *,
    sender: Any,
    subject: str,
    body: str,
    recipient: Any = None,
    organisation: Organisation | None = None,
    regarding: NeedOffer | None = None,
    reply_to: Message | None = None,
    share_email: bool = False,
) -> Message:
    """Send one message to exactly one person or one organisation.

    Raises RateLimited when the sender has sent too many in the last hour, and
    ValidationError when the recipient cannot be reached.
    """
    if not is_member(sender):
        raise PermissionDenied
    if (recipient is None) == (organisation is None):
        raise ValidationError(_("Choose who gets the message."), code="recipient")
    wait = ratelimit.retry_after(
        scope=RATE_SCOPE,
        idents=[f"user:{sender.pk}"],
        limit=messages_per_hour(),
        period=RATE_PERIOD,
    )
    if wait:
        raise RateLimited(wait)
    if reply_to is not None and not (
        can_read(reply_to, sender)
        and (
            recipient is None
            or recipient.pk in (reply_to.sender_id, reply_to.recipient_id)
        )
    ):
        raise ValidationError(_("You cannot answer that message."), code="reply")
    if recipient is not None:
        if recipient.pk == sender.pk:
            raise ValidationError(
                _("You cannot send a message to yourself."), code="self"
            )
        profile = Profile.objects.filter(user=recipient).first()
        accepts = profile.accepts_messages if profile is not None else True
        # A reply always reaches the person who wrote first.
        if not recipient.is_active or (not accepts and reply_to is None):
            raise ValidationError(
                _("This person does not take messages through the platform."),
                code="closed",
            )
        readers = [recipient]
    else:
        if organisation.status != OrganisationStatus.APPROVED:
            raise ValidationError(
                _("This organisation does not take messages."), code="closed"
            )
        readers = [u for u in organisation_admins(organisation) if u.pk != sender.pk]
        if not readers:
            raise ValidationError(
                _(
                    "No one at the organisation reads messages on the platform yet. "
                    "Use its public contact details instead."
                ),
                code="no_admins",
            )
    _check_regarding(regarding)
    message = Message.objects.create(
        sender=sender,
        recipient=recipient,
        recipient_organisation=organisation,
        regarding=regarding,
        reply_to=reply_to,
        subject=" ".join(subject.split())[:200],
        body=body.strip()[:5000],
        share_email=bool(share_email),
    )
    ratelimit.record(scope=RATE_SCOPE, idents=[f"user:{sender.pk}"], period=RATE_PERIOD)
    log_action(
        action="actors.message.sent",
        actor=sender,
        obj=message,
        data={"organisation": organisation.pk if organisation else None},
    )
    context = {
        "message": message,
        "sender_name": sender_name(sender),
        "sender_email": sender.email if share_email else "",
        "organisation": organisation,
        "regarding": regarding,
        "path_name": "actors:message_detail",
        "path_kwargs": {"uuid": message.uuid},
    }
    reply = [sender.email] if share_email else None
    transaction.on_commit(
        lambda: send_member_mail(
            template="message_received", to=readers, context=context, reply_to=reply
        )
    )
    return message


def can_read(message: Message, user: Any) -> bool:
    if not is_member(user):
        return False
    if user.pk in (message.sender_id, message.recipient_id):
        return True
    if message.recipient_organisation_id is None:
        return False
    return message.recipient_organisation.memberships.filter(
        user=user, role=OrganisationRole.ADMIN, status=MembershipStatus.ACTIVE
    ).exists()


@transaction.atomic
def message_mark_read(*, message: Message, user: Any) -> Message:
    """A recipient (or an admin of the recipient organisation) opened the message."""
    if message.read_at is not None or user.pk == message.sender_id:
        return message
    if not can_read(message, user):
        raise PermissionDenied
    Message.objects.filter(pk=message.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    message.refresh_from_db(fields=["read_at"])
    return message


def actors_retention_run(*, now=None) -> dict[str, int]:
    """Delete messages older than the retention period; returns how many went."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    with transaction.atomic():
        deleted, _rows = Message.objects.filter(created_at__lt=cutoff).delete()
        if deleted:
            log_action(
                action="actors.message.retention",
                data={"deleted": deleted, "cutoff": cutoff.isoformat()},
            )
    return {"actor_messages": deleted}
