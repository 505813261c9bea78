"""Reads of organisations: the directory with facets, one organisation's page, the
members an organisation shows, membership requests and likely duplicates."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from motesplats.actors.enums import (
    MembershipStatus,
    NeedOfferStatus,
    OrganisationStatus,
)
from motesplats.actors.models import (
    CoalitionMember,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.permissions import is_member
from motesplats.actors.selectors.profiles import (
    MEMBER,
    VISITOR,
    visible_levels,
)
from motesplats.core.facets import FacetResult, facet_result
from motesplats.taxonomy.models import Region, Sector, Theme

LIVE = (OrganisationStatus.PROPOSED, OrganisationStatus.APPROVED)
SIMILARITY = 0.85

# Words that say what kind of body it is, not which one: ignored when comparing names.
_NOISE = {
    "ab",
    "aktiebolag",
    "hb",
    "kb",
    "ek",
    "for",
    "ekonomisk",
    "forening",
    "foreningen",
    "ideell",
    "ideella",
    "stiftelse",
    "stiftelsen",
    "i",
    "the",
    "of",
}


def normalise_name(name: str) -> str:
    """`Föreningen Kvarnby Läxhjälp AB` → `kvarnby laxhjalp` (å/ä/ö folded, legal forms
    and punctuation dropped, words sorted so word order does not matter)."""
    folded = unicodedata.normalize("NFKD", (name or "").casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", folded)
    # "Läxhjälpsföreningen" and "Läxhjälps-föreningen" are the same: join, then strip.
    kept = [w for w in words if w not in _NOISE]
    text = " ".join(kept)
    for suffix in ("foreningen", "forening"):
        text = re.sub(rf"s?{suffix}\b", "", text)
    return " ".join(sorted(text.split()))


def name_similarity(a: str, b: str) -> float:
    left, right = normalise_name(a), normalise_name(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    return difflib.SequenceMatcher(None, left, right).ratio()


def similar_organisations(
    name: str, *, exclude_pk: int | None = None, threshold: float = SIMILARITY
) -> list[Organisation]:
    """Live organisations whose names are very close to `name`, closest first."""
    key = normalise_name(name)
    if not key:
        return []
    found = []
    candidates = Organisation.objects.filter(status__in=LIVE).only(
        "pk", "name", "slug", "status"
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    for org in candidates:
        other = normalise_name(org.name)
        matcher = difflib.SequenceMatcher(None, key, other)
        # quick_ratio is an upper bound: skips the exact ratio for most names.
        if matcher.quick_ratio() < threshold:
            continue
        score = 1.0 if key == other else matcher.ratio()
        if score >= threshold:
            found.append((score, org))
    found.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [org for _, org in found]


def organisation_with_number(number: str) -> Organisation | None:
    if not number:
        return None
    return Organisation.objects.filter(org_number=number, status__in=LIVE).first()


def likely_duplicates(
    limit: int = 50,
) -> list[tuple[Organisation, Organisation, float]]:
    """Pairs of live organisations with very similar names, proposals first."""
    orgs = list(
        Organisation.objects.filter(status__in=LIVE)
        .select_related("sector", "county")
        .order_by("-status", "name")  # "proposed" sorts after "approved": reversed
    )
    keys = [(org, normalise_name(org.name)) for org in orgs]
    pairs = []
    for i, (left, left_key) in enumerate(keys):
        for right, right_key in keys[i + 1 :]:
            if not left_key or not right_key:
                continue
            matcher = difflib.SequenceMatcher(None, left_key, right_key)
            if matcher.quick_ratio() < SIMILARITY:
                continue
            score = 1.0 if left_key == right_key else matcher.ratio()
            if score >= SIMILARITY:
                pairs.append((left, right, score))
    pairs.sort(key=lambda p: -p[2])
    return pairs[:limit]


# --- directory -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgFacet:
    key: str
    label: Any
    lookup: str


ORG_FACETS = [
    OrgFacet("sector", gettext_lazy("Sector"), "sector__slug"),
    OrgFacet("county", gettext_lazy("County"), "county__code"),
    OrgFacet("theme", gettext_lazy("Theme"), "themes__slug"),
]


@dataclass
class OrganisationFilters:
    selected: dict[str, list[str]] = field(default_factory=dict)
    query: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.query) or any(self.selected.values())


def organisation_facet_labels() -> dict[str, dict[str, str]]:
    return {
        "sector": {s.slug: str(s.name) for s in Sector.objects.order_by("sort_order")},
        "county": {r.code: str(r.name) for r in Region.objects.order_by("code")},
        "theme": {
            t.slug: str(t.name)
            for t in Theme.objects.filter(is_active=True).order_by("sort_order")
        },
    }


def organisations_approved() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status=OrganisationStatus.APPROVED)


def organisation_directory(
    filters: OrganisationFilters | None = None,
    labels: dict[str, dict[str, str]] | None = None,
) -> tuple[QuerySet[Organisation], list[FacetResult]]:
    """Approved organisations, filtered; facet counts apply every other facet."""
    filters = filters or OrganisationFilters()
    base = organisations_approved()
    if filters.query:
        base = base.filter(name__icontains=filters.query)
    selected = {k: v for k, v in filters.selected.items() if v}

    def filtered(skip: str | None = None) -> QuerySet[Organisation]:
        qs = base
        for facet in ORG_FACETS:
            if facet.key != skip and facet.key in selected:
                qs = qs.filter(
                    pk__in=Organisation.objects.filter(
                        **{f"{facet.lookup}__in": selected[facet.key]}
                    ).values("pk")
                )
        return qs

    labels = labels or organisation_facet_labels()
    facets = []
    for facet in ORG_FACETS:
        counts = dict(
            filtered(skip=facet.key)
            .exclude(**{f"{facet.lookup}__isnull": True})
            .values_list(facet.lookup)
            .annotate(n=Count("pk", distinct=True))
            .values_list(facet.lookup, "n")
        )
        chosen = set(selected.get(facet.key, []))
        facets.append(
            facet_result(
                key=facet.key,
                label=str(facet.label),
                labels=labels[facet.key],
                counts=counts,
                chosen=chosen,
            )
        )
    organisations = (
        filtered()
        .select_related("sector", "county", "logo")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("sort_order"))
        )
        .order_by("name", "pk")
    )
    return organisations, facets


# --- one organisation ------------------------------------------------------------------


def organisation_get(slug: str) -> Organisation | None:
    """Any organisation by slug, with what its page shows (the view decides access)."""
    return (
        Organisation.objects.filter(slug=slug)
        .select_related("sector", "county", "logo", "node", "merged_into")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("sort_order"))
        )
        .first()
    )


def organisation_public_members(
    organisation: Organisation, viewer: Any = None
) -> list[Profile]:
    """People who are active members and whose profile shows the organisation to the
    viewer (and their name too: a nameless entry tells nobody anything)."""
    levels = visible_levels(MEMBER if is_member(viewer) else VISITOR)
    active = OrganisationMembership.objects.filter(
        organisation=organisation, status=MembershipStatus.ACTIVE
    ).values("user_id")
    return list(
        Profile.objects.filter(
            organisation=organisation,
            is_listed=True,
            organisation_visibility__in=levels,
            name_visibility__in=levels,
            user_id__in=active,
        )
        .exclude(name="")
        .order_by("name", "pk")
    )


def organisation_extra(organisation: Organisation) -> dict[str, Any]:
    """What other areas add to the page: active coalitions, open needs and offers."""
    coalitions = list(
        CoalitionMember.objects.filter(
            organisation=organisation,
            status=MembershipStatus.ACTIVE,
            coalition__is_active=True,
        )
        .select_related("coalition")
        .order_by("coalition__name_sv")
    )
    needs_offers = list(
        NeedOffer.objects.filter(
            organisation=organisation,
            status=NeedOfferStatus.OPEN,
            expires_on__gte=timezone.localdate(),
        ).order_by("-created_at")[:20]
    )
    return {"coalition_memberships": coalitions, "needs_offers": needs_offers}


def membership_of(
    organisation: Organisation, user: Any
) -> OrganisationMembership | None:
    if not is_member(user):
        return None
    return OrganisationMembership.objects.filter(
        organisation=organisation, user=user
    ).first()


def organisation_memberships(
    organisation: Organisation,
) -> tuple[list[OrganisationMembership], list[OrganisationMembership]]:
    """(pending requests, active members) with each person's account."""
    rows = list(
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user", "user__profile")
        .order_by("created_at", "pk")
    )
    pending = [m for m in rows if m.status == MembershipStatus.PENDING]
    active = [m for m in rows if m.status == MembershipStatus.ACTIVE]
    return pending, active


def memberships_for_user(user: Any) -> list[OrganisationMembership]:
    return list(
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def organisations_for_profile(user: Any) -> QuerySet[Organisation]:
    """Organisations a person may name on their profile: those they are active in."""
    return Organisation.objects.filter(
        status=OrganisationStatus.APPROVED,
        memberships__user=user,
        memberships__status=MembershipStatus.ACTIVE,
    ).order_by("name")


def proposals_pending() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(status=OrganisationStatus.PROPOSED)
        .select_related("sector", "county", "proposed_by")
        .order_by("created_at")
    )


def organisations_search(query: str, limit: int = 20) -> list[Organisation]:
    return list(
        organisations_approved()
        .filter(Q(name__icontains=query) | Q(org_number=query))
        .order_by("name")[:limit]
    )
