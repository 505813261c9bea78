"""Scheduling 1:1 meetings at an event with OR-Tools CP-SAT. Pure: no Django.

Input: participants (id, sector, slots they cannot attend), requests (A about B:
must-meet, would-like or no), the slots in time order, the tables, and meetings
already published (locked: they stay where they are, table included).

Model (only requested pairs become variables):

* ``x[pair, slot]`` is 1 when the pair meets in that slot; a variable exists only
  when both people are free in the slot;
* a pair meets at most once; a person is in at most one meeting per slot; a slot
  holds at most as many meetings as there are tables;
* locked meetings are fixed to 1 and their tables are kept;
* ``z[person]`` is 1 when someone who asked for meetings gets at least one.

Objective: Σ pair weight (must 10 / would 3 per direction, so a mutual must-meet is
20) + a cross-sector bonus when both sectors are known and differ + a fairness bonus
for each person who asked and gets a meeting. A "no" from either side forbids the pair.

Tables are assigned after solving, deterministically: locked meetings keep theirs,
new meetings take the free tables in table order, sorted by the pair's ids.

How it solves, within one time limit:

1. a greedy first-come baseline (requests in creation order, first slot where both
   are free and a table is left), reported for comparison;
2. the LP relaxation of the slot-free model (GLOP): a proven upper bound, and pair
   priorities; placing pairs first-come in that order gives the first start;
3. CP-SAT over only the pairs the LP chose (a far smaller model), hinted with that
   start; what it leaves free is filled first-come in LP order;
4. CP-SAT over every requested pair, hinted with the best plan so far.

Each CP-SAT phase stops as soon as it reaches the LP bound (the plan is then proven
optimal). The bound reported is the smaller of the LP's and CP-SAT's; the result is
never worse than the baseline.
"""

from __future__ import annotations

import functools
import math
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

MUST = "must"
WOULD = "would"
NO = "no"
KINDS = (MUST, WOULD, NO)

Id = Hashable


@dataclass(frozen=True)
class Weights:
    must: int = 10
    would: int = 3
    cross_sector: int = 2
    # Large on purpose: someone's first meeting counts for more than most pairs' wishes.
    fairness: int = 30


@dataclass(frozen=True)
class Participant:
    id: Id
    sector: str | None = None
    unavailable: frozenset = frozenset()


@dataclass(frozen=True)
class Request:
    requester: Id
    target: Id
    kind: str  # MUST, WOULD or NO


@dataclass(frozen=True)
class Meeting:
    """Two participants (``a`` sorts before ``b``) at a table in a slot."""

    a: Id
    b: Id
    slot: Id
    table: Id

    @property
    def pair(self) -> tuple:
        return (self.a, self.b)


@dataclass
class Problem:
    participants: Sequence[Participant]
    requests: Sequence[Request]  # in creation order (the greedy baseline relies on it)
    slots: Sequence[Id]  # in time order
    tables: Sequence[Id]  # in assignment order
    locked: Sequence[Meeting] = ()
    weights: Weights = field(default_factory=Weights)


@dataclass
class Baseline:
    meetings: list[Meeting]
    objective: int


@dataclass
class Result:
    meetings: list[Meeting]  # locked ones included
    objective: int
    bound: int
    gap: float
    # OPTIMAL (proven), FEASIBLE (gap below), HEURISTIC (the solver found nothing
    # better than the greedy or LP-guided start in time), EMPTY (no slots or tables)
    status: str
    solve_s: float
    greedy: Baseline


class SchedulingError(ValueError):
    """The input contradicts itself (e.g. a locked meeting double-books someone)."""


def _pair(a: Id, b: Id) -> tuple:
    return (a, b) if _key(a) <= _key(b) else (b, a)


def _key(value: Id):
    # Ids may be ints or strings; sort by type name first so mixed ids still compare.
    return (type(value).__name__, value)


@dataclass
class _Prepared:
    people: dict  # id -> Participant
    weight: dict  # pair -> int (requests + cross-sector), forbidden pairs left out
    askers: set  # people with at least one must/would request to an allowed pair
    locked: list[Meeting]
    slots: list
    tables: list
    order: list  # allowed requested pairs in first-request order (for greedy)
    weights: Weights


