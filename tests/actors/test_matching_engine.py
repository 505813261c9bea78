"""The pure ranking engine: text normalisation, factors, explanations' reasons,
exclusions, and the bulk scoring agreeing with the one-candidate definition."""

import dataclasses
import random

import numpy as np
import pytest

from motesplats.actors import matching as m
from motesplats.actors.matching import (
    Actor,
    Coalition,
    NeedOffer,
    Seeker,
)
from motesplats.actors.matching_index import MatchIndex
from motesplats.actors.matching_text import stem, tokens

DIGITAL, HEALTH, WORK = 1, 2, 3


def org(n, **kwargs) -> Actor:
    defaults = {
        "key": f"organisation:{n}",
        "kind": "organisation",
        "id": n,
        "uuid": f"o{n}",
        "name": f"Org {n:03d}",
        "themes": frozenset({DIGITAL}),
        "sector": "ideburen",
        "county": "12",
    }
    return Actor(**(defaults | kwargs))


def person(n, **kwargs) -> Actor:
    defaults = {
        "key": f"person:{n}",
        "kind": "person",
        "id": n,
        "uuid": f"p{n}",
        "name": f"Person {n:03d}",
        "themes": frozenset({DIGITAL}),
        "user_id": 1000 + n,
    }
    return Actor(**(defaults | kwargs))


def need(n, **kwargs) -> NeedOffer:
    defaults = {
        "id": n,
        "uuid": f"n{n}",
        "kind": "need",
        "category": "partner",
        "title": f"Need {n:03d}",
        "themes": frozenset({DIGITAL}),
        "counties": frozenset({"12"}),
    }
    return NeedOffer(**(defaults | kwargs))


def coalition(n, **kwargs) -> Coalition:
    defaults = {
        "id": n,
        "uuid": f"c{n}",
        "name": f"Coalition {n:03d}",
        "slug": f"c-{n}",
        "theme": DIGITAL,
    }
    return Coalition(**(defaults | kwargs))


SEEKER = Seeker(
    kind="organisation",
    themes=frozenset({DIGITAL}),
    sector="offentlig",
    county="12",
    organisation_ids=frozenset({999}),
)


def codes(suggestion) -> list[str]:
    return [r.code for r in suggestion.reasons]


# --- text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("förening", "föreningen", "föreningar", "föreningarna", "föreningens"),
        ("bibliotek", "biblioteket", "biblioteken", "bibliotekets"),
        ("inkludering", "inkluderingen"),
        ("digital", "digitala"),
        ("kvinnor", "kvinnorna"),
    ],
)
def test_inflections_share_a_stem(forms):
    assert len({stem(f) for f in forms}) == 1


def test_tokens_lowercase_drop_stop_words_digits_and_punctuation():
    pairs = tokens("Vi och VÅRA föreningar, i Malmö 2026: bibliotek!")
    assert [w for _, w in pairs] == ["föreningar", "malmö", "bibliotek"]


def test_text_similarity_finds_inflected_words_and_names_them():
    index = MatchIndex(
        actors=[
            org(
                1, themes=frozenset(), text="Vi driver digitala caféer på biblioteken."
            ),
            org(2, themes=frozenset(), text="Vi bygger bostäder för äldre."),
        ]
    )
    seeker = Seeker(
        kind="person", text="Digital vardagshjälp på biblioteket", user_id=5
    )
    found = index.suggest(seeker).actors
    assert [s.item.id for s in found] == [1]
    (reason,) = found[0].reasons
    assert reason.code == m.R_TEXT
    assert set(reason.values) == {"digitala", "biblioteken"}


# --- factors and their reasons ------------------------------------------------------


def test_reasons_are_exactly_the_factors_that_counted():
    index = MatchIndex(actors=[org(1)])
    (found,) = index.suggest(SEEKER).actors
    assert codes(found) == [m.R_THEMES, m.R_CROSS_SECTOR, m.R_SAME_COUNTY]
    assert found.score == pytest.approx(sum(r.weight for r in found.reasons))
    assert found.reasons[1].values == ("ideburen",)

    # Same sector, other county, no shared words: only the theme remains.
    index = MatchIndex(actors=[org(1, sector="offentlig", county="25")])
    (found,) = index.suggest(SEEKER).actors
    assert codes(found) == [m.R_THEMES]
    assert found.score == pytest.approx(m.W_THEMES)


def test_unknown_sector_or_county_gives_no_reason():
    index = MatchIndex(actors=[person(1, sector="", county="")])
    (found,) = index.suggest(SEEKER).actors
    assert codes(found) == [m.R_THEMES]


def test_sector_and_county_alone_suggest_nothing():
    index = MatchIndex(actors=[org(1, themes=frozenset({HEALTH}))])
    assert index.suggest(SEEKER).actors == []


