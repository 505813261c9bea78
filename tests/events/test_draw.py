"""The raffle draw: reproducible, verifiable against its commitment, quotas honoured."""

import hashlib
import json
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motesplats.events.draw import (
    DrawResult,
    Entry,
    canonical_entries_json,
    commitment,
    draw_order,
    entries_digest,
    entries_from_json,
    main,
    new_seed,
    run_draw,
    verify_commitment,
)

SEED = "00" * 31 + "2a"
OTHER_SEED = "ff" * 32


def seed_for(number: int) -> str:
    """A fixed, well-spread seed per number, so statistical tests never flake."""
    return hashlib.sha256(f"seed-{number}".encode()).hexdigest()


def keys(count: int, prefix: str = "A") -> list[str]:
    return [f"{prefix}-{number:04d}" for number in range(1, count + 1)]


# Seeds and commitments


def test_new_seed_is_64_hex_characters_and_fresh_each_time():
    seeds = {new_seed() for _ in range(20)}
    assert len(seeds) == 20
    for seed in seeds:
        assert len(seed) == 64
        assert bytes.fromhex(seed).hex() == seed


def test_commitment_is_sha256_of_the_seed_bytes():
    assert commitment(SEED) == hashlib.sha256(bytes.fromhex(SEED)).hexdigest()
    assert commitment(SEED) != commitment(OTHER_SEED)


def test_commitment_round_trip():
    seed = new_seed()
    assert verify_commitment(seed, commitment(seed))
    assert verify_commitment(seed.upper(), commitment(seed).upper())


def test_commitment_mismatch():
    assert not verify_commitment(OTHER_SEED, commitment(SEED))
    assert not verify_commitment(SEED, "")
    assert not verify_commitment(SEED, "é" * 64)


@pytest.mark.parametrize(
    "seed",
    [
        "",
        "abc",
        "00" * 31,  # 62 characters
        "00" * 33,  # 66 characters
        "zz" * 32,
        "00 " * 21 + "0",  # 64 characters, but spaces
        "00" * 31 + "2a\n",
    ],
)
def test_bad_seed_is_refused(seed):
    with pytest.raises(ValueError, match="64 hexadecimal"):
        commitment(seed)
    with pytest.raises(ValueError, match="64 hexadecimal"):
        draw_order(seed, ["A-0001"])
    with pytest.raises(ValueError, match="64 hexadecimal"):
        run_draw(seed=seed, entries=[Entry("A-0001")], places=1)


# Draw order


def test_draw_order_is_the_hmac_order():
    import hmac  # noqa: PLC0415 -- only this test recomputes the HMAC by hand

    expected = sorted(
        keys(30),
        key=lambda key: hmac.new(
            bytes.fromhex(SEED), key.encode(), hashlib.sha256
        ).hexdigest(),
    )
    assert draw_order(SEED, keys(30)) == expected
    assert draw_order(SEED, keys(30)) != draw_order(OTHER_SEED, keys(30))


def test_draw_order_does_not_depend_on_input_order():
    shuffled = keys(50)
    random.Random(7).shuffle(shuffled)
    assert draw_order(SEED, shuffled) == draw_order(SEED, keys(50))


def test_removing_an_entry_does_not_reorder_the_others():
    full = draw_order(SEED, keys(20))
    without = draw_order(SEED, [key for key in keys(20) if key != full[3]])
    assert without == [key for key in full if key != full[3]]


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError, match="Duplicate entry key 'A-0002'"):
        draw_order(SEED, ["A-0001", "A-0002", "A-0002"])
    with pytest.raises(ValueError, match="Duplicate"):
        run_draw(
            seed=SEED,
            entries=[Entry("A-0001", "civil"), Entry("A-0001", "public")],
            places=1,
        )


def test_empty_key_is_refused():
    with pytest.raises(ValueError, match="must not be empty"):
        Entry("")


# run_draw


