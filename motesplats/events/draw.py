"""Auditable ticket raffle: a seed commitment, a keyed draw order and sector quotas.

This module uses the Python standard library only, on purpose: anyone who has
the published seed and the published list of entries can copy this one file and
recompute a draw without installing the platform. See ``docs/raffle.md``.

How a draw is audited:

1. Before the draw the platform publishes ``commitment(seed)``, the SHA-256 of
   the secret seed. The seed cannot be changed afterwards without the change
   being visible.
2. The platform publishes the entries as canonical JSON
   (``canonical_entries_json``) and their digest (``entries_digest``).
3. After the draw the platform reveals the seed. Anyone can check it against the
   commitment and rerun ``run_draw`` (or the ``verify`` command below).

The draw order is HMAC-SHA256 of each entry key under the seed. Each key's
position depends only on the seed and that key, so the order does not depend on
the order in which entries are listed, and adding or removing one entry never
reorders the others.

Command line::

    python -m motesplats.events.draw verify --seed S --commitment C \\
        --entries entries.json --places N [--quota group=N ...]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import re
import secrets
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SEED_BYTES = 32
_SEED_RE = re.compile(r"[0-9a-fA-F]{64}")


def _seed_bytes(seed: str) -> bytes:
    """Decode a seed, refusing anything but exactly 64 hex characters.

    ``bytes.fromhex`` alone would accept spaces and seeds of any length; a strict
    check means a mistyped or truncated seed fails loudly instead of producing a
    different, plausible-looking draw.
    """
    if not isinstance(seed, str) or not _SEED_RE.fullmatch(seed):
        raise ValueError(
            "The seed must be exactly 64 hexadecimal characters (32 bytes), "
            f"got {seed!r}."
        )
    return bytes.fromhex(seed)


def new_seed() -> str:
    """Return a fresh secret seed: 32 bytes from the operating system's CSPRNG, as hex.

    ``secrets`` rather than ``random`` so that nobody can predict the seed before
    it is revealed.
    """
    return secrets.token_bytes(SEED_BYTES).hex()


def commitment(seed: str) -> str:
    """Return the public commitment to ``seed``: the SHA-256 hex digest of its bytes.

    Publishing this before the draw binds the platform to one seed without
    revealing it; SHA-256 is preimage resistant, so the seed cannot be worked out
    from the commitment, and no second seed with the same commitment can be found.
    """
    return hashlib.sha256(_seed_bytes(seed)).hexdigest()


def verify_commitment(seed: str, published: str) -> bool:
    """Return True if ``seed`` matches the ``published`` commitment.

    Hex case is ignored. The comparison is constant-time (``hmac.compare_digest``)
    so that a service checking seeds does not leak, through timing, how much of a
    guess was right. A malformed seed raises ValueError rather than returning
    False, so that a typing mistake is reported as such and not as a mismatch.
    """
    expected = commitment(seed).encode("ascii")
    return hmac.compare_digest(expected, published.strip().lower().encode("utf-8"))


@dataclass(frozen=True)
class Entry:
    """One application in the raffle.

    ``key`` is a public identifier that says nothing about the person (for
    example ``"A-0042"``); it is published, and it alone decides the entry's
    place in the draw order. ``group`` is the quota category, such as a sector
    slug, or ``""`` for none.
    """

    key: str
    group: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not isinstance(self.group, str):
            raise TypeError("Entry key and group must be strings.")
        if not self.key:
            raise ValueError("An entry key must not be empty.")


@dataclass(frozen=True)
class DrawResult:
    """The outcome of a draw, with everything needed to check it.

    ``order`` holds every key in draw order, ``winners`` the keys that get a
    place (in draw order), ``waiting`` the rest in waiting-list order, and
    ``seed`` the (lower-case) seed that produced them.
    """

    order: tuple[str, ...]
    winners: tuple[str, ...]
    waiting: tuple[str, ...]
    seed: str


def _rank(secret: bytes, key: str) -> tuple[str, str]:
    return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest(), key


def draw_order(seed: str, keys: Iterable[str]) -> list[str]:
    """Return ``keys`` in draw order for ``seed``.

    Keys are sorted by HMAC-SHA256(key=seed bytes, message=UTF-8 key). Without
    the seed the order cannot be predicted; with it, anyone gets the same order.
    The key itself breaks ties, which keeps the order total even though a tie
    would need a SHA-256 collision. Duplicate keys are refused because they would
    make one application count twice.
    """
    secret = _seed_bytes(seed)
    keys = list(keys)
    seen: set[str] = set()
    for key in keys:
        if not isinstance(key, str) or not key:
            raise ValueError(f"Entry keys must be non-empty strings, got {key!r}.")
        if key in seen:
            raise ValueError(f"Duplicate entry key {key!r}: every key must be unique.")
        seen.add(key)
    return sorted(keys, key=lambda key: _rank(secret, key))


def _check_places_and_quotas(places: int, quotas: Mapping[str, int]) -> None:
    if isinstance(places, bool) or not isinstance(places, int):
        raise ValueError(f"places must be a whole number, got {places!r}.")
    if places < 0:
        raise ValueError(f"places must be zero or more, got {places}.")
    for group, quota in quotas.items():
        if not isinstance(group, str) or not group:
            raise ValueError(
                f"Quota groups must be non-empty names, got {group!r} "
                '(the empty group "" means an entry has no category).'
            )
        if isinstance(quota, bool) or not isinstance(quota, int):
            raise ValueError(
                f"The quota for {group!r} must be a whole number, got {quota!r}."
            )
        if quota < 0:
            raise ValueError(
                f"The quota for {group!r} must be zero or more, got {quota}."
            )
    total = sum(quotas.values())
    if total > places:
        raise ValueError(
            f"The quotas add up to {total}, more than the {places} places available."
        )


def run_draw(
    *,
    seed: str,
    entries: Sequence[Entry],
    places: int,
    quotas: Mapping[str, int] | None = None,
) -> DrawResult:
    """Draw ``places`` winners among ``entries``, honouring per-group ``quotas``.

    All entries are put in draw order. First, for each quota group, the first
    ``quota`` entries of that group in draw order win; a group with fewer
    applicants than its quota simply has all of them win, and the unused places
    return to the open pool. Then the remaining places go to the entries that
    have not yet won, in draw order, whatever their group. Winners are reported
    in draw order; everyone else forms the waiting list in draw order.

    The result depends only on the seed and the set of entries, never on the
    order of ``entries``, so anyone can reproduce it from the published data.
    """
    quotas = dict(quotas or {})
    _check_places_and_quotas(places, quotas)
    entries = list(entries)
    for entry in entries:
        if not isinstance(entry, Entry):
            raise ValueError(f"Expected Entry objects, got {entry!r}.")
    group_of = {entry.key: entry.group for entry in entries}
    order = draw_order(seed, [entry.key for entry in entries])

    winning: set[str] = set()
    for group, quota in quotas.items():
        in_group = [key for key in order if group_of[key] == group]
        winning.update(in_group[:quota])

    open_places = places - len(winning)
    for key in order:
        if open_places <= 0:
            break
        if key not in winning:
            winning.add(key)
            open_places -= 1

    return DrawResult(
        order=tuple(order),
        winners=tuple(key for key in order if key in winning),
        waiting=tuple(key for key in order if key not in winning),
        seed=seed.lower(),
    )


def canonical_entries_json(entries: Iterable[Entry]) -> str:
    """Return the one canonical JSON text for a list of entries.

    Entries are sorted by key (plain Unicode code point order) and written as
    ``{"group": ..., "key": ...}`` objects with no whitespace and no ASCII
    escaping, so the same set of entries always gives byte-for-byte the same
    text, and therefore the same ``entries_digest``, whoever produces it.
    """
    items = sorted(entries, key=lambda entry: entry.key)
    keys = [entry.key for entry in items]
    if len(set(keys)) != len(keys):
        raise ValueError("Duplicate entry keys: every key must be unique.")
    return json.dumps(
        [{"group": entry.group, "key": entry.key} for entry in items],
        separators=(",", ":"),
        ensure_ascii=False,
        sort_keys=True,
    )


def entries_from_json(text: str) -> list[Entry]:
    """Read entries from JSON: a list of objects with ``key`` and optional ``group``.

    Accepts the canonical form and any equivalent JSON (other whitespace, other
    order). Unknown fields are refused so that a published file cannot carry
    data the draw silently ignores.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"The entries are not valid JSON: {error}") from error
    if not isinstance(data, list):
        raise ValueError("The entries JSON must be a list of objects.")
    entries = []
    for position, item in enumerate(data):
        if not isinstance(item, dict) or "key" not in item:
            raise ValueError(f"Entry {position} must be an object with a 'key'.")
        unknown = set(item) - {"key", "group"}
        if unknown:
            raise ValueError(f"Entry {position} has unknown fields {sorted(unknown)}.")
        key, group = item["key"], item.get("group", "")
        if not isinstance(key, str) or not key or not isinstance(group, str):
            raise ValueError(
                f"Entry {position}: 'key' must be a non-empty string "
                "and 'group' a string."
            )
        entries.append(Entry(key=key, group=group))
    return entries


