"""`make bench`: matchmaking suggestions over 10,000 actors and 5,000 needs and offers.

How it works:

* The world is generated in memory, deterministically for a seed, straight into the
  pure engine's dataclasses (`motesplats.actors.matching`): organisations and listed
  people (some with private themes or county, as real profiles have), needs and
  offers, coalitions with questions in focus. Texts are Swedish, from the search
  benchmark's generator (`swedish_corpus.py`), written for each record's theme.
  No database is involved: this measures the ranking, not the loading (the loader
  reads a handful of bulk queries once per data version and is cached).
* `index_build_s` is the time to build the inverted indexes and TF-IDF vectors.
* Then 200 random seekers (people and organisations, their texts, themes, sector,
  county and exclusions) each ask for the three groups of five suggestions with their
  explanations, after a warm-up of 20; `p50_ms` and `p95_ms` are nearest-rank
  percentiles of one seeker's whole call.
* stdout carries one JSON line; progress goes to stderr. Target, reported not
  asserted: p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
for _path in (str(BASE_DIR), str(BENCH_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from swedish_corpus import generate  # noqa: E402

from motesplats.actors.matching import (  # noqa: E402
    Actor,
    Coalition,
    NeedOffer,
    Seeker,
)
from motesplats.actors.matching_index import MatchIndex  # noqa: E402

SECTORS = ("offentlig", "privat", "ideburen", "akademi")
COUNTIES = [
    "01",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "12",
    "13",
    "14",
    "17",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25",
]
CATEGORIES = ("partner", "competence", "method", "premises", "data", "funding")
QUESTIONS_PER_THEME = 5
WARMUP = 20
TARGET_P95_MS = 50.0


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--needs-offers", type=int, default=5_000)
    parser.add_argument("--coalitions", type=int, default=300)
    parser.add_argument("--seekers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class World:
    """The generated records, plus what seekers need to know about them."""

    def __init__(self, args: argparse.Namespace) -> None:
        rng = random.Random(args.seed)
        total = args.actors + args.needs_offers + args.coalitions
        docs = generate(total, seed=args.seed)
        theme_ids: dict[str, int] = {}

        def themes_of(doc: dict) -> frozenset[int]:
            return frozenset(
                theme_ids.setdefault(slug, len(theme_ids) + 1) for slug in doc["themes"]
            )

        def questions_of(themes: frozenset[int]) -> frozenset[int]:
            return frozenset(
                t * 10 + q for t in themes for q in range(QUESTIONS_PER_THEME)
            )

        self.questions_of = questions_of
        organisations = int(args.actors * 0.4)
        self.actors: list[Actor] = []
        for number in range(args.actors):
            doc = next(docs)
            text = f"{doc['summary']} {doc['title']}"
            if number < organisations:
                self.actors.append(
                    Actor(
                        key=f"organisation:{number}",
                        kind="organisation",
                        id=number,
                        uuid=f"o{number}",
                        name=f"Organisation {number}",
                        themes=themes_of(doc),
                        sector=rng.choice(SECTORS),
                        county=rng.choice(COUNTIES),
                        text=text,
                    )
                )
            else:
                # People choose what to show: a third keep their themes, a half their
                # county private; the loader would pass them on empty.
                self.actors.append(
                    Actor(
                        key=f"person:{number}",
                        kind="person",
                        id=number,
                        uuid=f"p{number}",
                        name=f"Person {number}",
                        themes=themes_of(doc) if rng.random() < 0.67 else frozenset(),
                        sector=rng.choice(SECTORS) if rng.random() < 0.7 else "",
                        county=rng.choice(COUNTIES) if rng.random() < 0.5 else "",
                        text=text,
                        user_id=number,
                        organisation_id=rng.randrange(organisations),
                    )
                )
        self.needs_offers: list[NeedOffer] = []
        for number in range(args.needs_offers):
            doc = next(docs)
            self.needs_offers.append(
                NeedOffer(
                    id=number,
                    uuid=f"n{number}",
                    kind=rng.choice(("need", "offer")),
                    category=rng.choice(CATEGORIES),
                    title=doc["title"],
                    text=doc["summary"],
                    themes=themes_of(doc),
                    counties=frozenset(rng.sample(COUNTIES, rng.choice((0, 1, 1, 2)))),
                    sectors_sought=frozenset(rng.sample(SECTORS, rng.randint(0, 2))),
                    organisation_id=rng.randrange(organisations),
                    author_id=rng.randrange(organisations, args.actors),
                    sector=rng.choice(SECTORS),
                )
            )
        self.coalitions: list[Coalition] = []
        for number in range(args.coalitions):
            doc = next(docs)
            themes = themes_of(doc)
            members = frozenset(rng.sample(range(organisations), rng.randint(3, 12)))
            self.coalitions.append(
                Coalition(
                    id=number,
                    uuid=f"c{number}",
                    name=doc["title"],
                    slug=f"koalition-{number}",
                    theme=min(themes),
                    questions=frozenset(
                        rng.sample(sorted(questions_of(themes)), rng.randint(1, 3))
                    ),
                    text=doc["summary"],
                    member_organisations=members,
                    sectors=frozenset(self.actors[m].sector for m in members),
                    counties=frozenset(self.actors[m].county for m in members),
                )
            )
        self.rng = rng

    def seekers(self, count: int) -> list[Seeker]:
        """Seekers are existing actors asking for their own suggestions."""
        out = []
        for actor in self.rng.sample(self.actors, count):
            themes = actor.themes or frozenset({self.rng.randint(1, 5)})
            if actor.kind == "organisation":
                out.append(
                    Seeker(
                        kind="organisation",
                        themes=themes,
                        questions=self.questions_of(themes),
                        sector=actor.sector,
                        county=actor.county,
                        text=actor.text,
                        organisation_ids=frozenset({actor.id}),
                    )
                )
            else:
                out.append(
                    Seeker(
                        kind="person",
                        themes=themes,
                        questions=self.questions_of(themes),
                        sector=actor.sector or self.rng.choice(SECTORS),
                        county=actor.county or self.rng.choice(COUNTIES),
                        text=actor.text,
                        user_id=actor.user_id,
                        organisation_ids=frozenset({actor.organisation_id}),
                    )
                )
        return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log(
        f"generating {args.actors} actors, {args.needs_offers} needs and offers, "
        f"{args.coalitions} coalitions (seed {args.seed})"
    )
    world = World(args)
    log("building the index")
    started = time.perf_counter()
    index = MatchIndex(world.actors, world.needs_offers, world.coalitions)
    index_build_s = time.perf_counter() - started
    log(f"index built in {index_build_s:.2f} s")
    seekers = world.seekers(args.seekers + WARMUP)
    for seeker in seekers[:WARMUP]:
        index.suggest(seeker)
    timings: list[float] = []
    empty = 0
    for seeker in seekers[WARMUP:]:
        started = time.perf_counter()
        found = index.suggest(seeker)
        timings.append((time.perf_counter() - started) * 1000)
        empty += not (found.needs_offers and found.actors and found.coalitions)
    record: dict[str, Any] = {
        "name": "match_suggestions",
        "actors": args.actors,
        "needs_offers": args.needs_offers,
        "coalitions": args.coalitions,
        "seekers": args.seekers,
        "p50_ms": round(percentile(timings, 0.50), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
        "index_build_s": round(index_build_s, 2),
        "seekers_with_an_empty_group": empty,
        "target_p95_ms": TARGET_P95_MS,
    }
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