def test_same_seed_and_entries_in_any_order_give_the_same_result():
    entries = [
        Entry(key, group) for key, group in zip(keys(40), "abcd" * 10, strict=True)
    ]
    quotas = {"a": 2, "b": 1}
    first = run_draw(seed=SEED, entries=entries, places=7, quotas=quotas)
    for shuffle_seed in range(5):
        shuffled = list(entries)
        random.Random(shuffle_seed).shuffle(shuffled)
        assert run_draw(seed=SEED, entries=shuffled, places=7, quotas=quotas) == first
    assert run_draw(seed=OTHER_SEED, entries=entries, places=7, quotas=quotas) != first


def test_without_quotas_the_winners_are_the_head_of_the_draw_order():
    entries = [Entry(key) for key in keys(10)]
    order = draw_order(SEED, keys(10))
    result = run_draw(seed=SEED, entries=entries, places=3)
    assert result == DrawResult(
        order=tuple(order),
        winners=tuple(order[:3]),
        waiting=tuple(order[3:]),
        seed=SEED,
    )


def test_quota_reaches_a_group_placed_late_in_the_draw_order():
    order = draw_order(SEED, keys(12))
    # The two entries drawn last are the only civil-society applicants.
    civil = set(order[-2:])
    entries = [Entry(key, "civil" if key in civil else "business") for key in keys(12)]

    without_quota = run_draw(seed=SEED, entries=entries, places=3)
    assert not civil & set(without_quota.winners)

    result = run_draw(seed=SEED, entries=entries, places=3, quotas={"civil": 1})
    assert result.winners == (order[0], order[1], order[-2])
    assert result.waiting == (*order[2:-2], order[-1])
    assert len(civil & set(result.winners)) == 1


def test_quota_never_limits_a_group_that_wins_on_its_own():
    order = draw_order(SEED, keys(10))
    civil = set(order[:4])
    entries = [Entry(key, "civil" if key in civil else "") for key in keys(10)]
    result = run_draw(seed=SEED, entries=entries, places=4, quotas={"civil": 1})
    assert set(result.winners) == civil


def test_several_quotas_at_once():
    order = draw_order(SEED, keys(9))
    groups = {order[-1]: "academia", order[-2]: "public", order[-3]: "public"}
    entries = [Entry(key, groups.get(key, "")) for key in keys(9)]
    result = run_draw(
        seed=SEED, entries=entries, places=4, quotas={"academia": 1, "public": 2}
    )
    assert result.winners == (order[0], order[-3], order[-2], order[-1])


def test_unused_quota_returns_to_the_open_pool():
    order = draw_order(SEED, keys(8))
    civil = order[-1]
    entries = [Entry(key, "civil" if key == civil else "") for key in keys(8)]
    result = run_draw(
        seed=SEED, entries=entries, places=4, quotas={"civil": 3, "absent": 1}
    )
    # One civil winner; the other three places fill from the top of the order.
    assert result.winners == (order[0], order[1], order[2], civil)
    assert len(result.winners) == 4


def test_more_places_than_entries_everyone_wins():
    entries = [Entry(key) for key in keys(5)]
    result = run_draw(seed=SEED, entries=entries, places=10, quotas={"civil": 2})
    assert result.winners == tuple(draw_order(SEED, keys(5)))
    assert result.waiting == ()


def test_zero_places_everyone_waits():
    entries = [Entry(key, "civil") for key in keys(5)]
    result = run_draw(seed=SEED, entries=entries, places=0)
    assert result.winners == ()
    assert result.waiting == tuple(draw_order(SEED, keys(5)))


def test_no_entries():
    result = run_draw(seed=SEED, entries=[], places=3, quotas={"civil": 1})
    assert result == DrawResult(order=(), winners=(), waiting=(), seed=SEED)


def test_upper_case_seed_gives_the_same_draw():
    entries = [Entry(key) for key in keys(10)]
    assert run_draw(seed=SEED.upper(), entries=entries, places=3) == run_draw(
        seed=SEED, entries=entries, places=3
    )


