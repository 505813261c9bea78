"""Personal data in coalitions: a person's memberships and applications, follows,
and the updates and documents they posted as a coordinator.

Erasure deletes the person's own membership rows and follows (so nothing names them
on the coalition's page); updates and documents belong to the coalition and stay,
with the link to their author cut. A coalition whose last coordinator is erased is
left for the editors to give a new one (they see it in the admin).
Retention: memberships and follows last while the person is in the coalition;
leaving deletes them. Declined applications are deleted when declined.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register


def _export(user) -> dict[str, Any]:
    from motesplats.actors.models import (  # noqa: PLC0415 -- app registry ready
        CoalitionDocument,
        CoalitionFollow,
        CoalitionMember,
        CoalitionUpdate,
    )

    return {
        "memberships": [
            {
                "coalition": m.coalition.name_sv,
                "role": m.role,
                "status": m.status,
                "application": m.message,
                "asked_at": m.created_at.isoformat(),
                "joined_at": m.joined_at.isoformat() if m.joined_at else None,
            }
            for m in CoalitionMember.objects.filter(user=user)
            .select_related("coalition")
            .order_by("created_at")
        ],
        "applications_for_organisations": [
            {
                "coalition": m.coalition.name_sv,
                "organisation": m.organisation.name,
                "application": m.message,
                "asked_at": m.created_at.isoformat(),
            }
            for m in CoalitionMember.objects.filter(
                added_by=user, organisation__isnull=False
            )
            .select_related("coalition", "organisation")
            .order_by("created_at")
        ],
        "follows": [
            {"coalition": f.coalition.name_sv, "since": f.created_at.isoformat()}
            for f in CoalitionFollow.objects.filter(user=user)
            .select_related("coalition")
            .order_by("created_at")
        ],
        "updates": [
            {
                "coalition": u.coalition.name_sv,
                "title": u.title,
                "text": u.body,
                "published_at": u.created_at.isoformat(),
            }
            for u in CoalitionUpdate.objects.filter(author=user)
            .select_related("coalition")
            .order_by("created_at")
        ],
        "documents": [
            {
                "coalition": d.coalition.name_sv,
                "title": d.title,
                "added_at": d.created_at.isoformat(),
            }
            for d in CoalitionDocument.objects.filter(added_by=user)
            .select_related("coalition")
            .order_by("created_at")
        ],
    }


def _erase(user) -> None:
    from motesplats.actors.models import (  # noqa: PLC0415 -- app registry ready
        CoalitionDocument,
        CoalitionFollow,
        CoalitionMember,
        CoalitionUpdate,
    )

    CoalitionMember.objects.filter(user=user).delete()
    # An organisation's membership stays (it is the organisation's); the application
    # text the person wrote for it goes with the link to them.
    CoalitionMember.objects.filter(added_by=user).update(added_by=None, message="")
    CoalitionFollow.objects.filter(user=user).delete()
    CoalitionUpdate.objects.filter(author=user).update(author=None)
    CoalitionDocument.objects.filter(added_by=user).update(added_by=None)


def _register() -> None:
    from motesplats.actors.models import (  # noqa: PLC0415 -- app registry ready
        CoalitionDocument,
        CoalitionFollow,
        CoalitionMember,
        CoalitionUpdate,
    )

    register(
        PersonalDataHandler(
            name="actors_coalitions",
            title=_("Coalitions"),
            purpose=_(
                "To run coalitions: who takes part, applications to join, and news and "
                "documents for the members."
            ),
            data=_(
                "Your memberships and applications (with your message), the coalitions "
                "you follow, and the news and documents you posted."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_(
                "Memberships, applications and follows: until you leave, are turned "
                "down or delete the account. News and documents: as long as the "
                "coalition keeps them."
            ),
            kept_after_erasure=_(
                "News and documents you posted stay with the coalition, without your "
                "name. Applications you made for an organisation stay, without your "
                "name and message."
            ),
            models=(
                CoalitionMember,
                CoalitionFollow,
                CoalitionUpdate,
                CoalitionDocument,
            ),
            export=_export,
            erase=_erase,
            retention="Memberships, applications and follows last while the person is "
            "in the coalition and are deleted when they leave or are declined; updates "
            "and documents stay with the coalition, without the link to the person, "
            "after erasure.",
        )
    )


_register()