def prepare(problem: Problem) -> _Prepared:
    w = problem.weights
    people = {p.id: p for p in problem.participants}
    slots = list(problem.slots)
    tables = list(problem.tables)
    if len(set(slots)) != len(slots) or len(set(tables)) != len(tables):
        raise SchedulingError("slots and tables must be distinct")
    forbidden: set = set()
    wish: dict = defaultdict(int)
    order: list = []
    requesters: dict = defaultdict(set)
    for r in problem.requests:
        if r.kind not in KINDS:
            raise SchedulingError(f"unknown request kind {r.kind!r}")
        if r.requester == r.target:
            continue
        if r.requester not in people or r.target not in people:
            continue
        pair = _pair(r.requester, r.target)
        if r.kind == NO:
            forbidden.add(pair)
            continue
        if pair not in wish:
            order.append(pair)
        wish[pair] += w.must if r.kind == MUST else w.would
        requesters[pair].add(r.requester)
    locked_pairs = {_pair(m.a, m.b) for m in problem.locked}
    weight: dict = {}
    for pair, value in wish.items():
        if pair in forbidden:
            continue
        a, b = people[pair[0]], people[pair[1]]
        if pair not in locked_pairs and all(
            s in a.unavailable or s in b.unavailable for s in slots
        ):
            continue  # no slot free for both: the pair can never meet
        sa, sb = people[pair[0]].sector, people[pair[1]].sector
        weight[pair] = value + (w.cross_sector if sa and sb and sa != sb else 0)
    askers = {person for pair in weight for person in requesters[pair]}
    order = [pair for pair in order if pair in weight]

    locked = [Meeting(*_pair(m.a, m.b), m.slot, m.table) for m in problem.locked]
    seen_person_slot: set = set()
    seen_table_slot: set = set()
    seen_pairs: set = set()
    slot_set, table_set = set(slots), set(tables)
    for m in locked:
        if m.a == m.b:
            raise SchedulingError("a locked meeting needs two different people")
        if m.slot not in slot_set or m.table not in table_set:
            raise SchedulingError("a locked meeting is in an unknown slot or table")
        if m.a not in people or m.b not in people:
            raise SchedulingError("a locked meeting has an unknown participant")
        for key in ((m.a, m.slot), (m.b, m.slot)):
            if key in seen_person_slot:
                raise SchedulingError("locked meetings double-book a person")
            seen_person_slot.add(key)
        if (m.table, m.slot) in seen_table_slot:
            raise SchedulingError("locked meetings double-book a table")
        seen_table_slot.add((m.table, m.slot))
        if m.pair in seen_pairs:
            raise SchedulingError("a locked pair meets twice")
        seen_pairs.add(m.pair)
    return _Prepared(people, weight, askers, locked, slots, tables, order, w)


def score(prepared: _Prepared, meetings: Iterable[Meeting], weights: Weights) -> int:
    """The objective of a schedule (locked meetings count like any other)."""
    total = 0
    met: set = set()
    for m in meetings:
        total += prepared.weight.get(m.pair, 0)
        met.update(m.pair)
    return total + weights.fairness * len(prepared.askers & met)


def _assign_tables(prepared: _Prepared, chosen: dict) -> list[Meeting]:
    """Locked meetings keep their tables; new ones take the free tables in order."""
    meetings = list(prepared.locked)
    taken = defaultdict(set)
    for m in prepared.locked:
        taken[m.slot].add(m.table)
    for slot in prepared.slots:
        pairs = sorted(chosen.get(slot, ()), key=lambda p: (_key(p[0]), _key(p[1])))
        free = (t for t in prepared.tables if t not in taken[slot])
        for pair, table in zip(pairs, free, strict=False):
            meetings.append(Meeting(pair[0], pair[1], slot, table))
    return sorted(meetings, key=_meeting_key)


def _meeting_key(m: Meeting):
    return (_key(m.slot), _key(m.table), _key(m.a), _key(m.b))


def greedy(problem: Problem, prepared: _Prepared | None = None) -> Baseline:
    """First come, first served: each requested pair, in the order of its first
    request, gets the first slot where both are free and a table is left."""
    prepared = prepared or prepare(problem)
    return _place(prepared, prepared.order)