@pytest.mark.parametrize(
    ("places", "quotas", "message"),
    [
        (-1, None, "places must be zero or more"),
        (2, {"civil": 2, "public": 1}, "quotas add up to 3, more than the 2 places"),
        (2, {"civil": -1}, "must be zero or more"),
        (2, {"": 1}, "non-empty names"),
        (2, {"civil": 1.5}, "whole number"),
        (2.0, None, "whole number"),
    ],
)
def test_invalid_places_and_quotas_are_refused(places, quotas, message):
    entries = [Entry(key, "civil") for key in keys(5)]
    with pytest.raises(ValueError, match=message):
        run_draw(seed=SEED, entries=entries, places=places, quotas=quotas)


def test_each_entry_has_a_fair_chance():
    """Over 2,000 seeds, each of 10 entries wins about 10% of single-place draws.

    The expected count is 200 with a standard deviation near 13, so the 140-260
    band is more than four deviations wide on each side; the seeds are fixed, so
    the test cannot flake.
    """
    entries = [Entry(key) for key in keys(10)]
    wins = Counter(
        run_draw(seed=seed_for(number), entries=entries, places=1).winners[0]
        for number in range(2000)
    )
    assert set(wins) == set(keys(10))
    for key in keys(10):
        assert 140 <= wins[key] <= 260, (key, wins[key])


def test_known_answer_from_the_documentation():
    """The worked example in docs/raffle.md. If this changes, published draws can no
    longer be verified, so the algorithm must not change."""
    seed = "2cdb3044b47188a8f14fb9be511a0b58c511ab1e5181df22e5c491e1cbc49797"
    groups = {3: "civil", 6: "civil"}
    entries = [Entry(f"A-{n:04d}", groups.get(n, "business")) for n in range(1, 9)]
    assert (
        commitment(seed)
        == "6ccb1a34fb8cef18996d00ae224d329f1e031fa4423e07f1d097185450f21aff"
    )
    assert (
        entries_digest(entries)
        == "41f7d3e49095ab8672f7d53b69dc3851a833adf1908f407640fcc7c363b872b7"
    )
    result = run_draw(seed=seed, entries=entries, places=3, quotas={"civil": 2})
    assert result.winners == ("A-0007", "A-0003", "A-0006")
    assert result.waiting == ("A-0002", "A-0001", "A-0005", "A-0008", "A-0004")


# Canonical JSON


def test_canonical_json_is_sorted_and_compact():
    entries = [Entry("B-2", "näringsliv"), Entry("A-1")]
    assert (
        canonical_entries_json(entries)
        == '[{"group":"","key":"A-1"},{"group":"näringsliv","key":"B-2"}]'
    )
    assert canonical_entries_json(entries) == canonical_entries_json(entries[::-1])


def test_canonical_json_round_trip_and_digest():
    entries = [Entry(key, group) for key, group in zip(keys(6), "aab" * 2, strict=True)]
    text = canonical_entries_json(entries)
    assert sorted(entries_from_json(text), key=lambda e: e.key) == entries
    assert (
        entries_digest(entries)
        == hashlib.sha256(text.encode("utf-8")).hexdigest()
        == entries_digest(reversed(entries))
    )
    assert entries_digest(entries) != entries_digest(entries[:-1])


def test_entries_from_json_accepts_equivalent_json():
    text = '[ {"key": "A-2"},\n {"key": "A-1", "group": "civil"} ]'
    assert entries_from_json(text) == [Entry("A-2"), Entry("A-1", "civil")]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"key": "A-1"}',
        '[{"group": "civil"}]',
        '[{"key": ""}]',
        '[{"key": 42}]',
        '[{"key": "A-1", "group": null}]',
        '[{"key": "A-1", "name": "Anna"}]',
        '["A-1"]',
    ],
)
def test_entries_from_json_refuses_bad_input(text):
    with pytest.raises(ValueError, match=r"JSON|Entry 0"):
        entries_from_json(text)


# Command line


@pytest.fixture
def published(tmp_path):
    order = draw_order(SEED, keys(10))
    groups = {order[-1]: "civil"}
    entries = [Entry(key, groups.get(key, "")) for key in keys(10)]
    path = tmp_path / "entries.json"
    path.write_text(canonical_entries_json(entries), encoding="utf-8")
    return {"path": str(path), "order": order, "entries": entries}


