"""Writes for person profiles: a member saves what they tell others, field by field."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.consents import PUBLIC_PROFILE
from motesplats.accounts.services import consent_set
from motesplats.actors.enums import MembershipStatus, OrganisationStatus, Visibility
from motesplats.actors.models import PROFILE_FIELDS, Profile
from motesplats.actors.permissions import is_member
from motesplats.core.audit import log_action

SCALAR_FIELDS = ("name", "title", "organisation", "expertise", "languages", "county")


@transaction.atomic
def profile_save(*, user: Any, data: dict[str, Any]) -> Profile:
    """Create or update `user`'s profile from cleaned form data.

    The organisation must be one the person is an active member of; each
    `<field>_visibility` must be a Visibility value (private when missing).
    """
    if not is_member(user):
        raise PermissionDenied
    organisation = data.get("organisation")
    if organisation is not None and not (
        organisation.status == OrganisationStatus.APPROVED
        and organisation.memberships.filter(
            user=user, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        raise ValidationError(
            _("You can only show an organisation you are a member of."),
            code="organisation",
        )
    profile, created = Profile.objects.select_for_update().get_or_create(user=user)
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    for name in PROFILE_FIELDS:
        value = data.get(f"{name}_visibility", Visibility.PRIVATE)
        if value not in Visibility.values:
            raise ValidationError(_("Choose who sees each field."), code="visibility")
        setattr(profile, f"{name}_visibility", value)
    profile.is_listed = bool(data.get("is_listed", False))
    profile.accepts_messages = bool(data.get("accepts_messages", False))
    profile.full_clean(exclude=["user"])
    profile.save()
    if "themes" in data:
        profile.themes.set(data["themes"])
    # Showing any field to others is consenting to it; hiding them all withdraws.
    consent_set(
        user=user,
        purpose=PUBLIC_PROFILE.key,
        given=profile_shows_anything(profile),
        source="profile",
    )
    log_action(
        action="actors.profile.created" if created else "actors.profile.updated",
        actor=user,
        obj=profile,
    )
    return profile


def profile_shows_anything(profile: Profile) -> bool:
    return profile.is_listed and any(
        getattr(profile, f"{name}_visibility") != Visibility.PRIVATE
        for name in PROFILE_FIELDS
    )


def profile_hide_all(user: Any) -> None:
    """Consent to a public profile withdrawn: every field back to "only me", unlisted."""
    Profile.objects.filter(user=user).update(
        is_listed=False,
        **{f"{name}_visibility": Visibility.PRIVATE for name in PROFILE_FIELDS},
    )
