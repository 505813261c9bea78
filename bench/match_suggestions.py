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
* `--database sqlite` / `--database postgres` (repeatable; off by default) also
  measures the selectors on a real database: a child process with the test settings
  migrates a throw-away database (a fresh SQLite file in a temporary directory, or
  `motesplats_bench_<random>` on PostgreSQL, dropped afterwards), loads the same world
  with bulk inserts, then times the first `matching_data()` (every bulk query plus
  the index: what the first page view after a change pays) and, after a warm-up,
  `suggestions_for_user` and `suggestions_for_organisation` with Swedish
  explanations for the seekers, one more JSON line `match_suggestions_db` each.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
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
DATABASES = ("sqlite", "postgres")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--needs-offers", type=int, default=5_000)
    parser.add_argument("--coalitions", type=int, default=300)
    parser.add_argument("--seekers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database",
        action="append",
        choices=DATABASES,
        help="also measure the selectors on this database (repeatable)",
    )
    parser.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
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
        self.theme_ids = theme_ids  # slug → id, for the database variant

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
        self.seed = args.seed

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
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if args.child:
        return child_main(args)
    status = measure_engine(args)
    for database in dict.fromkeys(args.database or ()):
        code = run_sqlite(args) if database == "sqlite" else run_postgres(args)
        if code:
            log(f"{database} run failed with exit code {code}")
            status = 1
    return status


def measure_engine(args: argparse.Namespace) -> int:
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


# --- the database variant: one child process per database ----------------------------


def load_world(world: World) -> None:
    """Write the generated world with bulk inserts (the child's database is new)."""
    import datetime  # noqa: PLC0415

    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from motesplats.actors.enums import (  # noqa: PLC0415
        MembershipStatus,
        OrganisationStatus,
        Visibility,
    )
    from motesplats.actors.models import (  # noqa: PLC0415
        Coalition as CoalitionModel,
    )
    from motesplats.actors.models import (  # noqa: PLC0415
        CoalitionMember,
        Organisation,
        OrganisationMembership,
        Profile,
    )
    from motesplats.actors.models import NeedOffer as NeedOfferModel  # noqa: PLC0415
    from motesplats.taxonomy.models import (  # noqa: PLC0415
        Region,
        Sector,
        Theme,
        ThemeQuestion,
    )

    public, private = Visibility.PUBLIC, Visibility.PRIVATE
    theme = {
        number: Theme.objects.get(slug=slug).pk
        for slug, number in world.theme_ids.items()
    }
    sector = {s.slug: s.pk for s in Sector.objects.all()}
    county = {r.code: r.pk for r in Region.objects.all()}
    question = {}
    for number, pk in theme.items():
        ordered = ThemeQuestion.objects.filter(theme_id=pk).order_by("sort_order", "pk")
        for index, row in enumerate(ordered.values_list("pk", flat=True)):
            question[number * 10 + index] = row
    organisations = [a for a in world.actors if a.kind == "organisation"]
    people = [a for a in world.actors if a.kind == "person"]
    created = Organisation.objects.bulk_create(
        Organisation(
            name=a.name,
            slug=f"organisation-{a.id}",
            sector_id=sector[a.sector],
            county_id=county[a.county],
            description_sv=a.text,
            status=OrganisationStatus.APPROVED,
        )
        for a in organisations
    )
    org_pk = {a.id: o.pk for a, o in zip(organisations, created, strict=True)}
    Organisation.themes.through.objects.bulk_create(
        Organisation.themes.through(organisation_id=org_pk[a.id], theme_id=theme[t])
        for a in organisations
        for t in a.themes
    )
    log(f"wrote {len(created)} organisations")
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(
            email=f"person{a.id}@example.org",
            display_name=a.name,
            password=make_password(None),  # unusable: no one signs in here
        )
        for a in people
    )
    rng = random.Random(world.seed + 1)
    profiles = Profile.objects.bulk_create(
        Profile(
            user=user,
            is_listed=True,
            name=a.name,
            name_visibility=public,
            title="Utvecklingsledare",
            title_visibility=public,
            expertise=a.text,
            expertise_visibility=public,
            organisation_id=org_pk[a.organisation_id],
            organisation_visibility=public if a.sector else private,
            # A private county is still the person's own: they see it, no one else.
            county_id=county[a.county or rng.choice(COUNTIES)],
            county_visibility=public if a.county else private,
            themes_visibility=public if a.themes else private,
        )
        for a, user in zip(people, users, strict=True)
    )
    Profile.themes.through.objects.bulk_create(
        Profile.themes.through(profile_id=profile.pk, theme_id=theme[t])
        for a, profile in zip(people, profiles, strict=True)
        for t in (a.themes or {rng.choice(list(theme))})
    )
    now = timezone.now()
    OrganisationMembership.objects.bulk_create(
        OrganisationMembership(
            organisation_id=org_pk[a.organisation_id],
            user=user,
            status=MembershipStatus.ACTIVE,
            decided_at=now,
        )
        for a, user in zip(people, users, strict=True)
    )
    log(f"wrote {len(profiles)} people with profiles and memberships")
    expires = timezone.localdate() + datetime.timedelta(days=60)
    needs = NeedOfferModel.objects.bulk_create(
        NeedOfferModel(
            kind=n.kind,
            category=n.category,
            title=n.title[:200],
            description=n.text[:5000],
            organisation_id=org_pk[n.organisation_id],
            expires_on=expires,
        )
        for n in world.needs_offers
    )
    through = NeedOfferModel.themes.through
    through.objects.bulk_create(
        through(needoffer_id=row.pk, theme_id=theme[t])
        for n, row in zip(world.needs_offers, needs, strict=True)
        for t in n.themes
    )
    through = NeedOfferModel.counties.through
    through.objects.bulk_create(
        through(needoffer_id=row.pk, region_id=county[c])
        for n, row in zip(world.needs_offers, needs, strict=True)
        for c in n.counties
    )
    through = NeedOfferModel.sectors_sought.through
    through.objects.bulk_create(
        through(needoffer_id=row.pk, sector_id=sector[s])
        for n, row in zip(world.needs_offers, needs, strict=True)
        for s in n.sectors_sought
    )
    log(f"wrote {len(needs)} needs and offers")
    coalitions = CoalitionModel.objects.bulk_create(
        CoalitionModel(
            name_sv=c.name[:200],
            slug=f"koalition-{c.id}",
            theme_id=theme[c.theme],
            purpose_sv=c.text,
        )
        for c in world.coalitions
    )
    through = CoalitionModel.questions.through
    through.objects.bulk_create(
        through(coalition_id=row.pk, themequestion_id=question[q])
        for c, row in zip(world.coalitions, coalitions, strict=True)
        for q in c.questions
    )
    CoalitionMember.objects.bulk_create(
        CoalitionMember(
            coalition_id=row.pk,
            organisation_id=org_pk[o],
            status=MembershipStatus.ACTIVE,
            joined_at=now,
        )
        for c, row in zip(world.coalitions, coalitions, strict=True)
        for o in c.member_organisations
    )
    log(f"wrote {len(coalitions)} coalitions")


