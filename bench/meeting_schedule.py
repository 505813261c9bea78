"""`make bench`: the 1:1 meeting scheduler (CP-SAT) against a greedy first-come schedule.

A deterministic instance: 600 participants in four sectors, 3,000 requests (must-meet,
would-like, no; popular people get more, some requests are returned), 12 slots, 60
tables, a few people unavailable in a slot or two. Solved with a 30 s limit on 2
workers. Prints one JSON line:

  {"name": "meeting_schedule", "participants": 600, "requests": 3000, "slots": 12,
   "tables": 60, "solve_s": …, "scheduled": …, "objective": …, "bound": …, "gap": …,
   "greedy_scheduled": …, "greedy_objective": …, "status": …, ...}

Target (reported, not asserted): gap ≤ 0.01 within 30 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from motesplats.events import meeting_scheduler as ms  # noqa: E402

SECTORS = ("public", "private", "civil", "academia")
MUST_CAP = 10


def instance(
    *,
    participants: int = 600,
    requests: int = 3000,
    slots: int = 12,
    tables: int = 60,
    seed: int = 5,
) -> ms.Problem:
    """The same instance for the same arguments, on every machine."""
    rng = random.Random(seed)
    people = []
    for pid in range(1, participants + 1):
        unavailable = frozenset()
        if rng.random() < 0.1:
            unavailable = frozenset(rng.sample(range(slots), rng.randint(1, 2)))
        people.append(ms.Participant(pid, rng.choice(SECTORS), unavailable))
    # Popularity: a few people are asked for much more often (a long tail).
    popularity = [1.0 / (rank**0.6) for rank in range(1, participants + 1)]
    rng.shuffle(popularity)
    ids = [p.id for p in people]
    made: list[ms.Request] = []
    seen: set = set()
    musts: dict = {}
    while len(made) < requests:
        if made and rng.random() < 0.2:
            # A returned request: the target answers the requester.
            back = made[rng.randrange(len(made))]
            a, b = back.target, back.requester
        else:
            a = rng.choice(ids)
            b = rng.choices(ids, weights=popularity)[0]
        if a == b or (a, b) in seen:
            continue
        roll = rng.random()
        kind = ms.MUST if roll < 0.3 else ms.WOULD if roll < 0.93 else ms.NO
        if kind == ms.MUST:
            if musts.get(a, 0) >= MUST_CAP:
                kind = ms.WOULD
            else:
                musts[a] = musts.get(a, 0) + 1
        seen.add((a, b))
        made.append(ms.Request(a, b, kind))
    return ms.Problem(people, made, list(range(slots)), list(range(1, tables + 1)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=600)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--tables", type=int, default=60)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    problem = instance(
        participants=args.participants,
        requests=args.requests,
        slots=args.slots,
        tables=args.tables,
        seed=args.seed,
    )
    result = ms.solve(problem, time_limit_s=args.time_limit, workers=args.workers)
    broken = ms.check(problem, result.meetings)
    asked = ms.prepare(problem).askers
    met = {p for m in result.meetings for p in m.pair}
    greedy_met = {p for m in result.greedy.meetings for p in m.pair}
    figure = {
        "name": "meeting_schedule",
        "participants": args.participants,
        "requests": args.requests,
        "slots": args.slots,
        "tables": args.tables,
        "solve_s": round(result.solve_s, 2),
        "scheduled": len(result.meetings),
        "objective": result.objective,
        "bound": result.bound,
        "gap": round(result.gap, 5),
        "greedy_scheduled": len(result.greedy.meetings),
        "greedy_objective": result.greedy.objective,
        "status": result.status,
        "objective_vs_greedy": round(
            result.objective / max(1, result.greedy.objective), 3
        ),
        "asked": len(asked),
        "asked_with_meeting": len(asked & met),
        "greedy_asked_with_meeting": len(asked & greedy_met),
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "violations": len(broken),
    }
    print(json.dumps(figure), flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
