"""Explained matchmaking: the ranking engine, in plain Python (no Django, no ORM).

The selectors (`motesplats.actors.selectors.matching`) load public data into the
dataclasses below; this module builds inverted indexes over them once per data
version and, for one seeker, scores only the candidates those indexes return.

A score adds named factors. Each factor that adds to a score becomes a `Reason`
(a code and its values); the selectors turn reasons into sentences in the viewer's
language, so the explanation names exactly the factors that counted.

Text similarity is TF-IDF cosine over Swedish and English text with a light Swedish
normalisation (lowercase, letters only, stop words, naive suffix stripping).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

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
TEXT_MIN = 0.05  # a cosine below this is noise, not a reason
# Only candidates with something in common on the subject (a theme, a question or
# similar text) are suggested; sector and place alone only reorder them.
MIN_TOPICAL = 0.2

MAX_SEEKER_TERMS = 40  # the seeker's strongest terms used to find candidates
MAX_DF_SHARE = 0.5  # terms in more than this share of documents find no candidates
SHARED_WORDS_SHOWN = 3

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


# --- Text ---------------------------------------------------------------------------

_STOP_WORDS = """
    alla allt att av bara blev bli blir de dem den denna deras dess det detta dig din
    dina ditt du där då efter eller en ett fick från får för genom ha hade har hon hos
    hur här i in inom inte jag kan kunde man med mellan men mer mig min mina mitt mot
    mycket många ni nu när någon något några och om oss på samma sedan sig sin sina
    sitt själv ska skulle som så till under upp ut utan vad var vara varför vi vid
    vilka vilken vill än är även åt över också andra annat hela nya ny vår våra vårt
    er era ert där dit
    a about all also an and any are as at be been but by can do for from has have how
    in into is it its more not of on or our so than that the their them they this
    through to up was we what when which who will with you your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Longest first; one suffix is stripped per word, keeping a stem of at least 3 letters.
