"""The 1:1 meeting scheduler (pure, CP-SAT): its rules on random instances, optimality
against brute force on tiny ones, the greedy baseline, locked meetings, fairness."""

import itertools
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.meeting_schedule import instance
from motesplats.events import meeting_scheduler as ms

SECTORS = (None, "public", "private", "civil")


@st.composite
def problems(draw, max_people=7, max_slots=3, max_tables=3, max_requests=14):
    n = draw(st.integers(2, max_people))
    slot_count = draw(st.integers(1, max_slots))
    slots = [f"s{i}" for i in range(slot_count)]
    tables = list(range(1, draw(st.integers(1, max_tables)) + 1))
    people = [
        ms.Participant(
            pid,
            draw(st.sampled_from(SECTORS)),
            frozenset(draw(st.sets(st.sampled_from(slots), max_size=slot_count))),
        )
        for pid in range(1, n + 1)
    ]
    ids = [p.id for p in people]
    requests = draw(
        st.lists(
            st.builds(
                ms.Request,
                st.sampled_from(ids),
                st.sampled_from(ids),
                st.sampled_from(ms.KINDS),
            ),
            max_size=max_requests,
        )
    )
    return ms.Problem(people, requests, slots, tables)


def brute_force(problem: ms.Problem) -> int:
    """The best objective over every way of giving each requested pair a slot or none."""
    prepared = ms.prepare(problem)
    pairs = list(prepared.weight)
    people = prepared.people
    best = None
    options = [
        [None]
        + [
            s
            for s in problem.slots
            if s not in people[p[0]].unavailable and s not in people[p[1]].unavailable
        ]
        for p in pairs
    ]
    for choice in itertools.product(*options):
        busy, per_slot, ok = set(), defaultdict(int), True
        meetings = []
        for pair, slot in zip(pairs, choice, strict=True):
            if slot is None:
                continue
            if (pair[0], slot) in busy or (pair[1], slot) in busy:
                ok = False
                break
            busy.update({(pair[0], slot), (pair[1], slot)})
            per_slot[slot] += 1
            if per_slot[slot] > len(problem.tables):
                ok = False
                break
            meetings.append(ms.Meeting(pair[0], pair[1], slot, None))
        if ok:
            value = ms.score(prepared, meetings, problem.weights)
            best = value if best is None else max(best, value)
    return best


FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(problems())
def test_random_schedules_keep_every_rule(problem):
    result = ms.solve(problem, time_limit_s=5, workers=2)
    assert ms.check(problem, result.meetings) == []
    # The same rules, spelled out rather than trusted to check().
    seen_person, seen_table, seen_pair = set(), set(), set()
    forbidden = {
        frozenset((r.requester, r.target)) for r in problem.requests if r.kind == ms.NO
    }
    for m in result.meetings:
        assert m.a != m.b
        for person in m.pair:
            assert (person, m.slot) not in seen_person
            seen_person.add((person, m.slot))
        assert (m.table, m.slot) not in seen_table
        assert m.table in problem.tables
        seen_table.add((m.table, m.slot))
        assert frozenset(m.pair) not in seen_pair
        seen_pair.add(frozenset(m.pair))
        assert frozenset(m.pair) not in forbidden
    assert result.greedy.objective <= result.objective <= result.bound
    assert ms.check(problem, result.greedy.meetings) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=6, max_slots=3, max_tables=2, max_requests=8))
def test_optimal_on_tiny_instances_equals_brute_force(problem):
    result = ms.solve(problem, time_limit_s=10, workers=2)
    assert result.status in ("OPTIMAL", "EMPTY")
    assert result.objective == brute_force(problem)
    assert result.gap == 0.0


def test_a_pair_without_a_common_free_slot_is_proven_optimal_at_zero():
    # Found by Hypothesis: the two who asked are never free at the same time, so no
    # schedule can do better than none, and the result must say so (not "heuristic").
    problem = ms.Problem(
        participants=[
            ms.Participant(id=1, sector=None, unavailable=frozenset()),
            ms.Participant(id=2, sector=None, unavailable=frozenset({"s0"})),
            ms.Participant(id=3, sector=None, unavailable=frozenset({"s1", "s2"})),
        ],
        requests=[ms.Request(2, 3, "must")],
        slots=["s0", "s1", "s2"],
        tables=[1],
        locked=(),
        weights=ms.Weights(must=10, would=3, cross_sector=2, fairness=30),
    )
    result = ms.solve(problem, time_limit_s=5, workers=2)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 0, 0)
    assert result.meetings == []


@FAST
@given(problems(), st.data())
def test_rerun_keeps_locked_meetings_in_place(problem, data):
    first = ms.solve(problem, time_limit_s=5, workers=2)
    locked = data.draw(
        st.lists(st.sampled_from(first.meetings), unique=True)
        if first.meetings
        else st.just([])
    )
    # Wishes change after publication, even into a "no" about a published meeting.
    ids = [p.id for p in problem.participants]
    extra = data.draw(
        st.lists(
            st.builds(
                ms.Request,
                st.sampled_from(ids),
                st.sampled_from(ids),
                st.sampled_from(ms.KINDS),
            ),
            max_size=6,
        )
    )
    again = ms.Problem(
        problem.participants,
        [*problem.requests, *extra],
        problem.slots,
        problem.tables,
        locked=locked,
    )
    result = ms.solve(again, time_limit_s=5, workers=2)
    assert set(locked) <= set(result.meetings)
    assert ms.check(again, result.meetings) == []
    assert result.greedy.objective <= result.objective