def child_main(args: argparse.Namespace) -> int:
    import django  # noqa: PLC0415

    django.setup()
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from motesplats.actors.models import Organisation  # noqa: PLC0415
    from motesplats.actors.selectors.matching import (  # noqa: PLC0415
        matching_data,
        suggestions_for_organisation,
        suggestions_for_user,
    )

    database = args.child
    log(f"{database}: migrate")
    call_command("migrate", verbosity=0, interactive=False)
    # stdout carries only the JSON lines: the command's counts go nowhere.
    call_command("load_taxonomy", stdout=io.StringIO())
    world = World(args)
    started = time.perf_counter()
    with transaction.atomic():
        load_world(world)
    log(f"{database}: loaded in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    started = time.perf_counter()
    matching_data()
    first_build_s = time.perf_counter() - started
    log(f"{database}: first matching_data() in {first_build_s:.2f} s")

    rng = random.Random(args.seed + 2)
    users = list(get_user_model().objects.filter(profile__isnull=False))
    organisations = list(Organisation.objects.select_related("sector", "county"))
    half = (args.seekers + WARMUP) // 2
    calls = [(suggestions_for_user, u) for u in rng.sample(users, half)] + [
        (suggestions_for_organisation, o) for o in rng.sample(organisations, half)
    ]
    rng.shuffle(calls)
    timings: list[float] = []
    empty = 0
    with translation.override("sv"):
        for number, (function, seeker) in enumerate(calls):
            started = time.perf_counter()
            result = function(seeker)
            elapsed = (time.perf_counter() - started) * 1000
            if number >= WARMUP:
                timings.append(elapsed)
                empty += result.is_empty
    record: dict[str, Any] = {
        "name": "match_suggestions_db",
        "database": database,
        "actors": args.actors,
        "needs_offers": args.needs_offers,
        "seekers": len(timings),
        "first_build_s": round(first_build_s, 2),
        "p50_ms": round(percentile(timings, 0.50), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
        "empty_results": empty,
    }
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def run_child(database: str, database_url: str, args: argparse.Namespace) -> int:
    env = dict(os.environ)
    env.pop("DJANGO_SECRET_KEY_FILE", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DJANGO_READ_DOT_ENV_FILE": "false",
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        database,
        "--actors",
        str(args.actors),
        "--needs-offers",
        str(args.needs_offers),
        "--coalitions",
        str(args.coalitions),
        "--seekers",
        str(args.seekers),
        "--seed",
        str(args.seed),
    ]
    proc = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    try:
        return proc.wait()
    finally:
        if proc.poll() is None:
            log(f"stopping the {database} child")
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_sqlite(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="motesplats-match-bench-") as tmp:
        return run_child("sqlite", f"sqlite:///{Path(tmp) / 'match.sqlite3'}", args)


def run_postgres(args: argparse.Namespace) -> int:
    import psycopg  # noqa: PLC0415 -- only needed for this database
    from pgdb import throwaway_database  # noqa: PLC0415

    try:
        with throwaway_database() as database_url:
            if database_url is None:
                return 0
            return run_child("postgres", database_url, args)
    except psycopg.Error as exc:
        log(f"PostgreSQL error ({str(exc).strip()})")
        return 1


if __name__ == "__main__":
    sys.exit(main())
