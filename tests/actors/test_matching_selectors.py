"""Matchmaking on the database: only public data of others, exclusions, explanations
in words, the cached index following every change, erasure."""

import datetime

from django.utils import timezone, translation

import pytest

from motesplats.accounts.services import user_erase
from motesplats.actors.enums import (
    NeedOfferKind,
    NeedOfferStatus,
    OrganisationStatus,
    Visibility,
)
from motesplats.actors.matching_text import stem
from motesplats.actors.models import Profile
from motesplats.actors.selectors import matching as selectors
from motesplats.actors.selectors.matching import (
    matching_data,
    suggestions_for_organisation,
    suggestions_for_user,
)
from motesplats.taxonomy.models import Region, Theme
from tests.actors.factories import (
    CoalitionFactory,
    NeedOfferFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
    sector,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ALL = 10_000  # a limit that shows every candidate that scores at all
PUBLIC = Visibility.PUBLIC


@pytest.fixture
def digital():
    return Theme.objects.get(slug="digital-inkludering")


@pytest.fixture
def skane():
    return Region.objects.get(code="12")


@pytest.fixture
def seeker(digital, skane):
    """A member from the public sector in Skåne working on digital inclusion."""
    user = UserFactory()
    organisation = OrganisationFactory(
        name="Testkommunens digitala service",
        sector=sector("offentlig"),
        county=skane,
        themes=[digital],
        description_sv="Kommunal förvaltning.",
    )
    add_org_member(organisation, user, admin=True)
    profile = ProfileFactory(
        user=user,
        organisation=organisation,
        county=skane,
        title="Samordnare",
        expertise="Digital vardagshjälp för äldre på bibliotek.",
    )
    profile.themes.set([digital])
    return user


@pytest.fixture
def civic(digital, skane):
    return OrganisationFactory(
        name="Testföreningen Nätverket",
        sector=sector("ideburen"),
        county=skane,
        themes=[digital],
        description_sv="En förening för folkbildning.",
    )


def listed_person(theme, county, organisation, **overrides) -> Profile:
    values = {
        "is_listed": True,
        "name": "Alva Testberg",
        "name_visibility": PUBLIC,
        "title": "Projektledare",
        "title_visibility": PUBLIC,
        "expertise": "Cirkusskola och ridläger.",
        "expertise_visibility": PUBLIC,
        "themes_visibility": PUBLIC,
        "county": county,
        "county_visibility": PUBLIC,
        "organisation": organisation,
        "organisation_visibility": PUBLIC,
    }
    profile = ProfileFactory(**(values | overrides))
    profile.themes.set([theme])
    return profile


def find(entries, uuid):
    return next((e for e in entries if e.item.uuid == str(uuid)), None)


def codes(entry) -> set[str]:
    return {r.code for r in entry.reasons} if entry else set()


def entry_for(user, uuid, group="actors"):
    result = suggestions_for_user(user, limit=ALL)
    return find(getattr(result, group), uuid)


# --- explanations -------------------------------------------------------------------


def test_explanation_names_the_factors_in_words(en, seeker, civic):
    entry = entry_for(seeker, civic.uuid)
    assert entry.explanation == (
        "You both work on digital inclusion; they are from the non-profit sector; "
        "same county (Skåne)."
    )


def test_explanation_of_a_need_with_sought_sector_words_and_a_neighbour(
    en, seeker, digital, civic
):
    need = NeedOfferFactory(
        title="Vi söker bibliotek för digital vardagshjälp",
        description="Äldre behöver hjälp med e-legitimation.",
        organisation=civic,
        themes=[digital],
    )
    need.sectors_sought.set([sector("offentlig")])
    need.counties.set([Region.objects.get(code="13")])
    entry = entry_for(seeker, need.uuid, "needs_offers")
    assert entry.kind == NeedOfferKind.NEED
    assert entry.explanation.startswith(
        "Same theme: digital inclusion; they are looking for partners in the public "
        "sector; they are from the non-profit sector; neighbouring county (Halland); "
        "words in common: "
    )
    # Words of the seeker's text, spelled as the needs and offers spell them most.
    words = entry.explanation.removesuffix(".").split("words in common: ")[1]
    stems = {stem(w) for w in words.split(", ")}
    assert len(stems) == 3
    assert stems <= {stem(w) for w in ("bibliotek", "digital", "vardagshjälp", "äldre")}


def test_explanation_of_a_coalition(en, seeker, digital):
    coalition = CoalitionFactory(theme=digital, purpose_sv="Cirkus.", purpose_en="")
    question = digital.questions.order_by("sort_order", "pk").first()
    coalition.questions.set([question])
    add_coalition_member(
        coalition,
        organisation=OrganisationFactory(
            sector=sector("akademi"), county=Region.objects.get(code="12")
        ),
    )
    entry = entry_for(seeker, coalition.uuid, "coalitions")
    assert entry.explanation.startswith(
        "Same theme: digital inclusion; a shared question in focus: "
        f"“{question.text_en}”; no member from the public sector yet; "
        # The question's text is the coalition's too, and shares two words with
        # the seeker's expertise ("Digital vardagshjälp för äldre …").
        "members in the same county (Skåne); words in common: "
    )
    words = entry.explanation.removesuffix(".").split("words in common: ")[1]
    assert {stem(w) for w in words.split(", ")} == {stem("digital"), stem("äldre")}


# --- only public data of others -------------------------------------------------------


def test_a_listed_person_with_public_fields_counts_them_all(
    en, seeker, digital, skane, civic
):
    profile = listed_person(digital, skane, civic)
    entry = entry_for(seeker, profile.uuid)
    assert codes(entry) == {"themes", "cross_sector", "same_county"}
    assert "same county (Skåne)" in entry.explanation
    assert entry.meta == ["Projektledare", civic.name]


def test_private_county_never_gives_same_county(en, seeker, digital, skane, civic):
    profile = listed_person(digital, skane, civic)
    profile.county_visibility = Visibility.PRIVATE
    profile.save()
    entry = entry_for(seeker, profile.uuid)
    assert codes(entry) == {"themes", "cross_sector"}
    assert "county" not in entry.explanation


def test_members_only_is_not_public_and_a_bulk_update_is_noticed(
    en, seeker, digital, skane, civic
):
    profile = listed_person(digital, skane, civic)
    assert "same_county" in codes(entry_for(seeker, profile.uuid))
    # An update() leaves updated_at alone; the visibility checksum still changes.
    Profile.objects.filter(pk=profile.pk).update(
        county_visibility=Visibility.MEMBERS, organisation_visibility=Visibility.MEMBERS
    )
    entry = entry_for(seeker, profile.uuid)
    assert codes(entry) == {"themes"}
    assert entry.explanation == "You both work on digital inclusion."
    assert entry.meta == ["Projektledare"]


def test_private_themes_are_not_matched_on(seeker, digital, skane, civic):
    profile = listed_person(digital, skane, civic, themes_visibility=Visibility.PRIVATE)
    assert entry_for(seeker, profile.uuid) is None


def test_private_expertise_is_not_matched_on(en, seeker, digital, skane, civic):
    shared = "Digital vardagshjälp för äldre på bibliotek."
    profile = listed_person(digital, skane, civic, expertise=shared)
    assert "text" in codes(entry_for(seeker, profile.uuid))
    profile.expertise_visibility = Visibility.PRIVATE
    profile.save()
    entry = entry_for(seeker, profile.uuid)
    assert "text" not in codes(entry)
    assert "words in common" not in entry.explanation


@pytest.mark.parametrize(
    "change",
    [{"is_listed": False}, {"name_visibility": Visibility.MEMBERS}, {"name": ""}],
)
def test_unlisted_or_nameless_people_are_never_suggested(
    seeker, digital, skane, civic, change
):
    profile = listed_person(digital, skane, civic, **change)
    assert entry_for(seeker, profile.uuid) is None


def test_an_inactive_account_is_not_suggested(seeker, digital, skane, civic):
    profile = listed_person(digital, skane, civic)
    profile.user.is_active = False
    profile.user.save()
    assert entry_for(seeker, profile.uuid) is None


def test_a_person_shows_no_unapproved_organisation(en, seeker, digital, skane):
    proposed = OrganisationFactory(
        sector=sector("akademi"), status=OrganisationStatus.PROPOSED
    )
    profile = listed_person(digital, skane, proposed)
    entry = entry_for(seeker, profile.uuid)
    assert codes(entry) == {"themes", "same_county"}
    assert proposed.name not in entry.meta


def test_an_erased_person_disappears_from_suggestions(seeker, digital, skane, civic):
    profile = listed_person(digital, skane, civic)
    assert entry_for(seeker, profile.uuid) is not None
    user_erase(user=profile.user)
    assert entry_for(seeker, profile.uuid) is None


# --- never suggested --------------------------------------------------------------------


def test_never_themselves_their_organisations_needs_or_coalitions(
    seeker, digital, skane, civic
):
    own_org = seeker.organisation_memberships.get().organisation
    pending_org = OrganisationFactory(themes=[digital])
    add_org_member(pending_org, seeker, active=False)
    seeker.profile.is_listed = True
    seeker.profile.name_visibility = PUBLIC
    seeker.profile.themes_visibility = PUBLIC
    seeker.profile.save()
    today = timezone.localdate()
    own_need = NeedOfferFactory(author=seeker, themes=[digital])
    org_need = NeedOfferFactory(organisation=own_org, themes=[digital])
    closed = NeedOfferFactory(
        organisation=civic, themes=[digital], status=NeedOfferStatus.CLOSED
    )
    expired = NeedOfferFactory(
        organisation=civic,
        themes=[digital],
        expires_on=today - datetime.timedelta(days=1),
    )
    proposed = OrganisationFactory(themes=[digital], status=OrganisationStatus.PROPOSED)
    proposed_need = NeedOfferFactory(organisation=proposed, themes=[digital])
    last_day = NeedOfferFactory(organisation=civic, themes=[digital], expires_on=today)
    direct, via_org, applied, other = (
        CoalitionFactory(theme=digital) for _ in range(4)
    )
    add_coalition_member(direct, user=seeker)
    add_coalition_member(via_org, organisation=own_org)
    add_coalition_member(applied, user=seeker, active=False)

    result = suggestions_for_user(seeker, limit=ALL)
    actors = {e.item.uuid for e in result.actors}
    needs = {e.item.uuid for e in result.needs_offers}
    coalitions = {e.item.uuid for e in result.coalitions}
    assert str(seeker.profile.uuid) not in actors
    assert not {str(own_org.uuid), str(pending_org.uuid), str(proposed.uuid)} & actors
    assert str(civic.uuid) in actors
    assert (
        not {str(n.uuid) for n in (own_need, org_need, closed, expired, proposed_need)}
        & needs
    )
    assert str(last_day.uuid) in needs
    assert not {str(c.uuid) for c in (direct, via_org, applied)} & coalitions
    assert str(other.uuid) in coalitions


def test_an_organisation_is_not_offered_its_own_people_or_itself(
    seeker, digital, skane, civic
):
    colleague = listed_person(digital, skane, civic)
    add_org_member(civic, colleague.user)
    outsider = listed_person(digital, skane, None, name="Bo Utomstående")
    result = suggestions_for_organisation(civic, limit=ALL)
    actors = {e.item.uuid for e in result.actors}
    assert str(civic.uuid) not in actors
    assert str(colleague.uuid) not in actors
    assert str(outsider.uuid) in actors
    # The seeker's own organisation is public and fits: it is suggested to civic.
    assert str(seeker.organisation_memberships.get().organisation.uuid) in actors


def test_missing_profile_or_themes(seeker, civic):
    assert suggestions_for_user(UserFactory()).missing == "profile"
    seeker.profile.themes.clear()
    result = suggestions_for_user(seeker)
    assert result.missing == "themes"
    assert result.is_empty
    civic.themes.clear()
    assert suggestions_for_organisation(civic).missing == "themes"


# --- the cached index -------------------------------------------------------------------


def test_the_index_is_built_once_per_data_version(
    seeker, digital, django_assert_max_num_queries
):
    first = matching_data()
    with django_assert_max_num_queries(1):
        assert matching_data() is first
    newcomer = OrganisationFactory(themes=[digital])
    second = matching_data()
    assert second is not first
    assert any(a.uuid == str(newcomer.uuid) for a in second.index.actors.items)


@pytest.mark.parametrize(
    "change",
    [
        lambda o, d: o.themes.set([Theme.objects.exclude(pk=d.pk).first()]),
        lambda o, d: (
            type(o).objects.filter(pk=o.pk).update(status=OrganisationStatus.REJECTED)
        ),
    ],
    ids=["themes changed", "status updated in bulk"],
)
def test_changes_without_a_save_are_noticed(seeker, digital, civic, change):
    assert entry_for(seeker, civic.uuid) is not None
    change(civic, digital)
    assert entry_for(seeker, civic.uuid) is None


def test_clearing_the_cache_rebuilds(seeker):
    first = matching_data()
    selectors.matching_index_invalidate()
    assert matching_data() is not first


def test_explanations_follow_the_language_of_each_request(seeker, civic):
    with translation.override("sv"):
        swedish = entry_for(seeker, civic.uuid).explanation
    with translation.override("en"):
        english = entry_for(seeker, civic.uuid).explanation
    # The same cached index; theme and county names come in the request's language.
    assert "digital inkludering" in swedish
    assert "digital inclusion" in english
    assert "(Skåne)" in swedish
