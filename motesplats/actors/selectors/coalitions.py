"""Reads on coalitions: the listing with facets, a coalition's page, sector mix.

A person in a coalition is named only when their profile shows their name to the
viewer; otherwise they are counted. Their sector is their organisation's when the
profile shows the organisation publicly, else "unknown". The listing's query count
does not depend on its length: members are read for the whole page at once.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motesplats.actors.enums import (
    CoalitionAccess,
    CoalitionRole,
    MembershipStatus,
    OrganisationStatus,
    Visibility,
)
from motesplats.actors.models import (
    Coalition,
    CoalitionFollow,
    CoalitionMember,
)
from motesplats.actors.permissions import (
    is_coalition_member,
    is_coordinator,
    is_editor,
    is_member,
    is_organisation_admin,
)
from motesplats.actors.selectors.profiles import OWNER, viewer_level, visible_levels
from motesplats.core.facets import FacetResult, facet_result
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Sector, Theme

PER_PAGE = 24
UNKNOWN_SECTOR = "unknown"
ALLIANCE = "alliance"
COALITION = "coalition"

# --- sector mix ----------------------------------------------------------------------


@dataclass(frozen=True)
class SectorShare:
    slug: str
    label: str
    count: int
    percent: int
    x: str = "0"  # where its part of the bar starts, in percent (for the SVG)
    width: str = "0"


@dataclass(frozen=True)
class SectorMix:
    shares: list[SectorShare]
    total: int

    @property
    def known(self) -> list[SectorShare]:
        return [s for s in self.shares if s.slug != UNKNOWN_SECTOR and s.count]

    @property
    def sectors_present(self) -> int:
        return len(self.known)


def _sector_labels() -> list[tuple[str, str]]:
    return [(s.slug, str(s.name)) for s in Sector.objects.order_by("sort_order")]


def _organisation_is_public(organisation: Any) -> bool:
    return organisation is not None and organisation.status == (
        OrganisationStatus.APPROVED
    )


def _profile(user: Any) -> Any:
    try:
        return user.profile
    except ObjectDoesNotExist:  # the person has no profile
        return None


def member_sector_slug(member: CoalitionMember) -> str:
    """An organisation by its sector; a person by their organisation's, if public."""
    if member.organisation_id:
        return member.organisation.sector.slug
    profile = _profile(member.user)
    if (
        profile is not None
        and profile.is_listed
        and profile.organisation_visibility == Visibility.PUBLIC
        and _organisation_is_public(profile.organisation)
    ):
        return profile.organisation.sector.slug
    return UNKNOWN_SECTOR


def sector_mix(
    members: list[CoalitionMember], labels: list[tuple[str, str]] | None = None
) -> SectorMix:
    """How many active members each sector has (people of unknown sector last)."""
    labels = labels if labels is not None else _sector_labels()
    counts: dict[str, int] = {}
    for member in members:
        if member.status != MembershipStatus.ACTIVE:
            continue
        slug = member_sector_slug(member)
        counts[slug] = counts.get(slug, 0) + 1
    total = sum(counts.values())
    rows = [*labels, (UNKNOWN_SECTOR, _("Sector not shown"))]
    shares = []
    start = 0.0
    for slug, label in rows:
        count = counts.get(slug, 0)
        width = 100 * count / total if total else 0.0
        shares.append(
            SectorShare(
                slug=slug,
                label=label,
                count=count,
                percent=round(width),
                x=f"{start:.2f}",
                width=f"{width:.2f}",
            )
        )
        start += width
    return SectorMix(shares=shares, total=total)


def _members_prefetch(*, status: str | None = MembershipStatus.ACTIVE) -> Prefetch:
    qs = CoalitionMember.objects.select_related(
        "organisation__sector",
        "user__profile__organisation__sector",
    ).order_by("created_at", "pk")
    if status:
        qs = qs.filter(status=status)
    return Prefetch("members", queryset=qs, to_attr="active_members")


# --- the listing ---------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    key: str
    label: str


FACETS = [
    Facet("theme", gettext_lazy("Theme")),
    Facet("kind", gettext_lazy("Kind")),
    Facet("access", gettext_lazy("Membership")),
    Facet("node", gettext_lazy("Node")),
]


@dataclass
class CoalitionFilters:
    selected: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_filtered(self) -> bool:
        return any(self.selected.values())


def _facet_q(key: str, values: list[str]) -> Q:
    if key == "theme":
        return Q(theme__slug__in=values)
    if key == "node":
        return Q(node__slug__in=values)
    if key == "access":
        return Q(access__in=values)
    if key == "kind":
        q = Q(pk__in=[])
        if ALLIANCE in values:
            q |= Q(is_knowledge_alliance=True)
        if COALITION in values:
            q |= Q(is_knowledge_alliance=False)
        return q
    raise KeyError(key)


