"""Matchmaking's public data: loaded in bulk into the engine, cached per data version.

Candidates are built from public data only: approved organisations; listed people
whose name is public, each other field counting only when its visibility is
"everyone" (`visible_levels(VISITOR)`); open, unexpired needs and offers (not of an
unapproved organisation); active coalitions.

The engine's index is built from a handful of bulk `values()` queries and kept in
process memory under a data version: one query of counts, sums and latest changes
over the tables it reads, plus a token in the Django cache (so that clearing the
cache, or `matching_index_invalidate()`, forces a rebuild on every process). A
page view then costs the version query and the seeker's own few queries.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from motesplats.actors import matching as engine
from motesplats.actors.enums import (
    MembershipStatus,
    NeedOfferStatus,
    OrganisationStatus,
    Visibility,
)
from motesplats.actors.matching_index import MatchIndex
from motesplats.actors.models import (
    Coalition,
    CoalitionMember,
    CoalitionQuestion,
    NeedOffer,
    Organisation,
    Profile,
)
from motesplats.actors.selectors.profiles import VISITOR, visible_levels
from motesplats.taxonomy.models import Region, Sector, Theme, ThemeQuestion

TOKEN_KEY = "actors:matching:token"  # noqa: S105 -- a cache key, not a secret
TOKEN_SECONDS = 60 * 60  # at most this long between full rebuilds, whatever happens

PUBLIC = visible_levels(VISITOR)


# --- the public data, cached ----------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Names in both languages, for explanations and labels."""

    themes: dict[int, tuple[str, str]]
    questions: dict[int, tuple[str, str]]
    theme_questions: dict[int, frozenset[int]]
    sectors: dict[str, tuple[str, str]]
    counties: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Loaded:
    index: MatchIndex
    vocabulary: Vocabulary
    # Display facts the engine does not need, by item key.
    details: dict[str, dict[str, Any]]


_lock = threading.Lock()
_loaded: dict[str, Any] = {"version": None, "data": None}