_SUFFIXES = """arnas ernas ornas heten heter andet arna erna orna ande ende aste ades
het ast are ade ens ets ar er or en et es a e s"""
SUFFIXES = tuple(
    sorted(
        _SUFFIXES.split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, word) pairs of a text: lowercased letters, stop words and 1–2 letter
    words dropped."""
    out = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        out.append((stem(word), word))
    return out


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
    if actor.kind == "organisation":
        return actor.id not in seeker.organisation_ids
    if seeker.user_id is not None and actor.user_id == seeker.user_id:
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


# --- Index --------------------------------------------------------------------------


class TextIndex:
    """TF-IDF vectors of one collection, with postings term → (docs, weights)."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        counts: list[Counter] = []
        surface: dict[str, Counter] = defaultdict(Counter)
        df: Counter = Counter()
        for text in texts:
            pairs = tokens(text)
            tf = Counter(s for s, _ in pairs)
            for s, w in pairs:
                surface[s][w] += 1
            counts.append(tf)
            df.update(tf.keys())
        self.idf = {
            term: math.log((self.size + 1) / (n + 1)) + 1.0 for term, n in df.items()
        }
        self.df = df
        # The word shown for a stem: its commonest spelling in this collection.
        self.word = {term: c.most_common(1)[0][0] for term, c in surface.items()}
        self.vectors: list[dict[str, float]] = []
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(
            lambda: ([], [])
        )
        for doc, tf in enumerate(counts):
            vector = self._weigh(tf)
            self.vectors.append(vector)
            for term, weight in vector.items():
                docs, weights = postings[term]
                docs.append(doc)
                weights.append(weight)
        self.postings = {
            term: (np.array(docs, dtype=np.int64), np.array(weights))
            for term, (docs, weights) in postings.items()
        }
        self.common = max(2, int(self.size * MAX_DF_SHARE))

    def _weigh(self, tf: Mapping[str, int]) -> dict[str, float]:
        vector = {
            term: (1.0 + math.log(n)) * self.idf[term]
            for term, n in tf.items()
            if term in self.idf
        }
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {t: w / norm for t, w in vector.items()} if norm else {}

    def query(self, text: str) -> dict[str, float]:
        """The seeker's vector in this collection's IDF, strongest terms only."""
        vector = self._weigh(Counter(s for s, _ in tokens(text)))
        if len(vector) > MAX_SEEKER_TERMS:
            top = heapq.nlargest(MAX_SEEKER_TERMS, vector.items(), key=lambda i: i[1])
            vector = dict(top)
        return vector

    def similarity(self, query: Mapping[str, float], doc: int) -> float:
        vector = self.vectors[doc]
        return sum(w * vector[t] for t, w in query.items() if t in vector)

    def similarities(self, query: Mapping[str, float]) -> np.ndarray:
        """Cosine of the query with every document, term at a time over postings.

        Terms in more than half of the documents are skipped: they say little and
        would touch most postings (their share of a cosine is small by IDF)."""
        scores = np.zeros(self.size)
        for term, weight in query.items():
            if self.df.get(term, 0) > self.common:
                continue
            docs, weights = self.postings[term]
            scores[docs] += weight * weights
        return scores

    def shared_words(self, query: Mapping[str, float], doc: int) -> tuple[str, ...]:
        vector = self.vectors[doc]
        shared = sorted(
            ((query[t] * vector[t], t) for t in query if t in vector), reverse=True
        )
        return tuple(self.word[t] for _, t in shared[:SHARED_WORDS_SHOWN])


class _Codes:
    """Small vocabularies (themes, sectors, counties) as columns of dense arrays."""

    def __init__(self, values: Iterable) -> None:
        self.column = {v: i for i, v in enumerate(sorted(set(values) - {""}))}

    def columns(self, values: Iterable) -> list[int]:
        return [self.column[v] for v in values if v in self.column]

    def matrix(self, sets: list[Iterable]) -> np.ndarray:
        out = np.zeros((len(sets), max(1, len(self.column))), dtype=np.int8)
        for row, values in enumerate(sets):
            out[row, self.columns(values)] = 1
        return out

    def codes(self, values: list[str]) -> np.ndarray:
        """One value per row as its column + 1; 0 for none."""
        return np.array([self.column.get(v, -1) + 1 for v in values], dtype=np.int64)


def _positions(pairs: Iterable[tuple]) -> dict:
    index: dict = defaultdict(list)
    for position, key in pairs:
        if key is not None:
            index[key].append(position)
    return index


class _Collection:
    """One group of candidates: items, their text index and their facts as arrays."""

    score_one = staticmethod(score_actor)
    allowed_one = staticmethod(actor_allowed)

    def __init__(self, items: list, texts: list[str], theme_sets: list) -> None:
        self.items = items
        self.text = TextIndex(texts)
        self.themes = _Codes(t for themes in theme_sets for t in themes)
        self.theme_matrix = self.themes.matrix(theme_sets)
        self.theme_count = self.theme_matrix.sum(axis=1)
        by_theme: dict = defaultdict(list)
        for position, themes in enumerate(theme_sets):
            for theme in themes:
                by_theme[theme].append(position)
        self.by_theme = {t: np.array(p, dtype=np.int64) for t, p in by_theme.items()}

    def _shared_themes(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray:
        columns = self.themes.columns(seeker.themes)
        if not columns:
            return np.zeros(len(cand))
        shared = self.theme_matrix[np.ix_(cand, columns)].sum(axis=1)
        count = np.maximum(self.theme_count[cand], 1)
        return W_THEMES * shared / np.sqrt(len(seeker.themes) * count)

    def extra_candidates(self, seeker: Seeker) -> list[np.ndarray]:
        return []

    def extra_topical(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray | int:
        return 0

    def context(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray | float:
        raise NotImplementedError

    def excluded(self, seeker: Seeker) -> list[int]:
        raise NotImplementedError

    def _cross_sector(self, seeker: Seeker, sector_codes: np.ndarray) -> np.ndarray:
        if not seeker.sector:
            return np.zeros(len(sector_codes))
        own = self.sectors.column.get(seeker.sector, -1) + 1
        return W_CROSS_SECTOR * ((sector_codes != 0) & (sector_codes != own))

    def rank(self, seeker: Seeker, text: str, limit: int) -> list[Suggestion]:
        query = self.text.query(text)
        sims = self.text.similarities(query) if query else np.zeros(len(self.items))
        parts = [self.by_theme[t] for t in seeker.themes if t in self.by_theme]
        parts.append(np.flatnonzero(sims >= TEXT_MIN))
        parts.extend(self.extra_candidates(seeker))
        cand = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
        if not len(cand):
            return []
        text_points = np.where(sims[cand] >= TEXT_MIN, W_TEXT * sims[cand], 0.0)
        topical = (
            self._shared_themes(seeker, cand)
            + text_points
            + self.extra_topical(seeker, cand)
        )
        score = np.where(
            topical >= MIN_TOPICAL, topical + self.context(seeker, cand), 0
        )
        excluded = self.excluded(seeker)
        if excluded:
            score[np.isin(cand, excluded)] = 0
        keep = score > 0
        cand, score = cand[keep], score[keep]
        # Best first; equal scores keep the loader's order (by name).
        order = np.lexsort((cand, -score))[:limit]
        out = []
        for position in cand[order]:
            item = self.items[position]
            points, reasons = self.score_one(seeker, item, float(sims[position]))
            reasons = [
                Reason(R_TEXT, self.text.shared_words(query, position), r.weight)
                if r.code == R_TEXT
                else r
                for r in reasons
            ]
            out.append(Suggestion(item, round(points, 6), tuple(reasons)))
        return out


class _Actors(_Collection):
    def __init__(self, actors: list[Actor]) -> None:
        super().__init__(actors, [a.text for a in actors], [a.themes for a in actors])
        self.sectors = _Codes(a.sector for a in actors)
        self.sector = self.sectors.codes([a.sector for a in actors])
        self.counties = _Codes(a.county for a in actors)
        self.county = self.counties.codes([a.county for a in actors])
        self.organisation = _positions(
            (p, a.id) for p, a in enumerate(actors) if a.kind == "organisation"
        )
        self.user = _positions((p, a.user_id) for p, a in enumerate(actors))

    def context(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray:
        points = self._cross_sector(seeker, self.sector[cand])
        if seeker.county:
            county = self.county[cand]
            same = self.counties.column.get(seeker.county, -1) + 1
            near = [
                c + 1 for c in self.counties.columns(NEIGHBOURS.get(seeker.county, ()))
            ]
            points = points + np.where(
                (county == same) & (county != 0),
                W_SAME_COUNTY,
                np.where(np.isin(county, near), W_NEIGHBOUR_COUNTY, 0.0),
            )
        return points

    def excluded(self, seeker: Seeker) -> list[int]:
        out = [p for o in seeker.organisation_ids for p in self.organisation.get(o, ())]
        for user in (seeker.user_id, *seeker.member_user_ids):
            out.extend(self.user.get(user, ()))
        return out


class _NeedsOffers(_Collection):
    score_one = staticmethod(score_need_offer)
    allowed_one = staticmethod(need_offer_allowed)

    def __init__(self, items: list[NeedOffer]) -> None:
        super().__init__(
            items, [f"{n.title}\n{n.text}" for n in items], [n.themes for n in items]
        )
        self.sectors = _Codes(
            [n.sector for n in items] + [s for n in items for s in n.sectors_sought]
        )
        self.sector = self.sectors.codes([n.sector for n in items])
        self.sought = self.sectors.matrix([n.sectors_sought for n in items])
        self.counties = _Codes(c for n in items for c in n.counties)
        self.county_matrix = self.counties.matrix([n.counties for n in items])
        self.nationwide = np.array([not n.counties for n in items], dtype=bool)
        self.id = _positions((p, n.id) for p, n in enumerate(items))
        self.organisation = _positions(
            (p, n.organisation_id) for p, n in enumerate(items)
        )
        self.author = _positions((p, n.author_id) for p, n in enumerate(items))

    def context(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray:
        points = self._cross_sector(seeker, self.sector[cand])
        if seeker.sector in self.sectors.column:
            column = self.sectors.column[seeker.sector]
            points = points + W_SECTOR_SOUGHT * self.sought[cand, column]
        nationwide = self.nationwide[cand]
        place = W_NATIONWIDE * nationwide
        if seeker.county:
            same = np.zeros(len(cand), dtype=bool)
            if seeker.county in self.counties.column:
                same = (
                    self.county_matrix[cand, self.counties.column[seeker.county]] == 1
                )
            near_columns = self.counties.columns(NEIGHBOURS.get(seeker.county, ()))
            near = np.zeros(len(cand), dtype=bool)
            if near_columns:
                near = self.county_matrix[np.ix_(cand, near_columns)].any(axis=1)
            place = place + np.where(
                same, W_SAME_COUNTY, np.where(near & ~nationwide, W_NEIGHBOUR_COUNTY, 0)
            )
        return points + place

    def excluded(self, seeker: Seeker) -> list[int]:
        out = [p for n in seeker.own_need_ids for p in self.id.get(n, ())]
        for organisation in seeker.organisation_ids:
            out.extend(self.organisation.get(organisation, ()))
        if seeker.user_id is not None:
            out.extend(self.author.get(seeker.user_id, ()))
        return out


class _Coalitions(_Collection):
    score_one = staticmethod(score_coalition)
    allowed_one = staticmethod(coalition_allowed)

    def __init__(self, items: list[Coalition]) -> None:
        super().__init__(
            items,
            [f"{c.name}\n{c.text}" for c in items],
            [frozenset({c.theme}) for c in items],
        )
        self.questions = _Codes(q for c in items for q in c.questions)
        self.question_matrix = self.questions.matrix([c.questions for c in items])
        self.by_question = {
            q: np.flatnonzero(self.question_matrix[:, col])
            for q, col in self.questions.column.items()
        }
        self.sectors = _Codes(s for c in items for s in c.sectors)
        self.sector_matrix = self.sectors.matrix([c.sectors for c in items])
        self.counties = _Codes(c for item in items for c in item.counties)
        self.county_matrix = self.counties.matrix([c.counties for c in items])
        self.id = _positions((p, c.id) for p, c in enumerate(items))
        self.user = _positions(
            (p, u) for p, c in enumerate(items) for u in c.member_users
        )
        self.organisation = _positions(
            (p, o) for p, c in enumerate(items) for o in c.member_organisations
        )

    def extra_candidates(self, seeker: Seeker) -> list[np.ndarray]:
        return [self.by_question[q] for q in seeker.questions if q in self.by_question]

    def extra_topical(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray | int:
        columns = self.questions.columns(seeker.questions)
        if not columns:
            return 0
        shared = self.question_matrix[np.ix_(cand, columns)].sum(axis=1)
        return W_QUESTION * np.minimum(shared, MAX_QUESTIONS)

    def context(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray | float:
        points = np.zeros(len(cand))
        if seeker.sector:
            if seeker.sector in self.sectors.column:
                present = self.sector_matrix[cand, self.sectors.column[seeker.sector]]
                points += W_SECTOR_MISSING * (present == 0)
            else:
                points += W_SECTOR_MISSING
        if seeker.county in self.counties.column:
            points += (
                W_SAME_COUNTY
                * self.county_matrix[cand, self.counties.column[seeker.county]]
            )
        return points

    def excluded(self, seeker: Seeker) -> list[int]:
        out = [p for c in seeker.coalition_ids for p in self.id.get(c, ())]
        if seeker.user_id is not None:
            out.extend(self.user.get(seeker.user_id, ()))
        for organisation in seeker.organisation_ids:
            out.extend(self.organisation.get(organisation, ()))
        return out


class MatchIndex:
    """Everything ranking needs, built once per data version and then only read."""

    def __init__(
        self,
        actors: Iterable[Actor] = (),
        needs_offers: Iterable[NeedOffer] = (),
        coalitions: Iterable[Coalition] = (),
    ) -> None:
        self.actors = _Actors(list(actors))
        self.needs_offers = _NeedsOffers(list(needs_offers))
        self.coalitions = _Coalitions(list(coalitions))

    def suggest(self, seeker: Seeker, limit: int = 5) -> Suggestions:
        return Suggestions(
            needs_offers=self.needs_offers.rank(seeker, seeker.text, limit),
            actors=self.actors.rank(seeker, seeker.text, limit),
            coalitions=self.coalitions.rank(seeker, seeker.text, limit),
        )