def _place(
    prepared: _Prepared, order: Iterable[tuple], fixed: Iterable[tuple] = ()
) -> Baseline:
    """Each pair in turn gets the first slot where both are free and a table is left
    (after the locked meetings and the `fixed` (pair, slot) placements)."""
    busy: set = set()
    used = defaultdict(int)
    met_pairs = set()
    chosen: dict = defaultdict(list)
    for m in prepared.locked:
        busy.update({(m.a, m.slot), (m.b, m.slot)})
        used[m.slot] += 1
        met_pairs.add(m.pair)
    for pair, slot in fixed:
        busy.update({(pair[0], slot), (pair[1], slot)})
        used[slot] += 1
        met_pairs.add(pair)
        chosen[slot].append(pair)
    capacity = len(prepared.tables)
    for pair in order:
        if pair in met_pairs:
            continue
        a, b = (prepared.people[p] for p in pair)
        for slot in prepared.slots:
            if used[slot] >= capacity or slot in a.unavailable or slot in b.unavailable:
                continue
            if (a.id, slot) in busy or (b.id, slot) in busy:
                continue
            busy.update({(a.id, slot), (b.id, slot)})
            used[slot] += 1
            met_pairs.add(pair)
            chosen[slot].append(pair)
            break
    meetings = _assign_tables(prepared, chosen)
    return Baseline(meetings, score(prepared, meetings, prepared.weights))


def _relaxation(prepared: _Prepared) -> tuple[int | None, list | None, set | None]:
    """Upper bound and pair priorities from the LP relaxation of the slot-free model.

    Slot-free: each pair meets or not (y), a person meets at most as many people as
    they have free slots, all meetings fit in slots × tables, z ≤ Σ y for fairness.
    Every schedule is a solution of it, so its LP optimum bounds every schedule.
    """
    from ortools.linear_solver import pywraplp  # noqa: PLC0415 -- 1.3 s import, only when solving

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None, None, None
    locked_pairs = {m.pair for m in prepared.locked}
    pairs = list(prepared.weight) + [
        p for p in locked_pairs if p not in prepared.weight
    ]
    y = {}
    for pair in pairs:
        low = 1.0 if pair in locked_pairs else 0.0
        y[pair] = solver.NumVar(low, 1.0, "")
    by_person = defaultdict(list)
    for pair, var in y.items():
        by_person[pair[0]].append(var)
        by_person[pair[1]].append(var)
    locked_slots = defaultdict(set)
    for m in prepared.locked:
        locked_slots[m.a].add(m.slot)
        locked_slots[m.b].add(m.slot)
    for person, vars_ in by_person.items():
        free = {
            s
            for s in prepared.slots
            if s not in prepared.people[person].unavailable or s in locked_slots[person]
        }
        if len(vars_) > len(free):
            solver.Add(sum(vars_) <= len(free))
    solver.Add(sum(y.values()) <= len(prepared.slots) * len(prepared.tables))
    z = {}
    for person in prepared.askers:
        if by_person[person]:
            z[person] = solver.NumVar(0.0, 1.0, "")
            solver.Add(z[person] <= sum(by_person[person]))
    solver.Maximize(
        sum(prepared.weight.get(p, 0) * v for p, v in y.items())
        + prepared.weights.fairness * sum(z.values())
    )
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None, None, None
    # The objective is an integer: round the LP value down, with room for the
    # solver's tolerance so that the bound stays valid.
    bound = math.floor(
        solver.Objective().Value() + 1e-6 * max(1.0, abs(solver.Objective().Value()))
    )
    first = {pair: i for i, pair in enumerate(prepared.order)}
    order = sorted(
        (p for p in prepared.weight),
        key=lambda p: (-round(y[p].solution_value(), 6), -prepared.weight[p], first[p]),
    )
    support = {p for p in prepared.weight if y[p].solution_value() > 1e-6}
    return bound, order, support


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 30.0,
    workers: int = 2,
    seed: int = 0,
) -> Result:
    started = time.perf_counter()
    prepared = prepare(problem)
    w = problem.weights
    baseline = greedy(problem, prepared)
    if not prepared.slots or not prepared.tables:
        return Result(
            list(prepared.locked),
            baseline.objective,
            baseline.objective,
            0.0,
            "EMPTY",
            time.perf_counter() - started,
            baseline,
        )

    if not prepared.weight:
        # Nothing requested (only locked meetings, if any): nothing to decide.
        return Result(
            list(prepared.locked),
            baseline.objective,
            baseline.objective,
            0.0,
            "OPTIMAL",
            time.perf_counter() - started,
            baseline,
        )

    # The LP relaxation without slots is a proven upper bound, often much tighter
    # than what CP-SAT proves in a few seconds; its pair values, read as priorities,
    # give a start far better than first-come.
    lp_bound, lp_order, support = _relaxation(prepared)
    start = baseline
    if lp_order is not None:
        guided = _place(prepared, lp_order)
        if guided.objective > start.objective:
            start = guided

    def remaining() -> float:
        return time_limit_s - (time.perf_counter() - started)

    bounds = [b for b in (lp_bound,) if b is not None]
    # Phase 1: place only the pairs the LP chose (a much smaller model), then fill
    # what is left first-come in LP order. Often reaches the LP bound outright.
    if support is not None and remaining() > 1:
        phase = _cp_solve(
            prepared,
            [p for p in prepared.weight if p in support],
            start,
            deadline=time.perf_counter() + remaining() * 0.6,
            workers=workers,
            seed=seed,
            stop_at=lp_bound,
        )
        if phase is not None:
            filled = _place(prepared, lp_order, fixed=phase)
            if filled.objective > start.objective:
                start = filled
    status_name = "HEURISTIC"
    best = start
    # Phase 2: every requested pair, hinted with the best plan so far.
    if not (lp_bound is not None and start.objective >= lp_bound) and remaining() > 0.5:
        full = _cp_solve(
            prepared,
            list(prepared.weight),
            start,
            deadline=started + time_limit_s,
            workers=workers,
            seed=seed,
            stop_at=lp_bound,
            with_status=True,
        )
        if full is not None:
            chosen, cp_bound, cp_status = full
            if cp_bound is not None and cp_bound >= start.objective:
                bounds.append(cp_bound)
            meetings = _assign_tables(prepared, _by_slot(chosen))
            value = score(prepared, meetings, w)
            if value >= best.objective:
                best = Baseline(meetings, value)
                status_name = cp_status
    elapsed = time.perf_counter() - started
    bound = max(min(bounds), best.objective) if bounds else best.objective
    if bound == best.objective:
        status_name = "OPTIMAL"
    return Result(
        best.meetings,
        best.objective,
        bound,
        _gap(best.objective, bound),
        status_name,
        elapsed,
        baseline,
    )