def test_cross_sector_ranked_above_same_sector_all_else_equal():
    # "Org 001" would win the tie by name; being from another sector wins instead.
    index = MatchIndex(actors=[org(1, sector="offentlig"), org(2, sector="akademi")])
    found = index.suggest(SEEKER).actors
    assert [s.item.id for s in found] == [2, 1]
    assert found[0].score - found[1].score == pytest.approx(m.W_CROSS_SECTOR)


def test_same_county_above_neighbour_above_far():
    index = MatchIndex(
        actors=[
            org(1, sector="offentlig", county="25"),  # Norrbotten
            org(2, sector="offentlig", county="13"),  # Halland borders Skåne
            org(3, sector="offentlig", county="12"),
        ]
    )
    found = index.suggest(SEEKER).actors
    assert [s.item.id for s in found] == [3, 2, 1]
    assert codes(found[1])[-1] == m.R_NEIGHBOUR_COUNTY
    assert found[1].reasons[-1].values == ("13",)


def test_shared_themes_rank_by_overlap():
    seeker = Seeker(kind="person", themes=frozenset({DIGITAL, HEALTH}), user_id=1)
    index = MatchIndex(
        actors=[
            org(1, themes=frozenset({DIGITAL, WORK})),
            org(2, themes=frozenset({DIGITAL, HEALTH})),
        ]
    )
    found = index.suggest(seeker).actors
    assert [s.item.id for s in found] == [2, 1]
    assert found[0].reasons[0].values == (DIGITAL, HEALTH)
    assert found[1].reasons[0].values == (DIGITAL,)


def test_need_seeking_the_seekers_sector_is_ranked_up_strongly():
    index = MatchIndex(
        needs_offers=[
            need(1, sectors_sought=frozenset({"akademi"})),
            need(2, sectors_sought=frozenset({"offentlig"}), counties=frozenset()),
        ]
    )
    found = index.suggest(SEEKER).needs_offers
    # Need 2 is nationwide, need 1 is in the seeker's county: the sought sector
    # outweighs the place.
    assert [s.item.id for s in found] == [2, 1]
    assert codes(found[0]) == [m.R_THEMES, m.R_SECTOR_SOUGHT, m.R_NATIONWIDE]
    assert codes(found[1]) == [m.R_THEMES, m.R_SAME_COUNTY]


def test_need_from_another_sector_and_a_neighbouring_county():
    index = MatchIndex(
        needs_offers=[need(1, sector="privat", counties=frozenset({"07", "25"}))]
    )
    (found,) = index.suggest(SEEKER).needs_offers
    assert codes(found) == [m.R_THEMES, m.R_CROSS_SECTOR, m.R_NEIGHBOUR_COUNTY]
    assert found.reasons[-1].values == ("07",)


def test_coalition_questions_missing_sector_and_members_nearby():
    seeker = Seeker(
        kind="person",
        themes=frozenset({HEALTH}),
        questions=frozenset({21, 22}),
        sector="offentlig",
        county="12",
        user_id=1,
    )
    index = MatchIndex(
        coalitions=[
            # Another theme, but works on one of the questions of the seeker's theme.
            coalition(1, questions=frozenset({22, 31}), sectors=frozenset({"akademi"})),
            coalition(
                2,
                theme=HEALTH,
                sectors=frozenset({"offentlig"}),
                counties=frozenset({"12"}),
            ),
        ]
    )
    found = {s.item.id: s for s in index.suggest(seeker).coalitions}
    assert codes(found[1]) == [m.R_QUESTIONS, m.R_SECTOR_MISSING]
    assert found[1].reasons[0].values == (22,)
    assert codes(found[2]) == [m.R_THEMES, m.R_SAME_COUNTY]


# --- exclusions ---------------------------------------------------------------------


def test_never_the_seeker_their_organisation_needs_or_coalitions():
    seeker = Seeker(
        kind="person",
        themes=frozenset({DIGITAL}),
        user_id=1001,
        organisation_ids=frozenset({5}),
        coalition_ids=frozenset({1}),
        own_need_ids=frozenset({1}),
    )
    index = MatchIndex(
        actors=[
            person(1),  # themselves
            org(5),
            person(3, organisation_id=5),  # a colleague
            person(2, organisation_id=6),
            org(6),
        ],
        needs_offers=[
            need(1),  # listed as their own
            need(2, author_id=1001),  # written by them
            need(3, organisation_id=5),  # their organisation's
            need(4),
        ],
        coalitions=[
            coalition(1),  # already in
            coalition(2, member_users=frozenset({1001})),
            coalition(3, member_organisations=frozenset({5})),
            coalition(4),
        ],
    )
    found = index.suggest(seeker, limit=10)
    assert {s.item.key for s in found.actors} == {"person:2", "organisation:6"}
    assert [s.item.id for s in found.needs_offers] == [4]
    assert [s.item.id for s in found.coalitions] == [4]


