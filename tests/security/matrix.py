"""The permission matrix: every URL of the project, who it is for, how to build it
with a real object, and what each role gets for a GET and for a POST.

Outcomes: an HTTP status (200, 400, 403, 404, 405), "login" (302 to the login page),
"redirect" (302/303 anywhere else), "mfa" (302 to the two-factor stage).

Private objects answer 404 to everyone who may not see them, so an id never tells
whether the object exists. A 403 is kept where the object itself is public (a
published impact model, an organisation's page, a survey) and only the action is
not the person's.

The Wagtail admin and allauth's own pages are covered by prefix rules
(`PREFIX_RULES`) with representative samples (`ADMIN_SAMPLES`, rows of allauth names).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from tests.security.world import ROLES, World, url

Outcome = int | str
Table = dict[str, Outcome]

KINDS = (
    "public",
    "member",
    "object-owner",
    "org-admin",
    "coordinator",
    "node-editor",
    "national-editor",
    "admin",
    "token-link",
)
EDITORS = ("node_editor", "national_editor", "admin")


# --- the URL patterns ------------------------------------------------------------------


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(route, name) of every pattern below `resolver`, in the active language."""
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from walk(item, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            name = item.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield (
                prefix + str(item.pattern),
                name or f"<unnamed {prefix}{item.pattern}>",
            )


def all_patterns() -> set[tuple[str, str]]:
    """(route, name) in both languages: translated routes differ, names do not."""
    found: set[tuple[str, str]] = set()
    for language in ("sv", "en"):
        with translation.override(language):
            found |= set(walk())
    return found


# Patterns of third-party internals, decided by a rule and tested through samples.
PREFIX_RULES = {
    "admin/": "Wagtail admin: ADMIN_SAMPLES",
    "account_": "allauth account pages: rows for account_login, account_signup, "
    "account_email, account_reset_password_from_key, account_logout",
    "mfa_": "allauth two-factor pages: rows for mfa_index, mfa_activate_totp",
}


def covered_by_rule(route: str, name: str) -> str | None:
    for prefix, rule in PREFIX_RULES.items():
        if route.startswith(prefix) or name.startswith(prefix):
            return rule
    return None


# --- outcome tables ----------------------------------------------------------------------


def everyone(outcome: Outcome) -> Table:
    return dict.fromkeys(ROLES, outcome)


def members(
    outcome: Outcome, anonymous: Outcome = "login", **exceptions: Outcome
) -> Table:
    return {**everyone(outcome), "anonymous": anonymous, **exceptions}


def only(
    roles: tuple[str, ...],
    outcome: Outcome,
    others: Outcome = 404,
    anonymous: Outcome = "login",
    **exceptions: Outcome,
) -> Table:
    table = {**everyone(others), "anonymous": anonymous}
    table.update(dict.fromkeys(roles, outcome))
    table.update(exceptions)
    return table


PUBLIC_GET = everyone(200)
NO_POST = everyone(405)
MEMBERS_GET = members(200)
MEMBERS_NO_POST = members(405)
POST_ONLY_GET = members(405)  # login_required outside require_POST


@dataclass(frozen=True)
class Row:
    name: str
    kind: str
    build: Callable[[World, str], str]
    get: Table
    post: Table
    note: str = ""
    objects: tuple[str, ...] = field(default=())

    def label(self, index: int) -> str:
        return f"{index:03d}-{self.name}"


def u(name: str, *args: Callable[[World], Any] | Any, query=None):
    """A builder: `name` reversed with arguments taken from the world."""

    def build(world: World, language: str) -> str:
        values = [a(world) if callable(a) else a for a in args]
        tail = query(world) if callable(query) else (query or "")
        return url(name, *values, query=tail, language=language)

    return build


def kw(name: str, **kwargs: Callable[[World], Any] | Any):
    def build(world: World, language: str) -> str:
        from django.urls import reverse  # noqa: PLC0415 -- keep the module light

        values = {k: v(world) if callable(v) else v for k, v in kwargs.items()}
        with translation.override(language):
            return reverse(name, kwargs=values)

    return build


def fixed(path: str):
    return lambda world, language: path


def page_path(key: str):
    def build(world: World, language: str) -> str:
        page = world.objects[key].specific
        return page.get_url() or f"/{language}{page.url_path}"

    return build


def obj(key: str, attr: str = "pk"):
    return lambda world: getattr(world.objects[key], attr)


def world_value(key: str):
    return lambda world: world.objects[key]


def _owner_editors(outcome: Outcome, others: Outcome = 404, **extra) -> Table:
    """The member who owns the object and every editor; others learn nothing."""
    return only(("member", *EDITORS), outcome, others, **extra)


OWNER_ONLY = only(("member",), 200)


ROWS: list[Row] = [
    # --- site-wide -----------------------------------------------------------------------
    Row("healthz", "public", fixed("/healthz"), PUBLIC_GET, NO_POST),
    Row(
        "security_txt",
        "public",
        fixed("/.well-known/security.txt"),
        PUBLIC_GET,
        NO_POST,
    ),
    Row("robots", "public", fixed("/robots.txt"), PUBLIC_GET, NO_POST),
    Row("sitemap_index", "public", fixed("/sitemap.xml"), PUBLIC_GET, NO_POST),
    Row("sitemap", "public", u("sitemap"), PUBLIC_GET, NO_POST),
    Row(
        "search",
        "public",
        u("search"),
        PUBLIC_GET,
        PUBLIC_GET,
        note="a POST is read like a GET: it changes nothing",
    ),
    Row(
        "wagtaildocs_serve",
        "public",
        lambda w, lang: w.document.url,
        everyone("redirect"),
        everyone("redirect"),
        note="documents in the public collections are public (coalition documents "
        "are listed on the coalition's public page); the test serves them by "
        "redirecting to the storage, as its in-memory files have no path",
    ),
    Row(
        "wagtaildocs_authenticate_with_password",
        "public",
        u("wagtaildocs_authenticate_with_password", 999999),
        everyone("redirect"),
        everyone("redirect"),
    ),
    Row(
        "wagtailcore_authenticate_with_password",
        "public",
        u("wagtailcore_authenticate_with_password", 999999, obj("public_page")),
        everyone(404),
        everyone(404),
    ),
    Row("wagtailcore_login", "public", u("wagtailcore_login"), PUBLIC_GET, PUBLIC_GET),
    Row(
        "wagtail_serve",
        "public",
        page_path("public_page"),
        PUBLIC_GET,
        PUBLIC_GET,
        note="a POST without the comment form's marker shows the page",
    ),
    Row(
        "wagtail_serve",
        "object-owner",
        page_path("submission"),
        everyone(404),
        everyone(404),
        note="a member's submitted case is a draft: not served to anyone, not even "
        "its author (who follows it on knowledge:contributions)",
        objects=("submission",),
    ),
]

# --- the open API: read-only, public ----------------------------------------------------

API_ROWS = [
    ("api_v1:knowledge_list", fixed("/api/v1/knowledge")),
    ("api_v1:collection_list", fixed("/api/v1/collections")),
    ("api_v1:events_list", fixed("/api/v1/events")),
    (
        "api_v1:event_detail",
        lambda w, lang: f"/api/v1/events/{w.event.translation_key}",
    ),
    ("api_v1:organisations_list", fixed("/api/v1/organisations")),
    (
        "api_v1:organisation_detail",
        lambda w, lang: f"/api/v1/organisations/{w.org.uuid}",
    ),
    ("api_v1:coalitions_list", fixed("/api/v1/coalitions")),
    (
        "api_v1:coalition_detail",
        lambda w, lang: f"/api/v1/coalitions/{w.coalition.uuid}",
    ),
    ("api_v1:needs_list", fixed("/api/v1/needs-offers")),
    ("api_v1:need_detail", lambda w, lang: f"/api/v1/needs-offers/{w.need.uuid}"),
    ("api_v1:themes_list", fixed("/api/v1/themes")),
    ("api_v1:goals_list", fixed("/api/v1/goals")),
    ("api_v1:goal_detail", fixed("/api/v1/goals/4")),
    ("api_v1:glossary_list", fixed("/api/v1/glossary")),
    ("api_v1:nodes_list", fixed("/api/v1/nodes")),
    ("api_v1:node_detail", fixed("/api/v1/nodes/malmo")),
    ("api_v1:search_list", fixed("/api/v1/search?q=samverkan")),
]
for _name, _build in API_ROWS:
    ROWS.append(Row(_name, "public", _build, PUBLIC_GET, NO_POST))
for _name, _path in [
    ("api_v1:knowledge_detail", "knowledge/00000000-0000-4000-8000-000000000000"),
    ("api_v1:collection_detail", "collections/00000000-0000-4000-8000-000000000000"),
    ("api_v1:theme_detail", "themes/ingen-sadan"),
    ("api_v1:glossary_detail", "glossary/ingen-sadan"),
]:
    ROWS.append(
        Row(
            _name,
            "public",
            fixed(f"/api/v1/{_path}"),
            everyone(404),
            NO_POST,
            note="an unknown id: a 404 like any other",
        )
    )
ROWS += [
    Row(
        "api_v1:api-root",
        "public",
        fixed("/api/v1/"),
        everyone(404),
        everyone(404),
        note="only a name to reverse: nothing is served at the root",
    ),
    Row(
        "api_v1:openapi-json",
        "public",
        fixed("/api/v1/openapi.json"),
        PUBLIC_GET,
        PUBLIC_GET,
        note="django-ninja serves the schema to any method; it changes nothing",
    ),
    Row(
        "api_v1:openapi-view",
        "public",
        fixed("/api/v1/docs"),
        PUBLIC_GET,
        PUBLIC_GET,
    ),
    Row(
        "api_v1:knowledge_detail",
        "object-owner",
        lambda w, lang: f"/api/v1/knowledge/{w.submission.translation_key}",
        everyone(404),
        NO_POST,
        note="a submitted case under review is not in the API",
        objects=("submission", "draft page"),
    ),
    Row(
        "api_v1:organisation_detail",
        "public",
        lambda w, lang: f"/api/v1/organisations/{w.proposed_org.uuid}",
        everyone(404),
        NO_POST,
        note="a proposed organisation is not public, even to its proposer",
        objects=("organisation",),
    ),
    Row(
        "api_v1:need_detail",
        "public",
        lambda w, lang: f"/api/v1/needs-offers/{w.closed_need.uuid}",
        everyone(404),
        NO_POST,
        objects=("need/offer",),
    ),
    Row(
        "api_v1:sroi_view",
        "public",
        fixed("/api/v1/impact/sroi"),
        everyone(405),
        everyone(400),
        note="a calculator: POST a JSON body",
    ),
    Row(
        "api_v1:cost_effectiveness_view",
        "public",
        fixed("/api/v1/impact/cost-effectiveness"),
        everyone(405),
        everyone(400),
    ),
]

# --- allauth (samples for the prefix rule) ------------------------------------------------

LOGGED_IN_AWAY = {**everyone("redirect"), "anonymous": 200}
ROWS += [
    Row("account_login", "public", u("account_login"), LOGGED_IN_AWAY, LOGGED_IN_AWAY),
    Row(
        "account_signup", "public", u("account_signup"), LOGGED_IN_AWAY, LOGGED_IN_AWAY
    ),
    Row(
        "account_email", "member", u("account_email"), MEMBERS_GET, members("redirect")
    ),
    Row(
        "account_logout",
        "member",
        u("account_logout"),
        {**everyone(200), "anonymous": "redirect"},
        everyone("redirect"),
    ),
    Row(
        "account_reset_password_from_key",
        "token-link",
        u("account_reset_password_from_key", "zz", "ogiltig-nyckel"),
        everyone(200),
        everyone(200),
        note="a bad key shows the bad-link page",
    ),
    Row("mfa_index", "member", u("mfa_index"), MEMBERS_GET, MEMBERS_NO_POST),
    Row(
        "mfa_activate_totp",
        "member",
        u("mfa_activate_totp"),
        members("redirect", **dict.fromkeys(EDITORS, "mfa")),
        members("redirect", **dict.fromkeys(EDITORS, "mfa")),
        note="members must sign in again first; editors have TOTP already and are "
        "sent to the two-factor overview",
    ),
]

# --- the member's own privacy pages (no id in any URL) ------------------------------------

ROWS += [
    Row(
        "accounts:my_data",
        "member",
        u("accounts:my_data"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
    ),
    Row(
        "accounts:my_data_download",
        "member",
        u("accounts:my_data_download"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
        objects=("profile",),
    ),
    Row(
        "accounts:my_data_page",
        "member",
        u("accounts:my_data_page"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
    ),
    Row(
        "accounts:consents", "member", u("accounts:consents"), MEMBERS_GET, members(400)
    ),
    Row(
        "accounts:delete",
        "member",
        u("accounts:delete"),
        MEMBERS_GET,
        members(400, admin=409),
        note="an empty form is refused with its errors (400); the last administrator "
        "cannot delete their account (409)",
    ),
    Row("accounts:deleted", "public", u("accounts:deleted"), PUBLIC_GET, NO_POST),
]

# --- comments ------------------------------------------------------------------------------

ROWS += [
    Row(
        "comments:report",
        "public",
        u("comments:report", obj("comment")),
        PUBLIC_GET,
        PUBLIC_GET,
        note="an empty report shows the form again with its errors",
        objects=("comment",),
    ),
    Row(
        "comments:report",
        "object-owner",
        u("comments:report", obj("pending_comment")),
        everyone(404),
        everyone(404),
        note="a comment waiting for moderation is not public, not even to report",
        objects=("comment",),
    ),
    Row(
        "comments:confirm",
        "token-link",
        u("comments:confirm", "ogiltig"),
        everyone(400),
        everyone(400),
    ),
    Row("comments:challenge", "public", u("comments:challenge"), PUBLIC_GET, NO_POST),
]

# --- events --------------------------------------------------------------------------------

EVENT = obj("event")
BOOKING = obj("booking", "manage_token")
REGISTRATION = obj("registration")
MEETING_PARTICIPANT = only(("member",), 200, 403)
ROWS += [
    Row(
        "events:summit_archive",
        "public",
        u("events:summit_archive"),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "events:programme", "public", u("events:programme", EVENT), PUBLIC_GET, NO_POST
    ),
    Row(
        "events:event_ics", "public", u("events:event_ics", EVENT), PUBLIC_GET, NO_POST
    ),
    Row(
        "events:schedule_json",
        "public",
        u("events:schedule_json", EVENT),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "events:session_detail",
        "public",
        u("events:session_detail", obj("session")),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "events:session_ics",
        "public",
        u("events:session_ics", obj("session")),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "events:session_star",
        "member",
        u("events:session_star", obj("session")),
        everyone(405),
        members("redirect"),
    ),
    Row(
        "events:session_signup",
        "member",
        u("events:session_signup", obj("session")),
        everyone(405),
        members("redirect"),
    ),
    Row("events:agenda", "member", u("events:agenda"), MEMBERS_GET, MEMBERS_NO_POST),
    Row(
        "events:agenda_ics",
        "token-link",
        u("events:agenda_ics", world_value("agenda_token")),
        PUBLIC_GET,
        NO_POST,
        note="the member's secret calendar address",
    ),
    Row(
        "events:agenda_ics",
        "token-link",
        u("events:agenda_ics", "1:forfalskad"),
        everyone(404),
        NO_POST,
    ),
    Row(
        "events:speaker_detail",
        "public",
        u("events:speaker_detail", obj("speaker")),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "events:register",
        "public",
        u("events:register", EVENT),
        PUBLIC_GET,
        everyone(400),
    ),
    Row(
        "events:booking",
        "token-link",
        u("events:booking", BOOKING),
        PUBLIC_GET,
        NO_POST,
        note="the secret link in the confirmation mail opens the booking, no account",
        objects=("registration",),
    ),
    Row(
        "events:booking",
        "token-link",
        u("events:booking", "gissad-nyckel-0000"),
        everyone(404),
        NO_POST,
        objects=("registration",),
    ),
    Row(
        "events:booking_cancel",
        "token-link",
        u("events:booking_cancel", BOOKING, REGISTRATION),
        PUBLIC_GET,
        everyone("redirect"),
        objects=("registration",),
    ),
    Row(
        "events:booking_change",
        "token-link",
        u("events:booking_change", BOOKING, REGISTRATION),
        PUBLIC_GET,
        everyone(400),
        objects=("registration",),
    ),
    Row(
        "events:booking_offer",
        "token-link",
        u("events:booking_offer", BOOKING, REGISTRATION),
        PUBLIC_GET,
        everyone(400),
        objects=("registration",),
    ),
    Row(
        "events:ticket_qr",
        "token-link",
        u("events:ticket_qr", obj("registration", "ticket_code")),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "events:raffle",
        "public",
        u("events:raffle", obj("raffle_event")),
        PUBLIC_GET,
        NO_POST,
    ),
    Row("events:raffle", "public", u("events:raffle", EVENT), everyone(404), NO_POST),
    Row(
        "events:raffle_entries",
        "public",
        u("events:raffle_entries", EVENT),
        everyone(404),
        NO_POST,
    ),
    Row(
        "events:meetings",
        "object-owner",
        u("events:meetings", EVENT),
        MEETING_PARTICIPANT,
        NO_POST,
        note="only people with a confirmed place; the event itself is public (403)",
        objects=("meeting request",),
    ),
    Row(
        "events:meetings_optin",
        "object-owner",
        u("events:meetings_optin", EVENT),
        MEETING_PARTICIPANT,
        only(("member",), 400, 403),
        objects=("meeting request",),
    ),
    Row(
        "events:meetings_optout",
        "object-owner",
        u("events:meetings_optout", EVENT),
        everyone(405),
        only(("member",), "redirect", 403),
        objects=("meeting request",),
    ),
    Row(
        "events:meetings_mark",
        "object-owner",
        u("events:meetings_mark", EVENT),
        everyone(405),
        only(("member",), "redirect", 403),
        objects=("meeting request",),
    ),
    Row(
        "events:meetings_mine",
        "object-owner",
        u("events:meetings_mine", EVENT),
        MEETING_PARTICIPANT,
        NO_POST,
        objects=("meeting request",),
    ),
    Row(
        "events:meetings_ics",
        "object-owner",
        u("events:meetings_ics", EVENT),
        MEETING_PARTICIPANT,
        NO_POST,
        objects=("meeting request",),
    ),
]

# --- actors --------------------------------------------------------------------------------

ORG = obj("org", "slug")
COALITION = obj("coalition", "slug")
ORG_ADMINS = ("org_admin", *EDITORS)
COORDINATORS = ("coordinator", *EDITORS)
ROWS += [
    Row("actors:hub", "public", u("actors:hub"), PUBLIC_GET, NO_POST),
    Row(
        "actors:organisation_list",
        "public",
        u("actors:organisation_list"),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "actors:organisation_propose",
        "member",
        u("actors:organisation_propose"),
        MEMBERS_GET,
        members(400),
    ),
    Row(
        "actors:organisation_detail",
        "public",
        u("actors:organisation_detail", ORG),
        PUBLIC_GET,
        NO_POST,
        objects=("organisation",),
    ),
    Row(
        "actors:organisation_detail",
        "object-owner",
        u("actors:organisation_detail", obj("proposed_org", "slug")),
        _owner_editors(200, anonymous=404),
        NO_POST,
        note="a proposed organisation: its proposer and the editors",
        objects=("organisation",),
    ),
    Row(
        "actors:organisation_join",
        "member",
        u("actors:organisation_join", ORG),
        POST_ONLY_GET,
        members("redirect"),
        objects=("organisation",),
    ),
    Row(
        "actors:organisation_leave",
        "member",
        u("actors:organisation_leave", ORG),
        POST_ONLY_GET,
        only(("org_admin",), "redirect", 404),
        note="only someone in the organisation can leave it",
        objects=("organisation",),
    ),
    Row(
        "actors:organisation_members",
        "org-admin",
        u("actors:organisation_members", ORG),
        only(ORG_ADMINS, 200, 403),
        only(ORG_ADMINS, 400, 403),
        objects=("organisation",),
    ),
    Row(
        "actors:organisation_edit",
        "org-admin",
        u("actors:organisation_edit", ORG),
        only(ORG_ADMINS, 200, 403),
        only(ORG_ADMINS, 400, 403),
        objects=("organisation",),
    ),
    Row(
        "actors:profile_edit",
        "member",
        u("actors:profile_edit"),
        MEMBERS_GET,
        members(400),
    ),
    Row(
        "actors:profile_preview",
        "member",
        u("actors:profile_preview"),
        only(("member", "other_member"), 200, "redirect"),
        MEMBERS_NO_POST,
        note="without a profile there is nothing to preview: sent to make one",
        objects=("profile",),
    ),
    Row("actors:people_list", "public", u("actors:people_list"), PUBLIC_GET, NO_POST),
    Row(
        "actors:profile_detail",
        "object-owner",
        u("actors:profile_detail", obj("profile", "uuid")),
        only(("member",), 200, 404, anonymous=404),
        NO_POST,
        note="an unlisted profile: its owner only, editors included are refused",
        objects=("profile",),
    ),
    Row(
        "actors:profile_detail",
        "public",
        u("actors:profile_detail", obj("other_profile", "uuid")),
        PUBLIC_GET,
        NO_POST,
        objects=("profile",),
    ),
    Row(
        "actors:message_inbox",
        "member",
        u("actors:message_inbox"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
        objects=("message",),
    ),
    Row(
        "actors:message_sent",
        "member",
        u("actors:message_sent"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
        objects=("message",),
    ),
    Row(
        "actors:message_send",
        "member",
        u("actors:message_send"),
        members(404),
        members(404),
        note="no recipient, no form",
    ),
    Row(
        "actors:message_send",
        "member",
        u("actors:message_send", query=lambda w: f"?organisation={w.org.uuid}"),
        MEMBERS_GET,
        members(400),
        objects=("message",),
    ),
    Row(
        "actors:message_send",
        "object-owner",
        u("actors:message_send", query=lambda w: f"?reply={w.message.uuid}"),
        only(("member", "org_admin"), 200),
        only(("member", "org_admin"), 400),
        note="replying needs the right to read the message",
        objects=("message",),
    ),
    Row(
        "actors:message_detail",
        "object-owner",
        u("actors:message_detail", obj("message", "uuid")),
        only(("member", "org_admin"), 200),
        members(405),
        note="sender and the receiving organisation's admins; editors too are refused",
        objects=("message",),
    ),
    Row(
        "actors:coalition_list",
        "public",
        u("actors:coalition_list"),
        PUBLIC_GET,
        NO_POST,
    ),
    Row(
        "actors:coalition_detail",
        "public",
        u("actors:coalition_detail", COALITION),
        PUBLIC_GET,
        NO_POST,
        objects=("coalition",),
    ),
    Row(
        "actors:coalition_join",
        "member",
        u("actors:coalition_join", COALITION),
        members(200, coordinator="redirect"),
        members(400, coordinator="redirect"),
        objects=("coalition",),
    ),
    Row(
        "actors:coalition_leave",
        "member",
        u("actors:coalition_leave", COALITION),
        POST_ONLY_GET,
        members(404),
        note="no member row posted: nothing to leave",
        objects=("coalition",),
    ),
    Row(
        "actors:coalition_follow",
        "member",
        u("actors:coalition_follow", COALITION),
        POST_ONLY_GET,
        members("redirect"),
        objects=("coalition", "follow"),
    ),
    Row(
        "actors:coalition_manage",
        "coordinator",
        u("actors:coalition_manage", COALITION),
        only(COORDINATORS, 200, 403),
        only(COORDINATORS, "redirect", 403),
        objects=("coalition",),
    ),
    Row("actors:need_list", "public", u("actors:need_list"), PUBLIC_GET, NO_POST),
    Row(
        "actors:need_create",
        "member",
        u("actors:need_create"),
        MEMBERS_GET,
        members(400),
    ),
    Row(
        "actors:need_mine",
        "member",
        u("actors:need_mine"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
        objects=("need/offer",),
    ),
    Row(
        "actors:need_detail",
        "public",
        u("actors:need_detail", obj("need", "uuid")),
        PUBLIC_GET,
        NO_POST,
        objects=("need/offer",),
    ),
    Row(
        "actors:need_detail",
        "object-owner",
        u("actors:need_detail", obj("closed_need", "uuid")),
        _owner_editors(200, anonymous=404),
        NO_POST,
        note="a closed need: its author and the editors",
        objects=("need/offer",),
    ),
    Row(
        "actors:need_edit",
        "object-owner",
        u("actors:need_edit", obj("need", "uuid")),
        _owner_editors(200, 403),
        _owner_editors(400, 403),
        note="the need is public, so others get a 403",
        objects=("need/offer",),
    ),
    Row(
        "actors:need_close",
        "object-owner",
        u("actors:need_close", obj("need", "uuid")),
        POST_ONLY_GET,
        _owner_editors("redirect", 403),
        objects=("need/offer",),
    ),
    Row(
        "actors:suggestions",
        "member",
        u("actors:suggestions"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
    ),
    Row("actors:survey_list", "public", u("actors:survey_list"), PUBLIC_GET, NO_POST),
    Row(
        "actors:survey_detail",
        "public",
        u("actors:survey_detail", obj("survey", "slug")),
        PUBLIC_GET,
        everyone(400),
        objects=("survey",),
    ),
    Row(
        "actors:survey_detail",
        "national-editor",
        u("actors:survey_detail", obj("draft_survey", "slug")),
        only(EDITORS, 200, 404, anonymous=404),
        only(EDITORS, 400, 404, anonymous=404),
        note="a draft survey: editors may look at the form, no one may answer",
        objects=("survey",),
    ),
    Row(
        "actors:survey_thanks",
        "public",
        u("actors:survey_thanks", obj("survey", "slug")),
        PUBLIC_GET,
        NO_POST,
        objects=("survey",),
    ),
    Row(
        "actors:survey_results",
        "public",
        u("actors:survey_results", obj("survey", "slug")),
        PUBLIC_GET,
        NO_POST,
        objects=("survey",),
    ),
    Row(
        "actors:survey_results_csv",
        "public",
        u("actors:survey_results_csv", obj("survey", "slug")),
        PUBLIC_GET,
        NO_POST,
        objects=("survey",),
    ),
    Row(
        "actors:survey_answers_csv",
        "national-editor",
        u("actors:survey_answers_csv", obj("survey", "slug")),
        only(EDITORS, 200, 403, anonymous=403),
        NO_POST,
        note="single answers are for editors (the survey is public: 403)",
        objects=("survey",),
    ),
]

# --- knowledge -----------------------------------------------------------------------------

ROWS += [
    Row(
        "knowledge:innovation_submit",
        "member",
        u("knowledge:innovation_submit"),
        MEMBERS_GET,
        members(400),
        objects=("submission",),
    ),
    Row(
        "knowledge:contributions",
        "member",
        u("knowledge:contributions"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
        objects=("submission", "draft page"),
    ),
]

# --- impact --------------------------------------------------------------------------------

DRAFT = obj("draft_model", "uuid")
PUBLISHED = obj("published_model", "uuid")
MODEL_EDITORS = ("member", *EDITORS)
ROWS += [
    Row("impact:hub", "public", u("impact:hub"), PUBLIC_GET, NO_POST),
    Row("impact:sroi", "public", u("impact:sroi"), PUBLIC_GET, everyone(400)),
    Row(
        "impact:social_investment",
        "public",
        u("impact:social_investment"),
        PUBLIC_GET,
        everyone(400),
    ),
    Row(
        "impact:cost_effectiveness",
        "public",
        u("impact:cost_effectiveness"),
        PUBLIC_GET,
        everyone(400),
    ),
    Row("impact:model_list", "public", u("impact:model_list"), PUBLIC_GET, NO_POST),
    Row("impact:proxy_list", "public", u("impact:proxy_list"), PUBLIC_GET, NO_POST),
    Row(
        "impact:my_models",
        "member",
        u("impact:my_models"),
        MEMBERS_GET,
        MEMBERS_NO_POST,
        objects=("impact model",),
    ),
    Row(
        "impact:model_create",
        "member",
        u("impact:model_create"),
        MEMBERS_GET,
        members(400),
    ),
    Row("impact:guide", "member", u("impact:guide"), MEMBERS_GET, members(400)),
    Row(
        "impact:model_detail",
        "object-owner",
        u("impact:model_detail", DRAFT),
        only(MODEL_EDITORS, 200, anonymous=404),
        NO_POST,
        note="a draft model: its editors (creator, platform editors); others 404",
        objects=("impact model",),
    ),
    Row(
        "impact:model_detail",
        "public",
        u("impact:model_detail", PUBLISHED),
        PUBLIC_GET,
        NO_POST,
        objects=("impact model",),
    ),
    Row(
        "impact:model_edit",
        "object-owner",
        u("impact:model_edit", DRAFT),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, 400),
        objects=("impact model",),
    ),
    Row(
        "impact:model_edit",
        "object-owner",
        u("impact:model_edit", PUBLISHED),
        only(MODEL_EDITORS, 200, 403),
        only(MODEL_EDITORS, 400, 403),
        note="a published model is public: others get a 403",
        objects=("impact model",),
    ),
    Row(
        "impact:model_publish",
        "object-owner",
        u("impact:model_publish", DRAFT),
        POST_ONLY_GET,
        only(MODEL_EDITORS, "redirect"),
        objects=("impact model",),
    ),
    Row(
        "impact:model_delete",
        "object-owner",
        u("impact:model_delete", DRAFT),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, "redirect"),
        objects=("impact model",),
    ),
    Row(
        "impact:value_add",
        "object-owner",
        u("impact:value_add", DRAFT, obj("indicator")),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, 400),
        objects=("impact model",),
    ),
    Row(
        "impact:part_add",
        "object-owner",
        kw("impact:part_add", uuid=DRAFT, kind="stakeholder"),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, 400),
        objects=("impact model",),
    ),
    Row(
        "impact:part_edit",
        "object-owner",
        kw("impact:part_edit", uuid=DRAFT, kind="stakeholder", pk=obj("stakeholder")),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, 400),
        objects=("impact model",),
    ),
    Row(
        "impact:part_delete",
        "object-owner",
        kw("impact:part_delete", uuid=DRAFT, kind="stakeholder", pk=obj("stakeholder")),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, "redirect"),
        objects=("impact model",),
    ),
    Row(
        "impact:guide_step",
        "object-owner",
        u("impact:guide_step", DRAFT, 2),
        only(MODEL_EDITORS, 200),
        only(MODEL_EDITORS, "redirect"),
        objects=("impact model",),
    ),
]
for _name in ("report", "report_json", "report_csv", "report_jsonld"):
    ROWS += [
        Row(
            f"impact:{_name}",
            "object-owner",
            u(f"impact:{_name}", DRAFT),
            only(MODEL_EDITORS, 200, anonymous=404),
            NO_POST,
            objects=("impact model",),
        ),
        Row(
            f"impact:{_name}",
            "public",
            u(f"impact:{_name}", PUBLISHED),
            PUBLIC_GET,
            NO_POST,
        ),
    ]

# --- follows and feeds ---------------------------------------------------------------------

ROWS += [
    Row(
        "follows:mine",
        "member",
        u("follows:mine"),
        MEMBERS_GET,
        members(400),
        objects=("follow",),
    ),
    Row(
        "follows:follow",
        "member",
        u("follows:follow"),
        everyone(405),
        members(400),
        objects=("follow",),
    ),
    Row(
        "follows:remove",
        "object-owner",
        u("follows:remove", obj("follow")),
        POST_ONLY_GET,
        members("redirect"),
        note="everyone is sent back to their own follows; only the owner's removes it",
        objects=("follow",),
    ),
    Row(
        "follows:unsubscribe",
        "token-link",
        u("follows:unsubscribe", world_value("unsubscribe_token")),
        PUBLIC_GET,
        PUBLIC_GET,
        note="one-click unsubscribe (RFC 8058) by the signed link in the digest",
        objects=("follow",),
    ),
    Row(
        "follows:unsubscribe",
        "token-link",
        u("follows:unsubscribe", "forfalskad"),
        everyone(400),
        everyone(400),
    ),
    Row("feeds:index", "public", u("feeds:index"), PUBLIC_GET, NO_POST),
]
for _name in ("all_atom", "all_rss", "all_ics"):
    ROWS.append(
        Row(f"feeds:{_name}", "public", u(f"feeds:{_name}"), PUBLIC_GET, NO_POST)
    )
for _group, _value in (("node", "malmo"), ("theme", None), ("kind", "innovation")):
    for _format in ("atom", "rss", "ics"):
        if _group == "kind" and _format == "ics":
            continue
        _arg = _value or (lambda w: w.theme_slug)
        ROWS.append(
            Row(
                f"feeds:{_group}_{_format}",
                "public",
                u(f"feeds:{_group}_{_format}", _arg),
                PUBLIC_GET,
                NO_POST,
            )
        )


def rows_by_name() -> dict[str, list[Row]]:
    table: dict[str, list[Row]] = {}
    for row in ROWS:
        table.setdefault(row.name, []).append(row)
    return table


def outcome(response) -> Outcome:
    """What a response amounts to, in the table's words."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = urlsplit(response.get("Location", "")).path
        if "/2fa/" in location:
            return "mfa"
        if "/login/" in location:
            return "login"
        return "redirect"
    return status


def iter_cells(row: Row) -> Iterator[tuple[str, str, Outcome]]:
    for method, table in (("GET", row.get), ("POST", row.post)):
        for role in ROLES:
            yield method, role, table[role]


# --- the Wagtail admin: samples for the prefix rule ------------------------------------------
# Signed-in members without admin rights are sent to the login page by Wagtail (with
# "you do not have permission"); editors whose session has not passed TOTP are sent
# to the two-factor stage (RequireStaffTwoFactorMiddleware).


def _admin_page_edit(key: str):
    return lambda w, lang: f"/admin/pages/{w.objects[key].pk}/edit/"


ADMIN_SAMPLES: list[Row] = [
    Row(
        "wagtailadmin_home",
        "node-editor",
        fixed("/admin/"),
        only(EDITORS, 200, "login"),
        only(EDITORS, 405, "login"),
    ),
    Row(
        "wagtailadmin_pages:edit",
        "node-editor",
        _admin_page_edit("malmo_page"),
        only(EDITORS, 200, "login"),
        only(EDITORS, 200, "login"),
        note="the node editor's own node page",
    ),
    Row(
        "wagtailadmin_pages:edit",
        "national-editor",
        _admin_page_edit("other_node_page"),
        only(("national_editor", "admin"), 200, "login", node_editor="redirect"),
        only(("national_editor", "admin"), 200, "login", node_editor="redirect"),
        note="another node's page: the node editor is refused",
    ),
    Row(
        "wagtailadmin_pages:edit",
        "node-editor",
        _admin_page_edit("submission"),
        only(EDITORS, 200, "login"),
        only(EDITORS, 200, "login"),
        note="a member's submitted case below the node: its reviewers",
        objects=("draft page", "submission"),
    ),
    Row(
        "wagtailadmin_pages:preview_on_edit",
        "node-editor",
        lambda w, lang: f"/admin/pages/{w.submission.pk}/edit/preview/",
        only(EDITORS, 200, "login"),
        only(EDITORS, 200, "login"),
        objects=("draft page",),
    ),
    Row(
        "wagtailsnippets_taxonomy_theme:list",
        "national-editor",
        fixed("/admin/snippets/taxonomy/theme/"),
        only(("national_editor", "admin"), 200, "login", node_editor="redirect"),
        only(("national_editor", "admin"), 405, "login", node_editor="redirect"),
    ),
    Row(
        "wagtailusers_users:index",
        "admin",
        fixed("/admin/users/"),
        only(
            ("admin",), 200, "login", node_editor="redirect", national_editor="redirect"
        ),
        only(
            ("admin",), 405, "login", node_editor="redirect", national_editor="redirect"
        ),
    ),
]


# Every kind of object the issue names, and whether it is private (someone who may not
# see it must get a 404, so its id tells nothing).
OBJECT_KINDS = {
    "registration": True,
    "message": True,
    "draft page": True,
    "submission": True,
    "profile": True,
    "organisation": True,
    "coalition": False,
    "need/offer": True,
    "impact model": True,
    "comment": True,
    "follow": False,
    "survey": True,
    "meeting request": False,
}
