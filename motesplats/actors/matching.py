"""Explained matchmaking: the ranking engine's definitions, in plain Python (no Django).

The selectors (`motesplats.actors.selectors.matching_data`) load public data into
the dataclasses below; `matching_index.MatchIndex` builds inverted indexes over them
once per data version and, for one seeker, scores only the candidates those indexes
return, in bulk, exactly as the one-candidate functions here define.

A score adds named factors (weights below). Each factor that adds to a score becomes
a `Reason` (a code and its values); the selectors turn reasons into sentences in the
viewer's language, so the explanation names exactly the factors that counted.

Text similarity (`matching_text`) is TF-IDF cosine over Swedish and English text with
a light Swedish normalisation (lowercase, letters only, stop words, naive suffix
stripping).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# --- Weights (one place to tune; the quality test in tests/actors pins the result) ---
W_THEMES = 3.0  # times the cosine of the two theme sets (1.0 when they are equal)
W_QUESTION = 1.0  # per question in focus shared with a coalition …
MAX_QUESTIONS = 3  # … counting at most this many
W_CROSS_SECTOR = 1.0  # the candidate is from another sector than the seeker
W_SECTOR_SOUGHT = 2.5  # a need or offer wants to reach the seeker's sector
W_SECTOR_MISSING = 1.0  # a coalition has no member from the seeker's sector yet
W_SAME_COUNTY = 1.5
W_NEIGHBOUR_COUNTY = 0.75
W_NATIONWIDE = 0.4  # a need or offer open to the whole country
W_TEXT = 4.0  # times the TF-IDF cosine of the two texts
TEXT_MIN = 0.08  # a cosine below this is noise, not a reason
# Only candidates with something in common on the subject (a theme, a question or
# similar text) are suggested; sector and place alone only reorder them. Any shared
# theme passes (at least 3 / 5 with five themes on both sides); text alone needs a
# cosine of 0.125, so one shared everyday word is not enough.
MIN_TOPICAL = 0.5


# --- Reason codes (the selectors translate them) ---
R_THEMES = "themes"  # values: shared theme ids
R_QUESTIONS = "questions"  # values: shared question ids
R_CROSS_SECTOR = "cross_sector"  # values: (candidate's sector,)
R_SECTOR_SOUGHT = "sector_sought"  # values: (seeker's sector,)
R_SECTOR_MISSING = "sector_missing"  # values: (seeker's sector,)
R_SAME_COUNTY = "same_county"  # values: (county,)
R_NEIGHBOUR_COUNTY = "neighbour_county"  # values: (the candidate's county,)
R_NATIONWIDE = "nationwide"  # values: ()
R_TEXT = "text"  # values: shared words, strongest first

# Swedish counties by code and the counties they border (land borders and bridges
# people use; Gotland borders none).
_BORDERS = {
    "01": ("03", "04"),
    "03": ("01", "19", "21"),
    "04": ("01", "05", "18", "19"),
    "05": ("04", "06", "08", "18"),
    "06": ("05", "07", "08", "13", "14"),
    "07": ("06", "08", "10", "12", "13"),
    "08": ("05", "06", "07", "10"),
    "10": ("07", "08", "12"),
    "12": ("07", "10", "13"),
    "13": ("06", "07", "12", "14"),
    "14": ("06", "13", "17", "18"),
    "17": ("14", "18", "20"),
    "18": ("04", "05", "14", "17", "19", "20"),
    "19": ("03", "04", "18", "20"),
    "20": ("17", "18", "19", "21", "23"),
    "21": ("03", "20", "22", "23"),
    "22": ("21", "23", "24"),
    "23": ("20", "21", "22", "24"),
    "24": ("22", "23", "25"),
    "25": ("24",),
}
NEIGHBOURS: dict[str, frozenset[str]] = {}
for _code, _near in _BORDERS.items():
    for _other in _near:
        NEIGHBOURS.setdefault(_code, frozenset())
        NEIGHBOURS[_code] |= {_other}
        NEIGHBOURS[_other] = NEIGHBOURS.get(_other, frozenset()) | {_code}


# --- Data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """An approved organisation, or a listed person with only their public fields."""

    key: str  # "organisation:12" / "person:7"
    kind: str  # "organisation" | "person"
    id: int  # organisation id / profile id
    uuid: str
    name: str
    themes: frozenset[int] = frozenset()
    sector: str = ""  # sector slug, "" when unknown or not public
    county: str = ""  # county code, "" when unknown or not public
    text: str = ""
    user_id: int | None = None  # a person's account
    organisation_id: int | None = None  # a person's public organisation
    subtitle: str = ""  # a person's public title / organisation name


@dataclass(frozen=True)
class NeedOffer:
    """An open, unexpired need or offer."""

    id: int
    uuid: str
    kind: str  # "need" | "offer"
    category: str
    title: str
    text: str = ""
    themes: frozenset[int] = frozenset()
    counties: frozenset[str] = frozenset()  # empty: the whole country
    sectors_sought: frozenset[str] = frozenset()
    organisation_id: int | None = None
    organisation_name: str = ""
    author_id: int | None = None
    sector: str = ""  # the posting organisation's sector
    expires_on: object = None

    @property
    def key(self) -> str:
        return f"needoffer:{self.id}"


@dataclass(frozen=True)
class Coalition:
    """An active coalition, its questions and the make-up of its members."""

    id: int
    uuid: str
    name: str
    slug: str
    theme: int
    questions: frozenset[int] = frozenset()
    text: str = ""
    member_organisations: frozenset[int] = frozenset()
    member_users: frozenset[int] = frozenset()
    sectors: frozenset[str] = frozenset()  # sectors of its member organisations
    counties: frozenset[str] = frozenset()  # counties of its member organisations
    access: str = ""

    @property
    def key(self) -> str:
        return f"coalition:{self.id}"


@dataclass(frozen=True)
class Seeker:
    """Who the suggestions are for: a person (their own data, private included) or an
    organisation, with everything to leave out."""

    kind: str  # "person" | "organisation"
    themes: frozenset[int] = frozenset()
    questions: frozenset[int] = frozenset()  # the questions of the seeker's themes
    sector: str = ""
    county: str = ""
    text: str = ""
    user_id: int | None = None
    organisation_ids: frozenset[int] = frozenset()  # own organisation(s)
    member_user_ids: frozenset[int] = frozenset()  # an organisation's own people
    coalition_ids: frozenset[int] = frozenset()  # coalitions already in (or applied)
    own_need_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Reason:
    code: str
    values: tuple = ()
    weight: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    item: Actor | NeedOffer | Coalition
    score: float
    reasons: tuple[Reason, ...]

    @property
    def kind(self) -> str:
        item = self.item
        return item.kind if isinstance(item, Actor | NeedOffer) else "coalition"


@dataclass
class Suggestions:
    needs_offers: list[Suggestion] = field(default_factory=list)
    actors: list[Suggestion] = field(default_factory=list)
    coalitions: list[Suggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.needs_offers or self.actors or self.coalitions)


# --- Scoring one candidate: the definition (the index computes the same in bulk) ----


def _theme_points(seeker: Seeker, themes: frozenset[int]) -> tuple[float, frozenset]:
    shared = seeker.themes & themes
    if not shared:
        return 0.0, shared
    return W_THEMES * len(shared) / math.sqrt(len(seeker.themes) * len(themes)), (
        shared
    )


def _topical(
    seeker: Seeker, themes: frozenset[int], text: float, reasons: list[Reason]
) -> float:
    points, shared = _theme_points(seeker, themes)
    if shared:
        reasons.append(Reason(R_THEMES, tuple(sorted(shared)), points))
    if text >= TEXT_MIN:
        points += W_TEXT * text
        reasons.append(Reason(R_TEXT, (), W_TEXT * text))
    return points


def _county_reason(seeker: Seeker, county: str) -> Reason | None:
    if not seeker.county or not county:
        return None
    if county == seeker.county:
        return Reason(R_SAME_COUNTY, (county,), W_SAME_COUNTY)
    if county in NEIGHBOURS.get(seeker.county, ()):
        return Reason(R_NEIGHBOUR_COUNTY, (county,), W_NEIGHBOUR_COUNTY)
    return None


# The order reasons are told in: the subject first, then who, then where, then words.
REASON_ORDER = {
    code: rank
    for rank, code in enumerate(
        (
            R_THEMES,
            R_QUESTIONS,
            R_SECTOR_SOUGHT,
            R_CROSS_SECTOR,
            R_SECTOR_MISSING,
            R_SAME_COUNTY,
            R_NEIGHBOUR_COUNTY,
            R_NATIONWIDE,
            R_TEXT,
        )
    )
}


def _total(topical: float, reasons: list[Reason]) -> tuple[float, list[Reason]]:
    if topical < MIN_TOPICAL:
        return 0.0, []
    reasons.sort(key=lambda r: REASON_ORDER[r.code])
    return sum(r.weight for r in reasons), reasons


def score_actor(seeker: Seeker, actor: Actor, text: float) -> tuple[float, list]:
    reasons: list[Reason] = []
    topical = _topical(seeker, actor.themes, text, reasons)
    if seeker.sector and actor.sector and actor.sector != seeker.sector:
        reasons.append(Reason(R_CROSS_SECTOR, (actor.sector,), W_CROSS_SECTOR))
    county = _county_reason(seeker, actor.county)
    if county:
        reasons.append(county)
    return _total(topical, reasons)


def score_need_offer(seeker: Seeker, need: NeedOffer, text: float) -> tuple:
    reasons: list[Reason] = []
    topical = _topical(seeker, need.themes, text, reasons)
    if seeker.sector and seeker.sector in need.sectors_sought:
        reasons.append(Reason(R_SECTOR_SOUGHT, (seeker.sector,), W_SECTOR_SOUGHT))
    if seeker.sector and need.sector and need.sector != seeker.sector:
        reasons.append(Reason(R_CROSS_SECTOR, (need.sector,), W_CROSS_SECTOR))
    if not need.counties:
        reasons.append(Reason(R_NATIONWIDE, (), W_NATIONWIDE))
    elif seeker.county in need.counties:
        reasons.append(Reason(R_SAME_COUNTY, (seeker.county,), W_SAME_COUNTY))
    elif seeker.county:
        near = sorted(need.counties & NEIGHBOURS.get(seeker.county, frozenset()))
        if near:
            reasons.append(Reason(R_NEIGHBOUR_COUNTY, (near[0],), W_NEIGHBOUR_COUNTY))
    return _total(topical, reasons)


def score_coalition(seeker: Seeker, coalition: Coalition, text: float) -> tuple:
    reasons: list[Reason] = []
    topical = _topical(seeker, frozenset({coalition.theme}), text, reasons)
    questions = seeker.questions & coalition.questions
    if questions:
        points = W_QUESTION * min(len(questions), MAX_QUESTIONS)
        topical += points
        reasons.append(Reason(R_QUESTIONS, tuple(sorted(questions)), points))
    if seeker.sector and seeker.sector not in coalition.sectors:
        reasons.append(Reason(R_SECTOR_MISSING, (seeker.sector,), W_SECTOR_MISSING))
    if seeker.county and seeker.county in coalition.counties:
        reasons.append(Reason(R_SAME_COUNTY, (seeker.county,), W_SAME_COUNTY))
    return _total(topical, reasons)


def actor_allowed(seeker: Seeker, actor: Actor) -> bool:
    """Not the seeker, their organisation, nor its people (colleagues are not new
    contacts: known by membership for an organisation, by the public profile for a
    person)."""
    if actor.kind == "organisation":
        return actor.id not in seeker.organisation_ids
    if seeker.user_id is not None and actor.user_id == seeker.user_id:
        return False
    if actor.organisation_id is not None and (
        actor.organisation_id in seeker.organisation_ids
    ):
        return False
    return actor.user_id not in seeker.member_user_ids


def need_offer_allowed(seeker: Seeker, need: NeedOffer) -> bool:
    if need.id in seeker.own_need_ids or need.organisation_id in (
        seeker.organisation_ids
    ):
        return False
    return seeker.user_id is None or need.author_id != seeker.user_id


def coalition_allowed(seeker: Seeker, coalition: Coalition) -> bool:
    if coalition.id in seeker.coalition_ids:
        return False
    if seeker.user_id is not None and seeker.user_id in coalition.member_users:
        return False
    return not (seeker.organisation_ids & coalition.member_organisations)