def test_an_organisation_is_not_offered_its_own_people():
    seeker = dataclasses.replace(SEEKER, member_user_ids=frozenset({1001}))
    index = MatchIndex(actors=[person(1), person(2)])
    assert [s.item.id for s in index.suggest(seeker).actors] == [2]


def test_limit_and_empty_seeker():
    index = MatchIndex(actors=[org(n) for n in range(20)])
    assert len(index.suggest(SEEKER, limit=5).actors) == 5
    assert not index.suggest(Seeker(kind="person", user_id=1))


# --- the bulk scoring agrees with the definition ---------------------------------------

WORDS = [
    "digital",
    "inkludering",
    "bibliotek",
    "förening",
    "äldre",
    "unga",
    "hälsa",
    "arbete",
    "skola",
    "trygghet",
    "kommun",
    "region",
    "forskning",
    "metod",
    "data",
    "lokaler",
    "volontärer",
    "samverkan",
]


def _random_world(rng: random.Random):
    themes = [1, 2, 3, 4]
    sectors = ["offentlig", "privat", "ideburen", "akademi", ""]
    counties = ["01", "03", "12", "13", "07", "25", ""]

    def some(values, most):
        return frozenset(rng.sample(values, rng.randint(0, most)))

    def text():
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8)))

    actors = [
        org(
            n,
            themes=some(themes, 3),
            sector=rng.choice(sectors[:4]),
            county=rng.choice(counties),
            text=text(),
        )
        for n in range(30)
    ] + [
        person(
            n,
            themes=some(themes, 2),
            sector=rng.choice(sectors),
            county=rng.choice(counties),
            text=text(),
            user_id=n,
        )
        for n in range(30, 60)
    ]
    needs = [
        need(
            n,
            themes=some(themes, 2) or frozenset({1}),
            text=text(),
            counties=some([c for c in counties if c], 2),
            sectors_sought=some(sectors[:4], 2),
            sector=rng.choice(sectors),
            organisation_id=rng.randrange(30),
            author_id=rng.randrange(30, 60),
        )
        for n in range(40)
    ]
    coalitions = [
        coalition(
            n,
            theme=rng.choice(themes),
            text=text(),
            questions=some([10 * t + q for t in themes for q in range(3)], 3),
            sectors=some(sectors[:4], 3),
            counties=some([c for c in counties if c], 2),
            member_organisations=some(list(range(30)), 3),
        )
        for n in range(15)
    ]
    seeker_themes = some(themes, 2)
    seeker = Seeker(
        kind=rng.choice(["person", "organisation"]),
        themes=seeker_themes,
        questions=frozenset(10 * t + q for t in seeker_themes for q in range(3)),
        sector=rng.choice(sectors),
        county=rng.choice(counties),
        text=text(),
        user_id=rng.randrange(30, 60),
        organisation_ids=some(list(range(30)), 2),
        coalition_ids=some(list(range(15)), 2),
    )
    return MatchIndex(actors, needs, coalitions), seeker


@pytest.mark.parametrize("seed", range(40))
def test_bulk_ranking_equals_scoring_every_candidate_one_by_one(seed):
    index, seeker = _random_world(random.Random(seed))
    found = index.suggest(seeker, limit=100)
    for collection, got in (
        (index.actors, found.actors),
        (index.needs_offers, found.needs_offers),
        (index.coalitions, found.coalitions),
    ):
        query = collection.text.query(seeker.text)
        sims = (
            collection.text.similarities(query)
            if query
            else np.zeros(len(collection.items))
        )
        expected = []
        for position, item in enumerate(collection.items):
            if not collection.allowed_one(seeker, item):
                continue
            score, _ = collection.score_one(seeker, item, float(sims[position]))
            if score > 0:
                expected.append((-round(score, 6), position, item))
        expected.sort(key=lambda e: (e[0], e[1]))
        assert [s.item for s in got] == [item for _, _, item in expected]
        assert [s.score for s in got] == pytest.approx([-s for s, _, _ in expected])


def test_the_random_worlds_do_suggest_things():
    # Guards the test above against comparing empty lists.
    sizes = []
    for seed in range(40):
        index, seeker = _random_world(random.Random(seed))
        found = index.suggest(seeker, limit=100)
        sizes.append(
            len(found.actors) + len(found.needs_offers) + len(found.coalitions)
        )
    assert sum(1 for s in sizes if s >= 10) >= 25


def test_everyday_words_in_common_are_no_reason():
    index = MatchIndex(
        actors=[
            org(
                1, themes=frozenset(), text="Vi söker partner och arbetar tillsammans."
            ),
            org(2, themes=frozenset(), text="Vi söker lokaler för kulturcaféer."),
        ]
    )
    seeker = Seeker(
        kind="person", text="Jag söker nya kontakter, vi arbetar tillsammans", user_id=5
    )
    assert index.suggest(seeker).actors == []
