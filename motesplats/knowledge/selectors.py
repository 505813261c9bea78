"""Reads on the knowledge bank: the faceted listing.

Within one facet the chosen values combine with OR, across facets with AND. Each facet's
counts are computed with every *other* facet's filter applied, so a visitor sees how many
items each choice would give. The number of queries is fixed, whatever the list length.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from motesplats.core.facets import FacetResult, FacetValue
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import AreaType, Region, SdgGoal, Sector, Theme

from .enums import EvidenceLevel, KnowledgeKind, Maturity
from .models import KnowledgePage


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    lookup: str
    numeric: bool = False  # values filter an integer column
    only: tuple[str, ...] = ()  # when set, the only values offered and accepted

    def accepts(self, value: str) -> bool:
        if self.only:
            return value in self.only
        if self.numeric:
            return value.isascii() and value.isdigit() and len(value) <= 4
        # Slugs and codes are printable; a control character (NUL, which PostgreSQL
        # refuses in text) can match nothing and is not passed on to the database.
        return 0 < len(value) <= 40 and value.isprintable()


FACETS = [
    Facet("kind", _("Kind"), "kind"),
    Facet("theme", _("Theme"), "themes__slug"),
    Facet("goal", _("Agenda 2030 goal"), "sdg_goals__number", numeric=True),
    Facet("sector", _("Sector"), "innovationpage__organisations__sector__slug"),
    Facet("county", _("County"), "innovationpage__county__code"),
    Facet("area", _("Urban or rural"), "innovationpage__area_types__slug"),
    Facet("maturity", _("Maturity"), "innovationpage__maturity"),
    Facet("evidence", _("Evidence of effects"), "innovationpage__evidence_level"),
    # Cases with a published impact model (drafts are never counted or filterable).
    Facet(
        "impact",
        _("Has an impact report"),
        "innovationpage__impact_models__status",
        only=("published",),
    ),
    Facet("node", _("Node"), "node__slug"),
    Facet("year", _("Year"), "year", numeric=True),
]
SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "year": ("-year", "title"),
}


def _labels() -> dict[str, dict[str, str]]:
    """Display labels per facet value, in the active language (one query per table)."""
    return {
        "kind": {k: str(v) for k, v in KnowledgeKind.choices},
        "maturity": {k: str(v) for k, v in Maturity.choices},
        "evidence": {k: str(v) for k, v in EvidenceLevel.choices},
        "theme": {t.slug: str(t.name) for t in Theme.objects.all()},
        "goal": {str(g.number): str(g) for g in SdgGoal.objects.all()},
        "sector": {s.slug: str(s.name) for s in Sector.objects.all()},
        "county": {r.code: str(r.name) for r in Region.objects.all()},
        "area": {a.slug: str(a.name) for a in AreaType.objects.all()},
        "node": {n.slug: str(n.name) for n in Node.objects.all()},
        "impact": {"published": str(_("Yes"))},
    }


def _apply(qs: QuerySet, facet: Facet, values: Iterable[str]) -> QuerySet:
    values = list(values)
    if not values:
        return qs
    # A subquery keeps one row per page even when a many-to-many matches twice.
    matching = KnowledgePage.objects.filter(**{f"{facet.lookup}__in": values}).values(
        "pk"
    )
    return qs.filter(pk__in=matching)


def knowledge_base(*, locale: Locale) -> QuerySet[KnowledgePage]:
    return KnowledgePage.objects.live().public().filter(locale=locale)


def knowledge_browse(
    *,
    locale: Locale,
    selected: dict[str, list[str]],
    sort: str = "newest",
    with_facets: bool = True,
) -> tuple[QuerySet[KnowledgePage], list[FacetResult]]:
    """The filtered, sorted items and the facets with their counts (none when
    `with_facets` is false: counting is most of the work on a large bank)."""
    base = knowledge_base(locale=locale)
    filtered = base
    for facet in FACETS:
        filtered = _apply(filtered, facet, selected.get(facet.key, []))
    labels = _labels()
    facets = []
    for facet in FACETS if with_facets else ():
        others = base
        for other in FACETS:
            if other.key != facet.key:
                others = _apply(others, other, selected.get(other.key, []))
        rows = (
            KnowledgePage.objects.filter(pk__in=others.values("pk"))
            .exclude(**{f"{facet.lookup}__isnull": True})
            .filter(**({f"{facet.lookup}__in": facet.only} if facet.only else {}))
            .order_by()  # Page's default ordering would split the groups
            .values(facet.lookup)
            .annotate(n=Count("pk", distinct=True))
        )
        chosen = set(selected.get(facet.key, []))
        values = [
            FacetValue(
                value=str(row[facet.lookup]),
                label=labels.get(facet.key, {}).get(
                    str(row[facet.lookup]), str(row[facet.lookup])
                ),
                count=row["n"],
                selected=str(row[facet.lookup]) in chosen,
            )
            for row in rows
            if not facet.only or str(row[facet.lookup]) in facet.only
        ]
        values.sort(
            key=lambda v: (-int(v.value) if facet.key == "year" else 0, v.label)
        )
        facets.append(FacetResult(key=facet.key, label=str(facet.label), values=values))
    items = (
        filtered.select_related("node")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("sort_order"))
        )
        .order_by(*SORTS.get(sort, SORTS["newest"]))
    )
    return items, facets


def knowledge_for_theme(
    *, locale: Locale, theme_id: int, limit: int = 6
) -> list[KnowledgePage]:
    """The newest items of a theme, for its theme page."""
    return list(
        knowledge_base(locale=locale)
        .filter(themes__id=theme_id)
        .select_related("node")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def knowledge_related(*, page: KnowledgePage, limit: int = 4) -> list[KnowledgePage]:
    """Items sharing the most themes and goals with `page`, newest first among equals."""
    # .all() rather than values_list: previews hold these relations in memory.
    theme_ids = [t.pk for t in page.themes.all()]
    goal_ids = [g.pk for g in page.sdg_goals.all()]
    if not theme_ids and not goal_ids:
        return []
    from django.db.models import Q  # noqa: PLC0415 -- only this selector needs it

    shared = Count("themes", filter=Q(themes__in=theme_ids), distinct=True) + Count(
        "sdg_goals", filter=Q(sdg_goals__in=goal_ids), distinct=True
    )
    return list(
        knowledge_base(locale=page.locale)
        .exclude(pk=page.pk)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .select_related("node")
        .order_by("-shared", "-first_published_at", "-pk")[:limit]
    )
