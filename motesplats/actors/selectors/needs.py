"""Reads on needs and offers: the listing with facets and pages, one need or offer,
a theme's few, and a member's own.

Listings show open ones whose date has not passed (the date is checked here, so an
expired one disappears the day after even before `need_offer_expire` closes it).
Facets: within one the chosen values combine with OR, across facets with AND; each
facet's counts apply every other facet's filter.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motesplats.actors.enums import NeedOfferCategory, NeedOfferKind, NeedOfferStatus
from motesplats.actors.models import NeedOffer
from motesplats.actors.permissions import is_member
from motesplats.actors.services.needs import may_change
from motesplats.core.facets import FacetResult, facet_result
from motesplats.taxonomy.models import Region, Sector, Theme

PER_PAGE = 20
# The county facet's value for needs and offers that name no county (all of Sweden).
WHOLE_COUNTRY = "se"


@dataclass(frozen=True)
class Facet:
    key: str
    label: Any
    lookup: str


FACETS = [
    Facet("kind", gettext_lazy("Need or offer"), "kind"),
    Facet("category", gettext_lazy("Category"), "category"),
    Facet("theme", gettext_lazy("Theme"), "themes__slug"),
    Facet("county", gettext_lazy("County"), "counties__code"),
    Facet("sector", gettext_lazy("Sector sought"), "sectors_sought__slug"),
]


@dataclass
class NeedFilters:
    selected: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_filtered(self) -> bool:
        return any(self.selected.values())

    def query_items(self) -> list[tuple[str, str]]:
        return [
            (key, value) for key, values in self.selected.items() for value in values
        ]


def need_facet_labels() -> dict[str, dict[str, str]]:
    return {
        "kind": {k: str(v) for k, v in NeedOfferKind.choices},
        "category": {k: str(v) for k, v in NeedOfferCategory.choices},
        "theme": {
            t.slug: str(t.name)
            for t in Theme.objects.filter(is_active=True).order_by("sort_order")
        },
        "county": {
            WHOLE_COUNTRY: _("The whole country"),
            **{r.code: str(r.name) for r in Region.objects.order_by("code")},
        },
        "sector": {s.slug: str(s.name) for s in Sector.objects.order_by("sort_order")},
    }


def needs_open(*, today: datetime.date | None = None) -> QuerySet[NeedOffer]:
    today = today or timezone.localdate()
    return NeedOffer.objects.filter(status=NeedOfferStatus.OPEN, expires_on__gte=today)


def _apply(qs: QuerySet, facet: Facet, values: list[str]) -> QuerySet:
    if not values:
        return qs
    if "__" not in facet.lookup:
        return qs.filter(**{f"{facet.lookup}__in": values})
    condition = Q(**{f"{facet.lookup}__in": values})
    if facet.key == "county" and WHOLE_COUNTRY in values:
        condition |= Q(counties__isnull=True)
    # A subquery keeps one row per item when a many-to-many matches twice.
    matching = NeedOffer.objects.filter(condition).values("pk")
    return qs.filter(pk__in=matching)


def _with_relations(qs: QuerySet[NeedOffer]) -> QuerySet[NeedOffer]:
    return qs.select_related(
        "organisation__sector", "organisation__county"
    ).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("sort_order")),
        Prefetch("counties", queryset=Region.objects.order_by("code")),
        Prefetch("sectors_sought", queryset=Sector.objects.order_by("sort_order")),
    )


def need_browse(
    *, filters: NeedFilters, page_number: Any = 1, today: datetime.date | None = None
) -> tuple[Page, list[FacetResult]]:
    """One page of the filtered open needs and offers (newest first) and the facets."""
    base = needs_open(today=today)
    labels = need_facet_labels()
    facets = []
    for facet in FACETS:
        others = base
        for other in FACETS:
            if other.key != facet.key:
                others = _apply(others, other, filters.selected.get(other.key, []))
        rows = (
            NeedOffer.objects.filter(pk__in=others.values("pk"))
            .exclude(**{f"{facet.lookup}__isnull": True})
            .order_by()
            .values(facet.lookup)
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {str(row[facet.lookup]): row["n"] for row in rows}
        if facet.key == "county":
            counts[WHOLE_COUNTRY] = NeedOffer.objects.filter(
                pk__in=others.values("pk"), counties__isnull=True
            ).count()
        chosen = set(filters.selected.get(facet.key, []))
        facets.append(
            facet_result(
                key=facet.key,
                label=str(facet.label),
                labels=labels[facet.key],
                counts=counts,
                chosen=chosen,
            )
        )
    filtered = base
    for facet in FACETS:
        filtered = _apply(filtered, facet, filters.selected.get(facet.key, []))
    items = _with_relations(filtered).order_by("-created_at", "-pk")
    page = Paginator(items, PER_PAGE).get_page(page_number)
    return page, facets


def need_get(*, uuid: Any, viewer: Any = None) -> NeedOffer:
    """An open need or offer; a closed or expired one only for those who may change
    it (so its author can open it again)."""
    need = _with_relations(NeedOffer.objects.filter(uuid=uuid)).first()
    if need is None:
        raise Http404("No such need or offer")
    today = timezone.localdate()
    need.is_open = need.status == NeedOfferStatus.OPEN and need.expires_on >= today
    if not need.is_open and not may_change(viewer, need):
        raise Http404("No such need or offer")
    need.may_change = may_change(viewer, need)
    return need


def needs_for_theme(*, theme_id: int, limit: int = 4) -> tuple[list[NeedOffer], int]:
    """A few open needs and offers of a theme, newest first, and how many there are."""
    qs = needs_open().filter(
        pk__in=NeedOffer.objects.filter(themes__id=theme_id).values("pk")
    )
    items = list(
        qs.select_related("organisation").order_by("-created_at", "-pk")[:limit]
    )
    return items, qs.count()


def needs_of_member(*, user: Any) -> list[NeedOffer]:
    """What the member posted, and what was posted for their organisations."""
    if not is_member(user):
        return []
    today = timezone.localdate()
    items = list(
        _with_relations(
            NeedOffer.objects.filter(
                Q(author=user)
                | Q(
                    organisation__memberships__user=user,
                    organisation__memberships__status="active",
                )
            ).distinct()
        ).order_by("-created_at", "-pk")
    )
    for need in items:
        need.is_open = need.status == NeedOfferStatus.OPEN and need.expires_on >= today
    return items