def entries_digest(entries: Iterable[Entry]) -> str:
    """Return the SHA-256 hex digest of the canonical JSON of ``entries``.

    Publishing it pins the exact list of entries that took part, so nobody can
    later add or remove an entry without the digest changing.
    """
    return hashlib.sha256(canonical_entries_json(entries).encode("utf-8")).hexdigest()


def _parse_quota(text: str) -> tuple[str, int]:
    group, sep, number = text.rpartition("=")
    if not sep or not group:
        raise argparse.ArgumentTypeError(f"expected group=N, got {text!r}")
    try:
        return group, int(number)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number after '=', got {text!r}"
        ) from None


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m motesplats.events.draw",
        description="Check a published raffle draw.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser(
        "verify",
        help="check the seed against its commitment and recompute the draw",
        description=(
            "Check that the revealed seed matches the published commitment, then "
            "recompute the draw and print the winners and the waiting list as JSON."
        ),
    )
    verify.add_argument("--seed", required=True, help="the revealed seed (64 hex)")
    verify.add_argument(
        "--commitment", required=True, help="the commitment published before the draw"
    )
    verify.add_argument(
        "--entries", required=True, help="path to the published entries JSON file"
    )
    verify.add_argument(
        "--places", required=True, type=int, help="number of places raffled"
    )
    verify.add_argument(
        "--quota",
        action="append",
        default=[],
        type=_parse_quota,
        metavar="GROUP=N",
        help="places reserved for a group; repeat for several groups",
    )
    verify.add_argument(
        "--entries-digest",
        help="optional: the published entries digest, checked against the file",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    0 when the seed matches and the draw was recomputed, 1 when the seed or the
    entries do not match what was published, 2 for unusable input.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)

    quotas: dict[str, int] = {}
    for group, number in args.quota:
        if group in quotas:
            parser.error(f"--quota given twice for {group!r}")
        quotas[group] = number
    try:
        with open(args.entries, encoding="utf-8") as file:
            entries = entries_from_json(file.read())
    except OSError as error:
        parser.error(f"cannot read {args.entries}: {error}")
    except ValueError as error:
        parser.error(str(error))

    try:
        matches = verify_commitment(args.seed, args.commitment)
    except ValueError as error:
        parser.error(str(error))
    if not matches:
        print(  # noqa: T201
            "Mismatch: the seed does not match the published commitment.",
            file=sys.stderr,
        )
        return 1

    digest = entries_digest(entries)
    if args.entries_digest is not None and not hmac.compare_digest(
        digest.encode("ascii"), args.entries_digest.strip().lower().encode("utf-8")
    ):
        print(  # noqa: T201
            "Mismatch: the entries file does not match the published digest "
            f"(the file's digest is {digest}).",
            file=sys.stderr,
        )
        return 1

    try:
        result = run_draw(
            seed=args.seed, entries=entries, places=args.places, quotas=quotas
        )
    except ValueError as error:
        parser.error(str(error))
    report = {
        "seed": result.seed,
        "commitment": commitment(result.seed),
        "entries_digest": digest,
        "places": args.places,
        "quotas": quotas,
        "winners": list(result.winners),
        "waiting": list(result.waiting),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