def _facet_value_expr(key: str) -> str:
    return {
        "theme": "theme__slug",
        "node": "node__slug",
        "access": "access",
        "kind": "is_knowledge_alliance",
    }[key]


def coalition_facet_labels() -> dict[str, dict[str, str]]:
    """Every value each facet may take, with its label, in display order."""
    return {
        "theme": {
            t.slug: str(t.name)
            for t in Theme.objects.filter(is_active=True).order_by("sort_order")
        },
        "kind": {
            ALLIANCE: _("Knowledge alliance"),
            COALITION: _("Coalition"),
        },
        "access": {
            CoalitionAccess.OPEN: _("Open"),
            CoalitionAccess.APPLICATION: _("By application"),
        },
        "node": {
            n.slug: str(n.name) for n in Node.objects.order_by("sort_order", "name_sv")
        },
    }


def coalitions_active() -> QuerySet[Coalition]:
    return Coalition.objects.filter(is_active=True)


def coalition_browse(
    *, filters: CoalitionFilters, page_number: Any = 1
) -> tuple[Page, list[FacetResult]]:
    """One page of the active coalitions matching the filters, each with `.mix`,
    and the facets.

    Within a facet the chosen values combine with OR, across facets with AND; each
    facet's counts apply every other facet's filter.
    """
    base = coalitions_active()
    labels = coalition_facet_labels()
    facets = []
    for facet in FACETS:
        others = base
        for other in FACETS:
            values = filters.selected.get(other.key, [])
            if other.key != facet.key and values:
                others = others.filter(_facet_q(other.key, values))
        expr = _facet_value_expr(facet.key)
        rows = others.order_by().values(expr).annotate(n=Count("pk"))
        counts: dict[str, int] = {}
        for row in rows:
            raw = row[expr]
            if raw is None:
                continue
            if facet.key == "kind":
                raw = ALLIANCE if raw else COALITION
            counts[str(raw)] = row["n"]
        chosen = set(filters.selected.get(facet.key, []))
        known = labels[facet.key]
        facets.append(
            facet_result(
                key=facet.key,
                label=str(facet.label),
                labels=known,
                counts=counts,
                chosen=chosen,
            )
        )
    filtered = base
    for facet in FACETS:
        values = filters.selected.get(facet.key, [])
        if values:
            filtered = filtered.filter(_facet_q(facet.key, values))
    ordered = filtered.select_related("theme", "node").order_by("name_sv", "pk")
    page = Paginator(ordered, PER_PAGE).get_page(page_number)
    # Members are read for the shown page only, in one query.
    items = list(page.object_list)
    prefetch_related_objects(items, _members_prefetch())
    sector_labels = _sector_labels()
    for coalition in items:
        coalition.mix = sector_mix(coalition.active_members, sector_labels)
    page.object_list = items
    return page, facets


def coalitions_for_theme(*, theme_id: int, limit: int = 4) -> list[Coalition]:
    """A few active coalitions of a theme for its page, with their sector mix."""
    items = list(
        coalitions_active()
        .filter(theme_id=theme_id)
        .select_related("theme")
        .prefetch_related(_members_prefetch())
        .order_by("name_sv", "pk")[:limit]
    )
    sector_labels = _sector_labels()
    for coalition in items:
        coalition.mix = sector_mix(coalition.active_members, sector_labels)
    return items


def coalitions_count_for_theme(*, theme_id: int) -> int:
    return coalitions_active().filter(theme_id=theme_id).count()


# --- one coalition -------------------------------------------------------------------


def coalition_get(*, slug: str, include_inactive: bool = False) -> Coalition:
    qs = Coalition.objects.select_related("theme", "node")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    coalition = qs.filter(slug=slug).first()
    if coalition is None:
        raise Http404("No such coalition")
    return coalition


def person_name_for(user: Any, viewer: Any) -> str:
    """The person's name as their profile shows it to `viewer`, or "".

    Same rule as the people directory: an unlisted profile shows only to its owner."""
    profile = _profile(user)
    if profile is None or not profile.name:
        return ""
    level = viewer_level(profile, viewer)
    if not profile.is_listed and level != OWNER:
        return ""
    if profile.name_visibility in visible_levels(level):
        return profile.name
    return ""


@dataclass(frozen=True)
class ShownMember:
    kind: str  # "organisation" or "person"
    name: str
    role: str
    organisation: Any = None
    sector_label: str = ""


@dataclass
class CoalitionMembers:
    organisations: list[ShownMember]
    people: list[ShownMember]
    unnamed_people: int
    coordinators: list[ShownMember]
    unnamed_coordinators: int


