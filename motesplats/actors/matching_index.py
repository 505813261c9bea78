"""The matchmaking index: candidates from inverted indexes, scored in bulk.

Built once per data version from the engine's records (`matching`); read only
afterwards. For one seeker and each group, candidates are the items sharing a theme
(or, for coalitions, a question) and the items sharing enough text (term → items);
they are scored as arrays with the same factors and weights as the one-candidate
definitions in `matching`, and only the best few are explained. A test checks that
both rank alike.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from motesplats.actors.matching import (
    MAX_QUESTIONS,
    MIN_TOPICAL,
    NEIGHBOURS,
    R_TEXT,
    TEXT_MIN,
    W_CROSS_SECTOR,
    W_NATIONWIDE,
    W_NEIGHBOUR_COUNTY,
    W_QUESTION,
    W_SAME_COUNTY,
    W_SECTOR_MISSING,
    W_SECTOR_SOUGHT,
    W_TEXT,
    W_THEMES,
    Actor,
    Coalition,
    NeedOffer,
    Reason,
    Seeker,
    Suggestion,
    Suggestions,
    actor_allowed,
    coalition_allowed,
    need_offer_allowed,
    score_actor,
    score_coalition,
    score_need_offer,
)
from motesplats.actors.matching_text import TextIndex


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


class _Collection(ABC):
    """One group of candidates: items, their text index and their facts as arrays.

    Each group (actors, needs and offers, coalitions) says what its context score
    is (sector, place) and which items are never suggested to a seeker."""

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

    @abstractmethod
    def context(self, seeker: Seeker, cand: np.ndarray) -> np.ndarray | float:
        """The sector and place part of the score of the candidates `cand`."""

    @abstractmethod
    def excluded(self, seeker: Seeker) -> list[int]:
        """Positions of the items never suggested to `seeker`."""

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
        self.people_of = _positions(
            (p, a.organisation_id) for p, a in enumerate(actors) if a.kind == "person"
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
        out += [p for o in seeker.organisation_ids for p in self.people_of.get(o, ())]
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