def _subquery(function: str, model, where: str = "") -> str:
    """`(SELECT function FROM table [WHERE where])` for the version query.

    Names come from model metadata, quoted by the backend; `where` is written in
    this module with %s for every value, so nothing from a request reaches the SQL.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    condition = f" WHERE {where}" if where else ""
    return f"(SELECT {function} FROM {table}{condition})"  # noqa: S608 -- see above


def data_version() -> tuple:
    """One query: what changes when anything the index reads changes.

    Counts, sums and the highest ids catch rows added, removed and swapped, latest
    `updated_at` catches edits, the visibility checksum catches a profile field made
    public or private even by a bulk update. Today's date expires needs and offers.
    """
    q = connection.ops.quote_name
    visibility = " + ".join(
        f"(CASE WHEN {q(name + '_visibility')} = %s THEN {2**bit} ELSE 0 END)"
        for bit, name in enumerate(
            ("name", "title", "organisation", "expertise", "themes", "county")
        )
    )
    status, is_listed, is_active = (
        f"{q('status')} = %s",
        q("is_listed"),
        q("is_active"),
    )
    ident, updated = q("id"), q("updated_at")
    parts = [
        _subquery("COUNT(*)", Organisation, status),
        _subquery(f"SUM({ident})", Organisation, status),
        _subquery(f"MAX({updated})", Organisation),
        _subquery("COUNT(*)", Profile, is_listed),
        _subquery(f"SUM({ident} * ({visibility}))", Profile, is_listed),
        _subquery(f"MAX({updated})", Profile),
        _subquery(f"SUM({ident})", get_user_model(), is_active),
        _subquery(f"SUM({ident})", NeedOffer, status),
        _subquery(f"MAX({updated})", NeedOffer),
        _subquery(f"SUM({ident})", Coalition, is_active),
        _subquery(f"MAX({updated})", Coalition),
        _subquery("COUNT(*)", CoalitionMember, status),
        _subquery("COUNT(*)", Theme),
        _subquery("COUNT(*)", ThemeQuestion),
    ]
    for model in (
        Organisation.themes.through,
        Profile.themes.through,
        NeedOffer.themes.through,
        NeedOffer.counties.through,
        NeedOffer.sectors_sought.through,
        Coalition.questions.through,
        CoalitionQuestion,
        CoalitionMember,
    ):
        # A row added has a new, higher id; a row removed lowers the count. MAX of
        # the primary key reads one index entry, where a SUM would read them all.
        parts.append(_subquery("COUNT(*)", model))
        parts.append(_subquery(f"MAX({ident})", model))
    params = [
        OrganisationStatus.APPROVED,
        OrganisationStatus.APPROVED,
        *[Visibility.PUBLIC] * 6,
        NeedOfferStatus.OPEN,
        MembershipStatus.ACTIVE,
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return (timezone.localdate().isoformat(), *(str(v) for v in row))


def matching_index_invalidate() -> None:
    """Make every process rebuild its index on its next suggestion."""
    cache.delete(TOKEN_KEY)


def _version() -> tuple:
    token = cache.get(TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(TOKEN_KEY, token, TOKEN_SECONDS)
        token = cache.get(TOKEN_KEY, token)
    return (token, *data_version())


def _pairs(model, left: str, right: str, **filters) -> dict[Any, set]:
    out: dict[Any, set] = {}
    for a, b in model.objects.filter(**filters).values_list(left, right):
        out.setdefault(a, set()).add(b)
    return out


def _vocabulary() -> Vocabulary:
    themes = {t.pk: (t.name_sv, t.name_en) for t in Theme.objects.all()}
    questions: dict[int, tuple[str, str]] = {}
    theme_questions: dict[int, set] = {}
    for pk, theme_id, sv, en in ThemeQuestion.objects.values_list(
        "pk", "theme_id", "text_sv", "text_en"
    ):
        questions[pk] = (sv, en)
        theme_questions.setdefault(theme_id, set()).add(pk)
    return Vocabulary(
        themes=themes,
        questions=questions,
        theme_questions={k: frozenset(v) for k, v in theme_questions.items()},
        sectors={s.slug: (s.name_sv, s.name_en) for s in Sector.objects.all()},
        counties={r.code: (r.name_sv, r.name_en) for r in Region.objects.all()},
    )


def _load_actors(details: dict) -> list[engine.Actor]:
    approved = OrganisationStatus.APPROVED
    actors = []
    org_themes = _pairs(
        Organisation.themes.through,
        "organisation_id",
        "theme_id",
        organisation__status=approved,
    )
    for row in (
        Organisation.objects.filter(status=approved)
        .order_by("name", "pk")
        .values(
            "pk",
            "uuid",
            "name",
            "slug",
            "sector__slug",
            "county__code",
            "municipality",
            "description_sv",
            "description_en",
        )
    ):
        actor = engine.Actor(
            key=f"organisation:{row['pk']}",
            kind="organisation",
            id=row["pk"],
            uuid=str(row["uuid"]),
            name=row["name"],
            themes=frozenset(org_themes.get(row["pk"], ())),
            sector=row["sector__slug"] or "",
            county=row["county__code"] or "",
            text=f"{row['description_sv']}\n{row['description_en']}",
        )
        actors.append(actor)
        details[actor.key] = {
            "slug": row["slug"],
            "municipality": row["municipality"],
        }
    person_themes = _pairs(
        Profile.themes.through,
        "profile_id",
        "theme_id",
        profile__is_listed=True,
        profile__themes_visibility__in=PUBLIC,
    )
    for row in (
        Profile.objects.filter(
            is_listed=True, user__is_active=True, name_visibility__in=PUBLIC
        )
        .exclude(name="")
        .order_by("name", "pk")
        .values(
            "pk",
            "uuid",
            "user_id",
            "name",
            "title",
            "title_visibility",
            "expertise",
            "expertise_visibility",
            "organisation_id",
            "organisation__name",
            "organisation__status",
            "organisation__sector__slug",
            "organisation_visibility",
            "county__code",
            "county_visibility",
            "accepts_messages",
        )
    ):
        title = row["title"] if row["title_visibility"] in PUBLIC else ""
        expertise = row["expertise"] if row["expertise_visibility"] in PUBLIC else ""
        shows_org = (
            row["organisation_visibility"] in PUBLIC
            and row["organisation_id"] is not None
            and row["organisation__status"] == approved
        )
        actor = engine.Actor(
            key=f"person:{row['pk']}",
            kind="person",
            id=row["pk"],
            uuid=str(row["uuid"]),
            name=row["name"],
            themes=frozenset(person_themes.get(row["pk"], ())),
            sector=(row["organisation__sector__slug"] or "") if shows_org else "",
            county=(
                (row["county__code"] or "")
                if row["county_visibility"] in PUBLIC
                else ""
            ),
            text=f"{title}\n{expertise}",
            user_id=row["user_id"],
            organisation_id=row["organisation_id"] if shows_org else None,
            subtitle=title,
        )
        actors.append(actor)
        details[actor.key] = {
            "organisation_name": row["organisation__name"] if shows_org else "",
            "accepts_messages": row["accepts_messages"],
        }
    return actors


def _load_needs_offers() -> list[engine.NeedOffer]:
    live = NeedOffer.objects.filter(
        status=NeedOfferStatus.OPEN, expires_on__gte=timezone.localdate()
    ).filter(
        Q(organisation__isnull=True)
        | Q(organisation__status=OrganisationStatus.APPROVED)
    )
    ids = live.values("pk")
    themes = _pairs(
        NeedOffer.themes.through, "needoffer_id", "theme_id", needoffer__in=ids
    )
    counties = _pairs(
        NeedOffer.counties.through, "needoffer_id", "region__code", needoffer__in=ids
    )
    sought = _pairs(
        NeedOffer.sectors_sought.through,
        "needoffer_id",
        "sector__slug",
        needoffer__in=ids,
    )
    out = []
    for row in live.order_by("title", "pk").values(
        "pk",
        "uuid",
        "kind",
        "category",
        "title",
        "description",
        "organisation_id",
        "organisation__name",
        "organisation__sector__slug",
        "author_id",
        "expires_on",
    ):
        item = engine.NeedOffer(
            id=row["pk"],
            uuid=str(row["uuid"]),
            kind=row["kind"],
            category=row["category"],
            title=row["title"],
            text=row["description"],
            themes=frozenset(themes.get(row["pk"], ())),
            counties=frozenset(counties.get(row["pk"], ())),
            sectors_sought=frozenset(sought.get(row["pk"], ())),
            organisation_id=row["organisation_id"],
            organisation_name=row["organisation__name"] or "",
            author_id=row["author_id"],
            sector=row["organisation__sector__slug"] or "",
            expires_on=row["expires_on"],
        )
        out.append(item)
    return out


def _load_coalitions(details: dict, vocabulary: Vocabulary) -> list[engine.Coalition]:
    questions = _pairs(
        Coalition.questions.through,
        "coalition_id",
        "themequestion_id",
        coalition__is_active=True,
    )
    own: dict[int, list[str]] = {}
    for coalition_id, sv, en in CoalitionQuestion.objects.filter(
        coalition__is_active=True
    ).values_list("coalition_id", "text_sv", "text_en"):
        own.setdefault(coalition_id, []).extend((sv, en))
    members: dict[int, dict[str, set]] = {}
    for row in CoalitionMember.objects.filter(coalition__is_active=True).values(
        "coalition_id",
        "organisation_id",
        "user_id",
        "status",
        "organisation__status",
        "organisation__sector__slug",
        "organisation__county__code",
    ):
        entry = members.setdefault(
            row["coalition_id"],
            {
                "organisations": set(),
                "users": set(),
                "sectors": set(),
                "counties": set(),
            },
        )
        # Everyone in or applying is left out of their own suggestions; the sector
        # mix and places count active, approved organisations only.
        if row["organisation_id"]:
            entry["organisations"].add(row["organisation_id"])
        if row["user_id"]:
            entry["users"].add(row["user_id"])
        if (
            row["status"] == MembershipStatus.ACTIVE
            and row["organisation__status"] == OrganisationStatus.APPROVED
        ):
            entry["sectors"].add(row["organisation__sector__slug"])
            if row["organisation__county__code"]:
                entry["counties"].add(row["organisation__county__code"])
    out = []
    empty: dict[str, set] = {}
    for row in (
        Coalition.objects.filter(is_active=True)
        .order_by("name_sv", "pk")
        .values(
            "pk",
            "uuid",
            "name_sv",
            "name_en",
            "slug",
            "theme_id",
            "purpose_sv",
            "purpose_en",
            "access",
        )
    ):
        pk = row["pk"]
        entry = members.get(pk, empty)
        question_ids = frozenset(questions.get(pk, ()))
        question_text = [t for q in question_ids for t in vocabulary.questions[q]]
        item = engine.Coalition(
            id=pk,
            uuid=str(row["uuid"]),
            name=row["name_sv"],
            slug=row["slug"],
            theme=row["theme_id"],
            questions=question_ids,
            text="\n".join(
                [
                    row["name_en"],
                    row["purpose_sv"],
                    row["purpose_en"],
                    *own.get(pk, ()),
                    *question_text,
                ]
            ),
            member_organisations=frozenset(entry.get("organisations", ())),
            member_users=frozenset(entry.get("users", ())),
            sectors=frozenset(entry.get("sectors", ())),
            counties=frozenset(entry.get("counties", ())),
            access=row["access"],
        )
        out.append(item)
        details[item.key] = {"name_en": row["name_en"]}
    return out


def _build() -> Loaded:
    vocabulary = _vocabulary()
    details: dict[str, dict[str, Any]] = {}
    index = MatchIndex(
        _load_actors(details),
        _load_needs_offers(),
        _load_coalitions(details, vocabulary),
    )
    return Loaded(index=index, vocabulary=vocabulary, details=details)


def matching_data() -> Loaded:
    """The index for the current data version, built at most once per version."""
    version = _version()
    with _lock:
        if _loaded["version"] != version:
            _loaded["data"] = _build()
            _loaded["version"] = version
        return _loaded["data"]
