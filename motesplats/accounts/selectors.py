"""Reads on accounts: consent states."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from .consents import PURPOSES, ConsentPurpose
from .models import ConsentRecord, User


@dataclass(frozen=True)
class ConsentState:
    purpose: ConsentPurpose
    given: bool
    since: datetime | None  # when the current state began; None if never asked
    version: str  # the version the member last answered
    outdated: bool  # given to an earlier text than today's


def consent_states(*, user: User) -> list[ConsentState]:
    """Every purpose with the member's current answer (one query)."""
    latest: dict[str, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(user=user).order_by("created_at", "id"):
        latest[record.purpose] = record
    states = []
    for key, purpose in PURPOSES.items():
        record = latest.get(key)
        states.append(
            ConsentState(
                purpose=purpose,
                given=bool(record and record.given),
                since=record.created_at if record else None,
                version=record.version if record else "",
                outdated=bool(record and record.given)
                and record.version != purpose.version,
            )
        )
    return states


def consent_history(*, user: User) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).order_by("-created_at", "-id")


def users_consenting(*, purpose: str) -> QuerySet[User]:
    """Active members whose latest answer for `purpose` is yes."""
    latest = (
        ConsentRecord.objects.filter(user=OuterRef("pk"), purpose=purpose)
        .order_by("-created_at", "-id")
        .values("given")[:1]
    )
    return (
        User.objects.filter(is_active=True)
        .annotate(consent_given=Subquery(latest))
        .filter(consent_given=True)
    )


def newsletter_recipients() -> QuerySet[User]:
    """Members who said yes to the newsletter, with `consent_at` (when they last did)."""
    given_at = (
        ConsentRecord.objects.filter(
            user=OuterRef("pk"), purpose="newsletter", given=True
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        users_consenting(purpose="newsletter")
        .annotate(consent_at=Subquery(given_at))
        .order_by("email")
    )