def _by_slot(chosen: Iterable[tuple]) -> dict:
    grouped: dict = defaultdict(list)
    for pair, slot in chosen:
        grouped[slot].append(pair)
    return grouped


def _cp_solve(
    prepared: _Prepared,
    pairs: list,
    hint: Baseline,
    *,
    deadline: float,
    workers: int,
    seed: int,
    stop_at: int | None,
    with_status: bool = False,
):
    """CP-SAT over `pairs` (locked meetings always included): the chosen (pair, slot)
    of new meetings, or None if nothing was found in time."""
    from ortools.sat.python import cp_model  # noqa: PLC0415 -- 1.3 s import, only when solving

    w = prepared.weights
    model = cp_model.CpModel()
    locked_at = {m.pair: m.slot for m in prepared.locked}
    pairs = list(pairs) + [p for p in locked_at if p not in set(pairs)]
    x: dict = {}
    by_person_slot = defaultdict(list)
    by_slot = defaultdict(list)
    by_pair = defaultdict(list)
    for pair in pairs:
        a, b = (prepared.people[p] for p in pair)
        for slot in prepared.slots:
            if pair in locked_at:
                if locked_at[pair] != slot:
                    continue
            elif slot in a.unavailable or slot in b.unavailable:
                continue
            var = model.NewBoolVar("")
            x[pair, slot] = var
            by_person_slot[a.id, slot].append(var)
            by_person_slot[b.id, slot].append(var)
            by_slot[slot].append(var)
            by_pair[pair].append(var)
            if pair in locked_at:
                model.Add(var == 1)
    if not x:
        return None
    for vars_ in by_pair.values():
        if len(vars_) > 1:
            model.AddAtMostOne(vars_)
    for vars_ in by_person_slot.values():
        if len(vars_) > 1:
            model.AddAtMostOne(vars_)
    capacity = len(prepared.tables)
    for vars_ in by_slot.values():
        if len(vars_) > capacity:
            model.Add(sum(vars_) <= capacity)
    met_by_person = defaultdict(list)
    for pair, vars_ in by_pair.items():
        met_by_person[pair[0]].extend(vars_)
        met_by_person[pair[1]].extend(vars_)
    z = {}
    for person in prepared.askers:
        if met_by_person[person]:
            z[person] = model.NewBoolVar("")
            model.Add(z[person] <= sum(met_by_person[person]))
    model.Maximize(
        sum(prepared.weight.get(pair, 0) * var for (pair, _), var in x.items())
        + w.fairness * sum(z.values())
    )
    hinted = {(m.pair, m.slot) for m in hint.meetings}
    for key, var in x.items():
        model.AddHint(var, key in hinted)
    met = {p for m in hint.meetings if (m.pair, m.slot) in x for p in m.pair}
    for person, var in z.items():
        model.AddHint(var, person in met)

    solver = cp_model.CpSolver()
    # Building the model takes time too: the solver gets what is left of it.
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    callback = _stop_at_class()(stop_at) if stop_at is not None else None
    status = solver.Solve(model, callback)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = [
        (pair, slot)
        for (pair, slot), var in x.items()
        if pair not in locked_at and solver.BooleanValue(var)
    ]
    if not with_status:
        return chosen
    bound = math.floor(solver.BestObjectiveBound() + 1e-6)
    return chosen, bound, "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"


