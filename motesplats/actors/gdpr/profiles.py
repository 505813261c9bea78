"""Personal data in profiles and platform messages.

Erasure deletes the person's profile, every message they sent and every message sent
to them (a message to an organisation they sent goes too); nothing is kept anonymised,
since a message without its author makes little sense and may still identify them.
Retention: messages are deleted RETENTION_MESSAGE_DAYS (24 months) after they were
sent, by `actors_retention_run` (registered as this handler's purge hook).
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register
from motesplats.actors.models import PROFILE_FIELDS, Message, Profile
from motesplats.actors.services.messages import actors_retention_run


def _export_profile(profile: Profile) -> dict[str, Any]:
    return {
        "uuid": str(profile.uuid),
        "is_listed": profile.is_listed,
        "accepts_messages": profile.accepts_messages,
        "name": profile.name,
        "title": profile.title,
        "organisation": profile.organisation.name if profile.organisation else None,
        "expertise": profile.expertise,
        "themes": [t.slug for t in profile.themes.all()],
        "languages": profile.languages,
        "county": profile.county.code if profile.county else None,
        "visibility": {
            name: getattr(profile, f"{name}_visibility") for name in PROFILE_FIELDS
        },
        "created_at": profile.created_at.isoformat(),
        "updated_at": profile.updated_at.isoformat(),
    }


def _export_message(message: Message, user) -> dict[str, Any]:
    return {
        "uuid": str(message.uuid),
        "direction": "sent" if message.sender_id == user.pk else "received",
        "to_organisation": message.recipient_organisation.name
        if message.recipient_organisation
        else None,
        "regarding": message.regarding.title if message.regarding else None,
        "subject": message.subject,
        "body": message.body,
        "shared_email": message.share_email,
        "sent_at": message.created_at.isoformat(),
        "read_at": message.read_at.isoformat() if message.read_at else None,
    }


def _export(user) -> dict[str, Any]:
    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation", "county")
        .prefetch_related("themes")
        .first()
    )
    messages = (
        Message.objects.filter(Q(sender=user) | Q(recipient=user))
        .select_related("recipient_organisation", "regarding")
        .order_by("created_at")
    )
    return {
        "profile": _export_profile(profile) if profile else None,
        "messages": [_export_message(m, user) for m in messages],
    }


def _erase(user) -> None:
    Message.objects.filter(Q(sender=user) | Q(recipient=user)).delete()
    Profile.objects.filter(user=user).delete()


register(
    PersonalDataHandler(
        name="actors_profiles",
        title=_("Profile and messages"),
        purpose=_(
            "To show other members who you are and what you know, as far as you "
            "choose, and to let members write to each other."
        ),
        data=_(
            "Your profile (name, title, organisation, expertise, themes, languages, "
            "county, and who may see each), and the messages you send and receive: "
            "subject, text, when they were sent and read, and whether you shared "
            "your e-mail address."
        ),
        legal_basis=LegalBasis.CONSENT,
        period=_(
            "Profile: until you delete it or the account. Messages: "
            "{RETENTION_MESSAGE_DAYS} days after they were sent."
        ),
        models=(Profile, Message),
        export=_export,
        erase=_erase,
        retention="Profile: until the member deletes it or the account. Messages: "
        "deleted 24 months after they were sent (RETENTION_MESSAGE_DAYS), and at once "
        "when the sender's or the recipient's account is erased.",
        extra={"purge": actors_retention_run},
    )
)