def test_cli_verify_prints_the_draw(published, capsys):
    status = main(
        [
            "verify",
            "--seed",
            SEED,
            "--commitment",
            commitment(SEED),
            "--entries",
            published["path"],
            "--places",
            "3",
            "--quota",
            "civil=1",
            "--entries-digest",
            entries_digest(published["entries"]),
        ]
    )
    out = json.loads(capsys.readouterr().out)
    order = published["order"]
    assert status == 0
    assert out["winners"] == [order[0], order[1], order[-1]]
    assert out["waiting"] == order[2:-1]
    assert out["quotas"] == {"civil": 1}
    assert out["entries_digest"] == entries_digest(published["entries"])


def test_cli_verify_mismatched_seed_fails(published, capsys):
    status = main(
        [
            "verify",
            "--seed",
            OTHER_SEED,
            "--commitment",
            commitment(SEED),
            "--entries",
            published["path"],
            "--places",
            "3",
        ]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert "does not match the published commitment" in captured.err


def test_cli_verify_mismatched_entries_digest_fails(published, capsys):
    status = main(
        [
            "verify",
            "--seed",
            SEED,
            "--commitment",
            commitment(SEED),
            "--entries",
            published["path"],
            "--places",
            "3",
            "--entries-digest",
            entries_digest(published["entries"][1:]),
        ]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert "does not match the published digest" in captured.err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seed", "abc"], "64 hexadecimal"),
        (["--quota", "civil"], "expected group=N"),
        (["--quota", "civil=4"], "more than the 3 places"),
        (["--quota", "civil=1", "--quota", "civil=2"], "given twice"),
    ],
)
def test_cli_verify_bad_input_exits_with_status_2(published, capsys, extra, message):
    argv = ["verify", "--seed", SEED, "--commitment", commitment(SEED)]
    argv += ["--entries", published["path"], "--places", "3", *extra]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# Properties


@st.composite
def draws(draw):
    count = draw(st.integers(min_value=0, max_value=25))
    groups = draw(
        st.lists(
            st.sampled_from(["", "civil", "public", "business"]),
            min_size=count,
            max_size=count,
        )
    )
    entry_keys = draw(
        st.lists(
            st.text(min_size=1, max_size=8), min_size=count, max_size=count, unique=True
        )
    )
    places = draw(st.integers(min_value=0, max_value=30))
    quotas = {}
    left = places
    for group in draw(
        st.lists(st.sampled_from(["civil", "public", "business", "none"]), unique=True)
    ):
        quotas[group] = draw(st.integers(min_value=0, max_value=left))
        left -= quotas[group]
    seed = draw(st.binary(min_size=32, max_size=32)).hex()
    return (
        seed,
        [Entry(k, g) for k, g in zip(entry_keys, groups, strict=True)],
        places,
        quotas,
    )


@settings(max_examples=300, deadline=None)
@given(draws(), st.randoms(use_true_random=False))
def test_draw_properties(case, rnd):
    seed, entries, places, quotas = case
    result = run_draw(seed=seed, entries=entries, places=places, quotas=quotas)
    all_keys = {entry.key for entry in entries}

    assert len(result.winners) == min(places, len(entries))
    assert set(result.winners) | set(result.waiting) == all_keys
    assert not set(result.winners) & set(result.waiting)
    assert sorted(result.order) == sorted(all_keys)
    position = {key: index for index, key in enumerate(result.order)}
    assert list(result.winners) == sorted(result.winners, key=position.__getitem__)
    assert list(result.waiting) == sorted(result.waiting, key=position.__getitem__)
    winners_by_group = Counter(
        entry.group for entry in entries if entry.key in set(result.winners)
    )
    size_by_group = Counter(entry.group for entry in entries)
    for group, quota in quotas.items():
        assert winners_by_group[group] >= min(quota, size_by_group[group])

    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert run_draw(seed=seed, entries=shuffled, places=places, quotas=quotas) == result
