"""Personal data in needs and offers: what a person posted.

Erasure deletes the needs and offers a person posted for themselves; those posted
for an organisation belong to it and stay, with the link to the person cut.
Retention: a need or offer is closed when its date passes (the `purge` hook below
runs with the retention task, as does `manage.py actors_expire`); closed ones
stay for their author to see and reuse until the account is erased.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register


def _export(user) -> list[dict[str, Any]]:
    from motesplats.actors.models import NeedOffer  # noqa: PLC0415 -- app registry ready

    return [
        {
            "kind": n.kind,
            "category": n.category,
            "title": n.title,
            "description": n.description,
            "organisation": n.organisation.name if n.organisation_id else None,
            "themes": [t.slug for t in n.themes.all()],
            "counties": [c.code for c in n.counties.all()],
            "sectors_sought": [s.slug for s in n.sectors_sought.all()],
            "open_until": n.expires_on.isoformat(),
            "status": n.status,
            "posted_at": n.created_at.isoformat(),
        }
        for n in NeedOffer.objects.filter(author=user)
        .select_related("organisation")
        .prefetch_related("themes", "counties", "sectors_sought")
        .order_by("created_at")
    ]


def _erase(user) -> None:
    from motesplats.actors.models import NeedOffer  # noqa: PLC0415 -- app registry ready

    NeedOffer.objects.filter(author=user, organisation__isnull=True).delete()
    NeedOffer.objects.filter(author=user).update(author=None)


def _purge(*, now=None) -> dict[str, int]:
    from django.utils import timezone  # noqa: PLC0415

    from motesplats.actors.services.needs import (  # noqa: PLC0415 -- app registry ready
        need_offer_expire,
    )

    today = timezone.localdate(now) if now is not None else None
    return {"needs_offers_closed": need_offer_expire(today=today)}


def _register() -> None:
    from motesplats.actors.models import NeedOffer  # noqa: PLC0415 -- app registry ready

    register(
        PersonalDataHandler(
            name="actors_needs_offers",
            title=_("Needs and offers"),
            purpose=_(
                "To show what you or your organisation needs or offers, so that others "
                "can find you and get in touch."
            ),
            data=_(
                "Each need or offer you post: title, description, category, themes, "
                "counties, sectors sought, closing date and status."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_(
                "Open until the closing date you choose, then closed. Closed ones stay "
                "for you to reuse until you delete the account."
            ),
            kept_after_erasure=_(
                "Needs and offers posted for an organisation stay with it, without your "
                "name."
            ),
            models=(NeedOffer,),
            export=_export,
            erase=_erase,
            retention="Closed automatically when the date passes; a person's own "
            "needs and offers are deleted on erasure, those of an organisation stay "
            "without the link to the person.",
            extra={"purge": _purge},
        )
    )


_register()
