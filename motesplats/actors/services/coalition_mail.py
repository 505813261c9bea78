"""Mail about coalitions, sent after commit, each in the recipient's language.

Updates go to the followers (one mail each, not to the author); a new application
goes to the coordinators; the answer goes to the person who applied. Mails carry
links to the pages, not the application's text or anyone's e-mail address.
"""

import logging
from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from motesplats.accounts.models import User
from motesplats.actors.enums import CoalitionRole, MembershipStatus
from motesplats.actors.models import (
    Coalition,
    CoalitionFollow,
    CoalitionMember,
    CoalitionUpdate,
)
from motesplats.core.mail import absolute_url, mail_language

logger = logging.getLogger(__name__)


def _send(user: Any, template: str, context_for) -> bool:
    """Render `actors/email/<template>` in the user's language and send it."""
    if not user.email or not user.is_active:
        return False
    with translation.override(mail_language(user.preferred_language)):
        context = context_for()
        subject = render_to_string(f"actors/email/{template}_subject.txt", context)
        body = render_to_string(f"actors/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except Exception:  # one bad address must not stop the others
        logger.exception("Coalition mail %s not sent to user %s", template, user.pk)
        return False
    return True


def _coalition_url(coalition: Coalition, name: str = "coalition_detail") -> str:
    return absolute_url(reverse(f"actors:{name}", args=[coalition.slug]))


def send_update(update_id: int) -> int:
    """One mail per follower; returns how many went."""
    update = (
        CoalitionUpdate.objects.select_related("coalition").filter(pk=update_id).first()
    )
    if update is None:
        return 0
    coalition = update.coalition
    follows = (
        CoalitionFollow.objects.filter(coalition=coalition, user__is_active=True)
        .exclude(user_id=update.author_id)
        .select_related("user")
        .order_by("pk")
    )
    return sum(
        _send(
            follow.user,
            "coalition_update",
            lambda: {
                "coalition_name": coalition.name,
                "update": update,
                "coalition_url": _coalition_url(coalition),
            },
        )
        for follow in follows
    )


def send_application_received(member_id: int) -> int:
    """Tell the coordinators that an application waits; returns how many mails."""
    from motesplats.actors.selectors.coalitions import member_label  # noqa: PLC0415

    member = (
        CoalitionMember.objects.select_related(
            "coalition", "organisation", "user__profile"
        )
        .filter(pk=member_id, status=MembershipStatus.PENDING)
        .first()
    )
    if member is None:
        return 0
    coalition = member.coalition
    coordinators = User.objects.filter(
        coalition_memberships__coalition=coalition,
        coalition_memberships__role=CoalitionRole.COORDINATOR,
        coalition_memberships__status=MembershipStatus.ACTIVE,
    ).order_by("pk")
    return sum(
        _send(
            user,
            "coalition_application",
            lambda: {
                "coalition_name": coalition.name,
                "applicant": member_label(member),
                "manage_url": _coalition_url(coalition, "coalition_manage"),
            },
        )
        for user in coordinators
    )


def send_application_decided(
    *, coalition_id: int, user_id: int | None, approved: bool
) -> int:
    """Tell the person who applied how it went."""
    coalition = Coalition.objects.filter(pk=coalition_id).first()
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if coalition is None or user is None:
        return 0
    return int(
        _send(
            user,
            "coalition_decision",
            lambda: {
                "coalition_name": coalition.name,
                "approved": approved,
                "coalition_url": _coalition_url(coalition),
            },
        )
    )
