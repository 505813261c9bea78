"""Reads of person profiles: what a viewer may see of a person, and the directory.

Every field has its own visibility. A visitor sees the fields marked "everyone", a
signed-in member also those marked "members", the person themselves everything. The
directory filters only on fields the viewer may see, so a person whose themes are
private is never found by theme (not even by counting).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy

from motesplats.actors.enums import OrganisationStatus, Visibility
from motesplats.actors.models import PROFILE_FIELDS, Profile
from motesplats.actors.permissions import is_member
from motesplats.core.facets import FacetResult, facet_result
from motesplats.taxonomy.models import Region, Sector, Theme

VISITOR = "visitor"
MEMBER = "member"
OWNER = "owner"

_LEVELS = {
    VISITOR: (Visibility.PUBLIC,),
    MEMBER: (Visibility.PUBLIC, Visibility.MEMBERS),
    OWNER: (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE),
}


def viewer_level(profile: Profile, viewer: Any = None) -> str:
    if is_member(viewer) and viewer.pk == profile.user_id:
        return OWNER
    return MEMBER if is_member(viewer) else VISITOR


def visible_levels(level: str) -> tuple[str, ...]:
    return _LEVELS[level]


def visible_fields(profile: Profile, level: str) -> list[str]:
    allowed = _LEVELS[level]
    return [f for f in PROFILE_FIELDS if getattr(profile, f"{f}_visibility") in allowed]


def profile_data_for_level(profile: Profile, level: str) -> dict[str, Any]:
    """The fields of `profile` a viewer at `level` may see, and nothing else.

    Keys always present: `uuid`, `accepts_messages`, `visible` (the field names shown).
    Each visible field adds its key: `name`, `title`, `expertise` (str), `organisation`
    (an approved Organisation or None), `themes` (list of Theme), `languages` (list of
    codes), `county` (Region or None). Prefetch `themes` and select `organisation` and
    `county` when reading many.
    """
    fields = visible_fields(profile, level)
    data: dict[str, Any] = {
        "uuid": profile.uuid,
        "accepts_messages": profile.accepts_messages,
        "visible": fields,
    }
    for name in fields:
        if name == "themes":
            data["themes"] = list(profile.themes.all())
        elif name == "organisation":
            org = profile.organisation
            data["organisation"] = (
                org
                if org is not None and org.status == OrganisationStatus.APPROVED
                else None
            )
        elif name == "languages":
            data["languages"] = list(profile.languages or [])
        else:
            data[name] = getattr(profile, name)
    return data


def public_profile_data(profile: Profile, viewer: Any = None) -> dict[str, Any]:
    """What `viewer` (None for a visitor) may see of `profile`; see
    `profile_data_for_level` for the shape. Unlisted profiles show only to their owner."""
    level = viewer_level(profile, viewer)
    if not profile.is_listed and level != OWNER:
        return {"uuid": profile.uuid, "accepts_messages": False, "visible": []}
    return profile_data_for_level(profile, level)


def profile_for_user(user: Any) -> Profile | None:
    return (
        Profile.objects.filter(user=user)
        .select_related("organisation", "county")
        .prefetch_related("themes")
        .first()
    )


def _with_relations(qs: QuerySet[Profile]) -> QuerySet[Profile]:
    return qs.select_related("organisation", "county").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("sort_order"))
    )


def profile_public_get(profile_uuid: Any, viewer: Any = None) -> Profile | None:
    """A listed profile by its uuid (the owner also sees their own unlisted one)."""
    qs = Profile.objects.filter(uuid=profile_uuid)
    if is_member(viewer):
        qs = qs.filter(Q(is_listed=True) | Q(user=viewer))
    else:
        qs = qs.filter(is_listed=True)
    return _with_relations(qs).first()


# --- the directory ---------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleFacet:
    key: str
    label: Any
    field: str  # the profile field whose visibility guards the filter
    lookup: str


PEOPLE_FACETS = [
    PeopleFacet("theme", gettext_lazy("Theme"), "themes", "themes__slug"),
    PeopleFacet("county", gettext_lazy("County"), "county", "county__code"),
    PeopleFacet(
        "sector",
        gettext_lazy("Sector of the organisation"),
        "organisation",
        "organisation__sector__slug",
    ),
]


@dataclass
class PeopleFilters:
    selected: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_filtered(self) -> bool:
        return any(self.selected.values())


def _shows_anything(levels: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for name in PROFILE_FIELDS:
        q |= Q(**{f"{name}_visibility__in": levels})
    return q


def _facet_q(facet: PeopleFacet, values: list[str], levels: tuple[str, ...]) -> Q:
    q = Q(**{f"{facet.lookup}__in": values, f"{facet.field}_visibility__in": levels})
    if facet.key == "sector":
        q &= Q(organisation__status=OrganisationStatus.APPROVED)
    return q


def people_directory_base(viewer: Any = None) -> QuerySet[Profile]:
    """Listed profiles that show the viewer at least one field."""
    levels = _LEVELS[MEMBER if is_member(viewer) else VISITOR]
    return Profile.objects.filter(is_listed=True).filter(_shows_anything(levels))


def people_directory(
    *,
    viewer: Any = None,
    filters: PeopleFilters | None = None,
    labels: dict[str, dict[str, str]] | None = None,
) -> tuple[QuerySet[Profile], list[FacetResult]]:
    """The directory with facet counts; filters and counts only use visible fields.

    Within a facet values combine with OR, across facets with AND; each facet's counts
    apply every other facet's filter.
    """
    filters = filters or PeopleFilters()
    levels = _LEVELS[MEMBER if is_member(viewer) else VISITOR]
    base = people_directory_base(viewer)
    selected = {k: v for k, v in filters.selected.items() if v}

    def filtered(skip: str | None = None) -> QuerySet[Profile]:
        qs = base
        for facet in PEOPLE_FACETS:
            if facet.key != skip and facet.key in selected:
                # A subquery per facet: two theme values must not join twice.
                qs = qs.filter(
                    pk__in=Profile.objects.filter(
                        _facet_q(facet, selected[facet.key], levels)
                    ).values("pk")
                )
        return qs

    labels = labels or people_facet_labels()
    facets = []
    for facet in PEOPLE_FACETS:
        counts = dict(
            filtered(skip=facet.key)
            .filter(**{f"{facet.field}_visibility__in": levels})
            .filter(
                Q(organisation__status=OrganisationStatus.APPROVED)
                if facet.key == "sector"
                else Q()
            )
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
    # Hidden names sort as empty: ordering by them would hint at what they are.
    people = (
        _with_relations(filtered())
        .annotate(
            sort_name=Case(
                When(name_visibility__in=levels, then=F("name")),
                default=Value(""),
            )
        )
        .order_by("sort_name", "pk")
    )
    return people, facets


def people_facet_labels() -> dict[str, dict[str, str]]:
    return {
        "theme": {
            t.slug: str(t.name)
            for t in Theme.objects.filter(is_active=True).order_by("sort_order")
        },
        "county": {r.code: str(r.name) for r in Region.objects.order_by("code")},
        "sector": {s.slug: str(s.name) for s in Sector.objects.order_by("sort_order")},
    }


def name_for_viewer(user: Any, viewer: Any = None) -> str:
    """How `user` is named to `viewer`: the profile name if it is shown to them, else
    the display name (public by the person's choice), else an empty string."""
    if user is None:
        return ""
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        profile = None
    if profile is not None and profile.name:
        level = viewer_level(profile, viewer)
        if profile.name_visibility in _LEVELS[level]:
            return profile.name
    return user.display_name