def coalition_members_shown(
    members: list[CoalitionMember], viewer: Any
) -> CoalitionMembers:
    """Who the viewer sees by name; people without a visible name are counted."""
    organisations, people, coordinators = [], [], []
    unnamed = unnamed_coordinators = 0
    for member in members:
        if member.status != MembershipStatus.ACTIVE:
            continue
        if member.organisation_id:
            organisation = member.organisation
            if not _organisation_is_public(organisation):
                continue
            organisations.append(
                ShownMember(
                    kind="organisation",
                    name=organisation.name,
                    role=member.role,
                    organisation=organisation,
                    sector_label=str(organisation.sector.name),
                )
            )
            continue
        name = person_name_for(member.user, viewer)
        if member.role == CoalitionRole.COORDINATOR:
            if name:
                coordinators.append(ShownMember("person", name, member.role))
            else:
                unnamed_coordinators += 1
        if name:
            people.append(ShownMember("person", name, member.role))
        else:
            unnamed += 1
    return CoalitionMembers(
        organisations=sorted(organisations, key=lambda m: m.name.casefold()),
        people=sorted(people, key=lambda m: m.name.casefold()),
        unnamed_people=unnamed,
        coordinators=coordinators,
        unnamed_coordinators=unnamed_coordinators,
    )


@dataclass
class ViewerStanding:
    """What the viewer is in this coalition and what they may do."""

    is_signed_in: bool
    is_member: bool
    is_coordinator: bool
    is_editor: bool
    own_row: CoalitionMember | None
    follows: bool
    admin_organisations: list  # organisations the viewer may act for
    organisation_rows: dict  # organisation id -> CoalitionMember

    @property
    def may_manage(self) -> bool:
        return self.is_coordinator or self.is_editor


def viewer_standing(*, coalition: Coalition, user: Any) -> ViewerStanding:
    from motesplats.actors.models import Organisation  # noqa: PLC0415 -- avoids a cycle

    if not is_member(user):
        return ViewerStanding(False, False, False, False, None, False, [], {})
    own = coalition.members.filter(user=user).first()
    admin_orgs = list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role="admin",
            memberships__status=MembershipStatus.ACTIVE,
            status=OrganisationStatus.APPROVED,
        )
        .select_related("sector")
        .order_by("name")
    )
    rows = {
        m.organisation_id: m
        for m in coalition.members.filter(
            organisation_id__in=[o.pk for o in admin_orgs]
        )
    }
    return ViewerStanding(
        is_signed_in=True,
        is_member=is_coalition_member(user, coalition),
        is_coordinator=is_coordinator(user, coalition),
        is_editor=is_editor(user),
        own_row=own,
        follows=CoalitionFollow.objects.filter(coalition=coalition, user=user).exists(),
        admin_organisations=admin_orgs,
        organisation_rows=rows,
    )


@dataclass
class CoalitionPage:
    coalition: Coalition
    theme_questions: list
    own_questions: list
    members: CoalitionMembers
    mix: SectorMix
    updates: list
    documents: list


def coalition_page(
    *, coalition: Coalition, viewer: Any, updates_limit: int = 10
) -> CoalitionPage:
    """Everything the coalition's page shows, read in a fixed number of queries."""
    members = list(
        coalition.members.filter(status=MembershipStatus.ACTIVE)
        .select_related("organisation__sector", "user__profile__organisation__sector")
        .order_by("created_at", "pk")
    )
    return CoalitionPage(
        coalition=coalition,
        theme_questions=list(coalition.questions.order_by("sort_order", "pk")),
        own_questions=list(coalition.own_questions.all()),
        members=coalition_members_shown(members, viewer),
        mix=sector_mix(members),
        updates=list(coalition.updates.all()[:updates_limit]),
        documents=list(coalition.documents.select_related("document")),
    )


def coalition_pending(*, coalition: Coalition) -> list[CoalitionMember]:
    """Applications waiting for the coordinators, oldest first."""
    return list(
        coalition.members.filter(status=MembershipStatus.PENDING)
        .select_related("organisation__sector", "user__profile")
        .order_by("created_at", "pk")
    )


def coalition_roster(*, coalition: Coalition) -> list[CoalitionMember]:
    """Active members for the coordinators' page (who they are: the account's name)."""
    return list(
        coalition.members.filter(status=MembershipStatus.ACTIVE)
        .select_related("organisation__sector", "user__profile")
        .order_by("-role", "created_at", "pk")
    )


def member_label(member: CoalitionMember) -> str:
    """How coordinators see a member or applicant: the organisation, or the person's
    profile name, else their display name in the account (never the e-mail)."""
    if member.organisation_id:
        return member.organisation.name
    profile = _profile(member.user)
    if profile is not None and profile.name:
        return profile.name
    return member.user.display_name or _("Member #%(id)s") % {"id": member.user_id}


def may_act_for(user: Any, member: CoalitionMember) -> bool:
    """The person themselves, or an admin of the member organisation."""
    if member.user_id:
        return member.user_id == getattr(user, "pk", None)
    return is_organisation_admin(user, member.organisation)
