"""Reads for matchmaking: the seeker's own data and their suggestions.

The seeker's own data may be private: they see their own suggestions. Candidates
come from `matching_data` (public data only, cached per data version); explanations
from `matching_explain`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from motesplats.actors import matching as engine
from motesplats.actors.enums import (
    MembershipStatus,
    NeedOfferStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import (
    CoalitionMember,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.selectors.matching_data import (
    Vocabulary,
    matching_data,
    matching_index_invalidate,
)
from motesplats.actors.selectors.matching_explain import MatchResult, Suggested, present

__all__ = [
    "MatchResult",
    "Suggested",
    "administered_organisations",
    "matching_data",
    "matching_index_invalidate",
    "suggestions_for_organisation",
    "suggestions_for_user",
]

SUGGESTIONS_PER_GROUP = 5


def _questions_of(vocabulary: Vocabulary, themes: frozenset[int]) -> frozenset[int]:
    return frozenset(
        q for t in themes for q in vocabulary.theme_questions.get(t, frozenset())
    )


def _own_needs_text(**filters) -> tuple[frozenset[int], str]:
    rows = list(
        NeedOffer.objects.filter(**filters).values_list(
            "pk", "status", "title", "description"
        )
    )
    text = "\n".join(
        f"{title}\n{description}"
        for _, status, title, description in rows
        if status == NeedOfferStatus.OPEN
    )
    return frozenset(pk for pk, *_ in rows), text


def seeker_for_user(user: Any, vocabulary: Vocabulary) -> engine.Seeker | None:
    """A person from their own profile (private fields included: it is theirs)."""
    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation__sector", "organisation__county", "county")
        .first()
    )
    if profile is None:
        return None
    themes = frozenset(profile.themes.values_list("pk", flat=True))
    memberships = list(
        OrganisationMembership.objects.filter(user=user).values(
            "organisation_id",
            "status",
            "organisation__status",
            "organisation__sector__slug",
            "organisation__county__code",
        )
    )
    active = [
        m
        for m in memberships
        if m["status"] == MembershipStatus.ACTIVE
        and m["organisation__status"] == OrganisationStatus.APPROVED
    ]
    organisation = profile.organisation
    sector = organisation.sector.slug if organisation is not None else ""
    if not sector and active:
        sector = active[0]["organisation__sector__slug"]
    county = profile.county.code if profile.county is not None else ""
    if not county and organisation is not None and organisation.county_id:
        county = organisation.county.code
    if not county and active:
        county = active[0]["organisation__county__code"] or ""
    organisation_ids = {m["organisation_id"] for m in memberships}
    if organisation is not None:
        organisation_ids.add(organisation.pk)
    active_ids = {m["organisation_id"] for m in active}
    coalition_ids = frozenset(
        CoalitionMember.objects.filter(
            Q(user=user) | Q(organisation__in=active_ids)
        ).values_list("coalition_id", flat=True)
    )
    own_needs, needs_text = _own_needs_text(author=user)
    return engine.Seeker(
        kind="person",
        themes=themes,
        questions=_questions_of(vocabulary, themes),
        sector=sector,
        county=county,
        text=f"{profile.title}\n{profile.expertise}\n{needs_text}",
        user_id=user.pk,
        organisation_ids=frozenset(organisation_ids),
        coalition_ids=coalition_ids,
        own_need_ids=own_needs,
    )


def seeker_for_organisation(
    organisation: Organisation, vocabulary: Vocabulary
) -> engine.Seeker:
    themes = frozenset(organisation.themes.values_list("pk", flat=True))
    own_needs, needs_text = _own_needs_text(organisation=organisation)
    return engine.Seeker(
        kind="organisation",
        themes=themes,
        questions=_questions_of(vocabulary, themes),
        sector=organisation.sector.slug,
        county=organisation.county.code if organisation.county_id else "",
        text=f"{organisation.description_sv}\n{organisation.description_en}\n"
        f"{needs_text}",
        organisation_ids=frozenset({organisation.pk}),
        member_user_ids=frozenset(
            organisation.memberships.values_list("user_id", flat=True)
        ),
        coalition_ids=frozenset(
            CoalitionMember.objects.filter(organisation=organisation).values_list(
                "coalition_id", flat=True
            )
        ),
        own_need_ids=own_needs,
    )


def administered_organisations(user: Any) -> list[Organisation]:
    """Approved organisations the user administers, for the switcher."""
    return list(
        Organisation.objects.filter(
            status=OrganisationStatus.APPROVED,
            memberships__user=user,
            memberships__role=OrganisationRole.ADMIN,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("sector", "county")
        .order_by("name", "pk")
    )


def suggestions_for_user(
    user: Any, *, limit: int = SUGGESTIONS_PER_GROUP
) -> MatchResult:
    """What a member might look at, from their own profile."""
    loaded = matching_data()
    seeker = seeker_for_user(user, loaded.vocabulary)
    if seeker is None:
        return MatchResult(missing="profile")
    if not seeker.themes:
        return MatchResult(missing="themes")
    return present(loaded.index.suggest(seeker, limit), loaded, limit)


def suggestions_for_organisation(
    organisation: Organisation, *, limit: int = SUGGESTIONS_PER_GROUP
) -> MatchResult:
    """What an organisation might look at; shown to its administrators."""
    loaded = matching_data()
    seeker = seeker_for_organisation(organisation, loaded.vocabulary)
    if not seeker.themes:
        return MatchResult(missing="themes")
    return present(loaded.index.suggest(seeker, limit), loaded, limit)