@functools.cache
def _stop_at_class():
    from ortools.sat.python import cp_model  # noqa: PLC0415 -- 1.3 s import, only when solving

    class StopAt(cp_model.CpSolverSolutionCallback):
        """Stops the search once a solution reaches a bound proven elsewhere."""

        def __init__(self, bound: int):
            super().__init__()
            self.bound = bound

        def on_solution_callback(self) -> None:
            if self.ObjectiveValue() >= self.bound - 1e-6:
                self.StopSearch()

    return StopAt


def _gap(objective: int, bound: int) -> float:
    if bound <= objective:
        return 0.0
    return (bound - objective) / max(1, abs(bound))


def check(problem: Problem, meetings: Iterable[Meeting]) -> list[str]:
    """Every rule a schedule must keep, as a list of what is broken (empty if none).

    Used by the tests and as a last guard before a schedule is stored."""
    prepared = prepare(problem)
    problems: list[str] = []
    person_slot, table_slot, pairs = set(), set(), set()
    per_slot = defaultdict(int)
    forbidden = {
        _pair(r.requester, r.target)
        for r in problem.requests
        if r.kind == NO and r.requester != r.target
    }
    meetings = list(meetings)
    locked_pairs = {m.pair for m in prepared.locked}
    for m in meetings:
        if m.a == m.b:
            problems.append(f"{m}: one person")
        for person in m.pair:
            if (person, m.slot) in person_slot:
                problems.append(f"{person} double-booked in {m.slot}")
            person_slot.add((person, m.slot))
            if (
                m.pair not in locked_pairs
                and m.slot in prepared.people[person].unavailable
            ):
                problems.append(f"{person} unavailable in {m.slot}")
        if (m.table, m.slot) in table_slot:
            problems.append(f"table {m.table} double-booked in {m.slot}")
        table_slot.add((m.table, m.slot))
        if m.pair in pairs:
            problems.append(f"{m.pair} meets twice")
        pairs.add(m.pair)
        if m.pair not in locked_pairs:
            if m.pair in forbidden:
                problems.append(f"{m.pair} said no")
            elif m.pair not in prepared.weight:
                problems.append(f"{m.pair} was not requested")
        per_slot[m.slot] += 1
    for slot, count in per_slot.items():
        if count > len(prepared.tables):
            problems.append(f"{count} meetings in {slot}, more than tables")
    missing = set(prepared.locked) - set(meetings)
    if missing:
        problems.append(f"locked meetings moved: {sorted(missing, key=_meeting_key)}")
    return problems
