"""Personal data in organisations: who proposed one, and a person's memberships.

An organisation itself holds no personal data (its contact route is a shared address).
On erasure the link to the proposer is cut and the person's memberships are deleted;
the organisation stays. Retention: memberships last as long as the person keeps them
(they or the admins end them); the proposer link as long as the account.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register
from motesplats.actors.models import Organisation, OrganisationMembership


def _export(user) -> dict[str, Any]:
    return {
        "proposed": [
            {
                "organisation": o.name,
                "status": o.status,
                "proposed_at": o.created_at.isoformat(),
            }
            for o in Organisation.objects.filter(proposed_by=user).order_by(
                "created_at"
            )
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "status": m.status,
                "message": m.message,
                "asked_at": m.created_at.isoformat(),
                "decided_at": m.decided_at.isoformat() if m.decided_at else None,
            }
            for m in OrganisationMembership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("created_at")
        ],
    }


def _erase(user) -> None:
    Organisation.objects.filter(proposed_by=user).update(proposed_by=None)
    OrganisationMembership.objects.filter(user=user).delete()
    # Decisions they made stay, without saying who made them.
    OrganisationMembership.objects.filter(decided_by=user).update(decided_by=None)


register(
    PersonalDataHandler(
        name="actors_organisations",
        title=_("Organisations"),
        purpose=_(
            "To link you to the organisations you belong to, to let their "
            "administrators manage members, and to review organisations you "
            "propose."
        ),
        data=_(
            "Your memberships and requests to join (with your message, role and "
            "status), and the organisations you proposed."
        ),
        legal_basis=LegalBasis.CONTRACT,
        period=_(
            "Memberships: until you leave or are removed. The link to organisations "
            "you proposed: as long as the account."
        ),
        kept_after_erasure=_(
            "Organisations you proposed stay, without the link to you. Decisions "
            "you made on other people's memberships stay, without your name."
        ),
        models=(Organisation, OrganisationMembership),
        export=_export,
        erase=_erase,
        retention="Memberships: until the person leaves or is removed, or deletes the "
        "account. Proposals: the link to the proposer is cut when the account goes; "
        "the organisation stays.",
    )
)