def test_weights_sum_for_mutual_requests_and_sectors_add_a_bonus():
    people = [ms.Participant(1, "public"), ms.Participant(2, "private")]
    problem = ms.Problem(
        people,
        [ms.Request(1, 2, ms.MUST), ms.Request(2, 1, ms.WOULD)],
        ["s"],
        [1],
    )
    result = ms.solve(problem, time_limit_s=5)
    assert result.meetings == [ms.Meeting(1, 2, "s", 1)]
    # 10 + 3 + 2 cross-sector + 30 for each of the two who asked.
    assert result.objective == 10 + 3 + 2 + 2 * 30


def test_a_no_from_either_side_forbids_the_pair():
    people = [ms.Participant(1), ms.Participant(2)]
    problem = ms.Problem(
        people, [ms.Request(1, 2, ms.MUST), ms.Request(2, 1, ms.NO)], ["s"], [1]
    )
    assert ms.solve(problem, time_limit_s=5).meetings == []
    assert ms.greedy(problem).meetings == []


def test_fairness_gives_someone_a_first_meeting_before_another_a_second():
    # One table, two slots. A–B is mutual (20), A asked for C (10), D asked for E (3).
    # By weight alone A meets B and C; with fairness D gets a meeting too.
    a, b, c, d, e = (ms.Participant(i, "public") for i in "ABCDE")
    requests = [
        ms.Request("A", "B", ms.MUST),
        ms.Request("B", "A", ms.MUST),
        ms.Request("A", "C", ms.MUST),
        ms.Request("D", "E", ms.WOULD),
    ]
    fair = ms.Problem([a, b, c, d, e], requests, ["s1", "s2"], [1])
    pairs = {m.pair for m in ms.solve(fair, time_limit_s=5).meetings}
    assert pairs == {("A", "B"), ("D", "E")}
    greedy_only_weight = ms.Problem(
        [a, b, c, d, e], requests, ["s1", "s2"], [1], weights=ms.Weights(fairness=0)
    )
    pairs = {m.pair for m in ms.solve(greedy_only_weight, time_limit_s=5).meetings}
    assert pairs == {("A", "B"), ("A", "C")}


def test_greedy_is_first_come_and_tables_are_taken_in_order():
    people = [ms.Participant(i) for i in range(1, 5)]
    requests = [
        ms.Request(3, 4, ms.WOULD),
        ms.Request(1, 2, ms.WOULD),
        ms.Request(1, 3, ms.MUST),
    ]
    baseline = ms.greedy(ms.Problem(people, requests, ["s1", "s2"], ["T1", "T2"]))
    assert baseline.meetings == [
        ms.Meeting(1, 2, "s1", "T1"),
        ms.Meeting(3, 4, "s1", "T2"),
        ms.Meeting(1, 3, "s2", "T1"),
    ]


def test_locked_meetings_keep_their_table_and_new_ones_take_the_others():
    people = [ms.Participant(i) for i in range(1, 5)]
    requests = [ms.Request(1, 2, ms.MUST), ms.Request(3, 4, ms.MUST)]
    locked = [ms.Meeting(1, 2, "s", "T2")]
    result = ms.solve(
        ms.Problem(people, requests, ["s"], ["T1", "T2"], locked=locked),
        time_limit_s=5,
    )
    assert result.meetings == [ms.Meeting(3, 4, "s", "T1"), ms.Meeting(1, 2, "s", "T2")]


@pytest.mark.parametrize(
    "locked",
    [
        [ms.Meeting(1, 2, "s", "T1"), ms.Meeting(1, 3, "s", "T2")],  # person twice
        [ms.Meeting(1, 2, "s", "T1"), ms.Meeting(3, 4, "s", "T1")],  # table twice
        [ms.Meeting(1, 2, "gone", "T1")],  # unknown slot
        [ms.Meeting(1, 9, "s", "T1")],  # unknown person
    ],
)
def test_contradictory_locked_meetings_are_refused(locked):
    people = [ms.Participant(i) for i in range(1, 5)]
    with pytest.raises(ms.SchedulingError):
        ms.solve(ms.Problem(people, [], ["s"], ["T1", "T2"], locked=locked))


def test_no_slots_or_tables_schedules_nothing():
    people = [ms.Participant(1), ms.Participant(2)]
    problem = ms.Problem(people, [ms.Request(1, 2, ms.MUST)], [], [1])
    result = ms.solve(problem)
    assert (result.meetings, result.status) == ([], "EMPTY")


def test_bench_instance_is_deterministic_and_well_formed():
    one, two = (
        instance(participants=60, requests=300),
        instance(participants=60, requests=300),
    )
    assert one.requests == two.requests
    assert len(one.requests) == 300
    assert len({(r.requester, r.target) for r in one.requests}) == 300
    musts = defaultdict(int)
    for r in one.requests:
        assert r.requester != r.target
        musts[r.requester] += r.kind == ms.MUST
    assert max(musts.values()) <= 10
