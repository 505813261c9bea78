"""Reads for matchmaking: public data into the engine, the seeker's own data, and
explanations in the viewer's language.

Candidates are built from public data only: approved organisations; listed people
whose name is public, each other field counting only when its visibility is
"everyone" (`visible_levels(VISITOR)`); open, unexpired needs and offers (not of an
unapproved organisation); active coalitions. The seeker's own data may be private:
they see their own suggestions.

The engine's index is built from a handful of bulk `values()` queries and kept in
process memory under a data version: one query of counts, sums and latest changes
over the tables it reads, plus a token in the Django cache (so that clearing the
cache, or `matching_index_invalidate()`, forces a rebuild on every process). A
page view then costs the version query and the seeker's own few queries.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motesplats.actors import matching as engine
from motesplats.actors.enums import (
    MembershipStatus,
    NeedOfferCategory,
    NeedOfferKind,
    NeedOfferStatus,
    OrganisationRole,
    OrganisationStatus,
    Visibility,
)
from motesplats.actors.models import (
    Coalition,
    CoalitionMember,
    CoalitionQuestion,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.selectors.profiles import VISITOR, visible_levels
from motesplats.core.i18n import current_language
from motesplats.taxonomy.models import Region, Sector, Theme, ThemeQuestion

SUGGESTIONS_PER_GROUP = 5
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
    index: engine.MatchIndex
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

    Counts and sums of ids catch rows added and removed (sums catch a swap), latest
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
        parts.append(_subquery("COUNT(*)", model))
        parts.append(_subquery(f"SUM({ident})", model))
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
    index = engine.MatchIndex(
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


# --- seekers ----------------------------------------------------------------------------


@dataclass
class Suggested:
    """One suggestion, ready for a template."""

    kind: str  # "need" | "offer" | "organisation" | "person" | "coalition"
    item: Any
    title: str
    explanation: str
    score: float
    details: dict[str, Any] = field(default_factory=dict)
    meta: list[str] = field(default_factory=list)
    reasons: tuple[engine.Reason, ...] = ()


@dataclass
class MatchResult:
    """The three groups, or why there are none (`missing`: "profile" or "themes")."""

    needs_offers: list[Suggested] = field(default_factory=list)
    actors: list[Suggested] = field(default_factory=list)
    coalitions: list[Suggested] = field(default_factory=list)
    missing: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.needs_offers or self.actors or self.coalitions)


def _questions_of(vocabulary: Vocabulary, themes: frozenset[int]) -> frozenset[int]:
    return frozenset(
        q for t in themes for q in vocabulary.theme_questions.get(t, frozenset())
    )


def _own_needs_text(**filters) -> tuple[frozenset[int], str]:
    rows = list(
        NeedOffer.objects.filter(**filters).values_list(
            "pk", "status", "title", "description"
        )
    )
    text = "\n".join(
        f"{title}\n{description}"
        for _, status, title, description in rows
        if status == NeedOfferStatus.OPEN
    )
    return frozenset(pk for pk, *_ in rows), text


def seeker_for_user(user: Any, vocabulary: Vocabulary) -> engine.Seeker | None:
    """A person from their own profile (private fields included: it is theirs)."""
    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation__sector", "organisation__county", "county")
        .first()
    )
    if profile is None:
        return None
    themes = frozenset(profile.themes.values_list("pk", flat=True))
    memberships = list(
        OrganisationMembership.objects.filter(user=user).values(
            "organisation_id",
            "status",
            "organisation__status",
            "organisation__sector__slug",
            "organisation__county__code",
        )
    )
    active = [
        m
        for m in memberships
        if m["status"] == MembershipStatus.ACTIVE
        and m["organisation__status"] == OrganisationStatus.APPROVED
    ]
    organisation = profile.organisation
    sector = organisation.sector.slug if organisation is not None else ""
    if not sector and active:
        sector = active[0]["organisation__sector__slug"]
    county = profile.county.code if profile.county is not None else ""
    if not county and organisation is not None and organisation.county_id:
        county = organisation.county.code
    if not county and active:
        county = active[0]["organisation__county__code"] or ""
    organisation_ids = {m["organisation_id"] for m in memberships}
    if organisation is not None:
        organisation_ids.add(organisation.pk)
    active_ids = {m["organisation_id"] for m in active}
    coalition_ids = frozenset(
        CoalitionMember.objects.filter(
            Q(user=user) | Q(organisation__in=active_ids)
        ).values_list("coalition_id", flat=True)
    )
    own_needs, needs_text = _own_needs_text(author=user)
    return engine.Seeker(
        kind="person",
        themes=themes,
        questions=_questions_of(vocabulary, themes),
        sector=sector,
        county=county,
        text=f"{profile.title}\n{profile.expertise}\n{needs_text}",
        user_id=user.pk,
        organisation_ids=frozenset(organisation_ids),
        coalition_ids=coalition_ids,
        own_need_ids=own_needs,
    )


def seeker_for_organisation(
    organisation: Organisation, vocabulary: Vocabulary
) -> engine.Seeker:
    themes = frozenset(organisation.themes.values_list("pk", flat=True))
    own_needs, needs_text = _own_needs_text(organisation=organisation)
    return engine.Seeker(
        kind="organisation",
        themes=themes,
        questions=_questions_of(vocabulary, themes),
        sector=organisation.sector.slug,
        county=organisation.county.code if organisation.county_id else "",
        text=f"{organisation.description_sv}\n{organisation.description_en}\n"
        f"{needs_text}",
        organisation_ids=frozenset({organisation.pk}),
        member_user_ids=frozenset(
            organisation.memberships.values_list("user_id", flat=True)
        ),
        coalition_ids=frozenset(
            CoalitionMember.objects.filter(organisation=organisation).values_list(
                "coalition_id", flat=True
            )
        ),
        own_need_ids=own_needs,
    )


def administered_organisations(user: Any) -> list[Organisation]:
    """Approved organisations the user administers, for the switcher."""
    return list(
        Organisation.objects.filter(
            status=OrganisationStatus.APPROVED,
            memberships__user=user,
            memberships__role=OrganisationRole.ADMIN,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("sector", "county")
        .order_by("name", "pk")
    )


# --- explanations -----------------------------------------------------------------------


def _name(names: tuple[str, str] | None) -> str:
    if not names:
        return ""
    sv, en = names
    return (en or sv) if current_language() == "en" else sv


def _lower_first(text: str) -> str:
    # "Digital inkludering" → "digital inkludering"; leave acronyms ("AI …") alone.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def county_short_name(names: tuple[str, str] | None) -> str:
    """ "Skåne" for Skåne län / Skåne County: the name people use in a sentence."""
    if not names:
        return ""
    sv, en = names
    if en.endswith(" County"):
        return en.removesuffix(" County")
    return sv.removesuffix(" län")


def _sector_phrase(reason: str, slug: str, vocabulary: Vocabulary) -> str:
    """The sector said the way people say it ("the non-profit sector", "academia").

    The reference sectors have phrases of their own; a sector an editor adds later
    is named by its name."""
    phrases = {
        engine.R_CROSS_SECTOR: {
            "offentlig": _("they are from the public sector"),
            "privat": _("they are from the private sector"),
            "ideburen": _("they are from the non-profit sector"),
            "akademi": _("they are from academia"),
            "": _("they are from another sector (%(sector)s)"),
        },
        engine.R_SECTOR_SOUGHT: {
            "offentlig": _("they are looking for partners in the public sector"),
            "privat": _("they are looking for partners in the private sector"),
            "ideburen": _("they are looking for partners in the non-profit sector"),
            "akademi": _("they are looking for partners in academia"),
            "": _("they are looking for partners from %(sector)s"),
        },
        engine.R_SECTOR_MISSING: {
            "offentlig": _("no member from the public sector yet"),
            "privat": _("no member from the private sector yet"),
            "ideburen": _("no member from the non-profit sector yet"),
            "akademi": _("no member from academia yet"),
            "": _("no member from %(sector)s yet"),
        },
    }[reason]
    if slug in phrases:
        return phrases[slug]
    return phrases[""] % {"sector": _lower_first(_name(vocabulary.sectors.get(slug)))}


def _quoted(text: str) -> str:
    return _("“%(text)s”") % {"text": text}


def explain(suggestion: engine.Suggestion, vocabulary: Vocabulary) -> str:
    """A sentence from the reasons that counted, in the active language."""
    group = suggestion.kind
    parts = []
    for reason in suggestion.reasons:
        code, values = reason.code, reason.values
        if code == engine.R_THEMES:
            names = [_lower_first(_name(vocabulary.themes.get(t))) for t in values]
            themes = get_text_list(names, _("and"))
            if group in ("organisation", "person"):
                parts.append(_("you both work on %(themes)s") % {"themes": themes})
            else:
                parts.append(
                    ngettext(
                        "same theme: %(themes)s", "same themes: %(themes)s", len(names)
                    )
                    % {"themes": themes}
                )
        elif code == engine.R_QUESTIONS:
            first = _quoted(_name(vocabulary.questions.get(values[0])))
            parts.append(
                ngettext(
                    "a shared question in focus: %(question)s",
                    "%(count)d shared questions in focus, among them %(question)s",
                    len(values),
                )
                % {"count": len(values), "question": first}
            )
        elif code in (
            engine.R_CROSS_SECTOR,
            engine.R_SECTOR_SOUGHT,
            engine.R_SECTOR_MISSING,
        ):
            parts.append(_sector_phrase(code, values[0], vocabulary))
        elif code == engine.R_SAME_COUNTY:
            county = county_short_name(vocabulary.counties.get(values[0]))
            if group == "coalition":
                text = _("members in the same county (%(county)s)")
            else:
                text = _("same county (%(county)s)")
            parts.append(text % {"county": county})
        elif code == engine.R_NEIGHBOUR_COUNTY:
            county = county_short_name(vocabulary.counties.get(values[0]))
            parts.append(_("neighbouring county (%(county)s)") % {"county": county})
        elif code == engine.R_NATIONWIDE:
            parts.append(_("open to the whole country"))
        elif code == engine.R_TEXT and values:
            parts.append(_("words in common: %(words)s") % {"words": ", ".join(values)})
    sentence = "; ".join(parts)
    return f"{sentence[:1].upper()}{sentence[1:]}." if sentence else ""


def _present(
    suggestions: engine.Suggestions, loaded: Loaded, limit: int
) -> MatchResult:
    vocabulary = loaded.vocabulary
    result = MatchResult()
    for suggestion in suggestions.needs_offers[:limit]:
        item = suggestion.item
        result.needs_offers.append(
            Suggested(
                kind=item.kind,
                item=item,
                title=item.title,
                explanation=explain(suggestion, vocabulary),
                score=suggestion.score,
                reasons=suggestion.reasons,
                meta=[
                    m
                    for m in (
                        NeedOfferKind(item.kind).label,
                        NeedOfferCategory(item.category).label,
                        item.organisation_name,
                    )
                    if m
                ],
            )
        )
    for suggestion in suggestions.actors[:limit]:
        item = suggestion.item
        details = loaded.details.get(item.key, {})
        if item.kind == "organisation":
            meta = [
                _name(vocabulary.sectors.get(item.sector)),
                county_short_name(vocabulary.counties.get(item.county)),
            ]
        else:
            meta = [item.subtitle, details.get("organisation_name", "")]
        result.actors.append(
            Suggested(
                kind=item.kind,
                item=item,
                title=item.name,
                explanation=explain(suggestion, vocabulary),
                score=suggestion.score,
                reasons=suggestion.reasons,
                details=details,
                meta=[m for m in meta if m],
            )
        )
    for suggestion in suggestions.coalitions[:limit]:
        item = suggestion.item
        details = loaded.details.get(item.key, {})
        result.coalitions.append(
            Suggested(
                kind="coalition",
                item=item,
                title=_name((item.name, details.get("name_en", ""))),
                explanation=explain(suggestion, vocabulary),
                score=suggestion.score,
                reasons=suggestion.reasons,
                details=details,
                meta=[_name(vocabulary.themes.get(item.theme))],
            )
        )
    return result


def suggestions_for_user(
    user: Any, *, limit: int = SUGGESTIONS_PER_GROUP
) -> MatchResult:
    """What a member might look at, from their own profile."""
    loaded = matching_data()
    seeker = seeker_for_user(user, loaded.vocabulary)
    if seeker is None:
        return MatchResult(missing="profile")
    if not seeker.themes:
        return MatchResult(missing="themes")
    return _present(loaded.index.suggest(seeker, limit), loaded, limit)


def suggestions_for_organisation(
    organisation: Organisation, *, limit: int = SUGGESTIONS_PER_GROUP
) -> MatchResult:
    """What an organisation might look at; shown to its administrators."""
    loaded = matching_data()
    seeker = seeker_for_organisation(organisation, loaded.vocabulary)
    if not seeker.themes:
        return MatchResult(missing="themes")
    return _present(loaded.index.suggest(seeker, limit), loaded, limit)
