"""Who may do what with actors' records: one place for every view and service.

Roles: a visitor, a member (signed in), an organisation's administrator, a
coalition's coordinator and an editor (national or of a node, or a superuser).
"""

from typing import Any

from django.db.models import Q

from motesplats.actors.enums import CoalitionRole, MembershipStatus, OrganisationRole


def is_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_editor(user: Any) -> bool:
    """National and node editors moderate organisations, coalitions and surveys."""
    return is_member(user) and user.has_perm("actors.change_organisation")


def is_organisation_admin(user: Any, organisation: Any) -> bool:
    if not is_member(user):
        return False
    return organisation.memberships.filter(
        user=user, role=OrganisationRole.ADMIN, status=MembershipStatus.ACTIVE
    ).exists()


def is_organisation_member(user: Any, organisation: Any) -> bool:
    if not is_member(user):
        return False
    return organisation.memberships.filter(
        user=user, status=MembershipStatus.ACTIVE
    ).exists()


def is_coordinator(user: Any, coalition: Any) -> bool:
    if not is_member(user):
        return False
    return coalition.members.filter(
        user=user, role=CoalitionRole.COORDINATOR, status=MembershipStatus.ACTIVE
    ).exists()


def is_coalition_member(user: Any, coalition: Any) -> bool:
    """A person in the coalition, themselves or through an organisation they are in."""
    if not is_member(user):
        return False
    return coalition.members.filter(
        Q(user=user)
        | Q(
            organisation__memberships__user=user,
            organisation__memberships__status=MembershipStatus.ACTIVE,
        ),
        status=MembershipStatus.ACTIVE,
    ).exists()
