"""Writes on needs and offers: post, edit, close, and close the expired ones.

A member posts for themselves or for an organisation they are an active member of.
The date it is open until lies after today and at most twelve months ahead. Whoever
posted it, an active member of its organisation or an editor may edit or close it.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import (
    NeedOfferCategory,
    NeedOfferKind,
    NeedOfferStatus,
    OrganisationStatus,
)
from motesplats.actors.models import NeedOffer
from motesplats.actors.permissions import (
    is_editor,
    is_member,
    is_organisation_member,
)
from motesplats.core.audit import log_action

MAX_MONTHS_AHEAD = 12


class NeedOfferError(ValidationError):
    """A refused action, with a message for the person."""


def latest_expiry(today: datetime.date) -> datetime.date:
    """The same day twelve months on (28 February when that day does not exist)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_expiry(expires_on: datetime.date, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if expires_on <= today:
        raise NeedOfferError(
            {"expires_on": _("Choose a date after today.")}, code="past"
        )
    if expires_on > latest_expiry(today):
        raise NeedOfferError(
            {
                "expires_on": _(
                    "Choose a date at most twelve months ahead (%(date)s at the latest)."
                )
                % {"date": latest_expiry(today).isoformat()}
            },
            code="too_far",
        )


def may_change(user: Any, need: NeedOffer) -> bool:
    if not is_member(user):
        return False
    if need.author_id == user.pk or is_editor(user):
        return True
    return need.organisation_id is not None and is_organisation_member(
        user, need.organisation
    )


def _check_organisation(user: Any, organisation: Any) -> None:
    if organisation is None:
        return
    if organisation.status != OrganisationStatus.APPROVED or not (
        is_organisation_member(user, organisation)
    ):
        raise NeedOfferError(
            {
                "organisation": _(
                    "You can post for an organisation only when you are an active "
                    "member of it."
                )
            },
            code="not_org_member",
        )


def _apply(need: NeedOffer, data: dict[str, Any]) -> None:
    if data["kind"] not in NeedOfferKind.values:
        raise NeedOfferError({"kind": _("Choose need or offer.")})
    if data["category"] not in NeedOfferCategory.values:
        raise NeedOfferError({"category": _("Choose a category from the list.")})
    if not data.get("themes"):
        raise NeedOfferError({"themes": _("Choose at least one theme.")})
    need.kind = data["kind"]
    need.category = data["category"]
    need.title = data["title"].strip()[:200]
    need.description = data["description"].strip()[:5000]
    need.organisation = data.get("organisation")
    need.expires_on = data["expires_on"]


def _set_relations(need: NeedOffer, data: dict[str, Any]) -> None:
    need.themes.set(data["themes"])
    need.counties.set(data.get("counties") or [])
    need.sectors_sought.set(data.get("sectors_sought") or [])


@transaction.atomic
def need_offer_create(*, author: Any, data: dict[str, Any]) -> NeedOffer:
    """Post a need or an offer. `data` holds the form's cleaned values."""
    if not is_member(author):
        raise NeedOfferError(_("Sign in to post a need or an offer."))
    _check_organisation(author, data.get("organisation"))
    check_expiry(data["expires_on"])
    need = NeedOffer(author=author, status=NeedOfferStatus.OPEN)
    _apply(need, data)
    need.save()
    _set_relations(need, data)
    log_action(action="actors.need_offer.created", actor=author, obj=need)
    return need


@transaction.atomic
def need_offer_edit(*, need: NeedOffer, actor: Any, data: dict[str, Any]) -> NeedOffer:
    """Change a need or offer; saving an expired or closed one with a new date
    opens it again."""
    if not may_change(actor, need):
        raise NeedOfferError(_("You may not change this."), code="forbidden")
    organisation = data.get("organisation")
    if organisation is not None and organisation.pk != need.organisation_id:
        _check_organisation(actor, organisation)
    check_expiry(data["expires_on"])
    _apply(need, data)
    need.status = NeedOfferStatus.OPEN
    need.save()
    _set_relations(need, data)
    log_action(action="actors.need_offer.edited", actor=actor, obj=need)
    return need


@transaction.atomic
def need_offer_close(*, need: NeedOffer, actor: Any) -> NeedOffer:
    if not may_change(actor, need):
        raise NeedOfferError(_("You may not change this."), code="forbidden")
    if need.status != NeedOfferStatus.CLOSED:
        need.status = NeedOfferStatus.CLOSED
        need.save(update_fields=["status", "updated_at"])
        log_action(action="actors.need_offer.closed", actor=actor, obj=need)
    return need


@transaction.atomic
def need_offer_expire(*, today: datetime.date | None = None) -> int:
    """Close every open need and offer whose date has passed; returns how many."""
    today = today or timezone.localdate()
    expired = NeedOffer.objects.filter(
        status=NeedOfferStatus.OPEN, expires_on__lt=today
    )
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    closed = NeedOffer.objects.filter(pk__in=ids).update(
        status=NeedOfferStatus.CLOSED, updated_at=timezone.now()
    )
    log_action(
        action="actors.need_offer.expired",
        data={"count": closed, "today": today.isoformat()},
    )
    return closed
