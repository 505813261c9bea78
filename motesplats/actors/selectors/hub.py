"""Reads for the collaboration hub: how much there is in each part, in few queries."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from motesplats.actors.enums import NeedOfferStatus, OrganisationStatus, SurveyStatus
from motesplats.actors.models import Coalition, NeedOffer, Organisation, Profile, Survey


@dataclass(frozen=True)
class HubCounts:
    organisations: int
    people: int
    coalitions: int
    needs_offers: int
    surveys: int


def hub_counts() -> HubCounts:
    today = timezone.localdate()
    return HubCounts(
        organisations=Organisation.objects.filter(
            status=OrganisationStatus.APPROVED
        ).count(),
        people=Profile.objects.filter(is_listed=True, user__is_active=True).count(),
        coalitions=Coalition.objects.filter(is_active=True).count(),
        needs_offers=NeedOffer.objects.filter(
            status=NeedOfferStatus.OPEN, expires_on__gte=today
        ).count(),
        surveys=Survey.objects.filter(
            Q(status=SurveyStatus.OPEN)
            & (Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))
        ).count(),
    )
