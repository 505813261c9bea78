"""Who may open what, for every page of the actors app and every role.

Roles: a visitor, a member, an organisation's administrator, a coalition's
coordinator, the author of a need, the two ends of a message, and an editor. The
table below is the policy; `test_every_route_is_in_the_matrix` fails when a route is
added without deciding who may open it. Outcomes: "ok" (200), "login" (sent to log
in), "deny" (403 or 404: nothing shown, and an id that exists is not told apart from
one that does not), "post" (the URL only takes POST: a GET is refused with 405),
"redirect" (sent on elsewhere, e.g. to fill in a profile first).
"""

from django.urls import get_resolver, reverse
from django.utils import timezone

import pytest

from motesplats.actors.enums import (
    NeedOfferStatus,
    OrganisationStatus,
    SurveyStatus,
    Visibility,
)
from motesplats.actors.models import Message, Survey
from motesplats.nodes.services import national_editor_add
from tests.actors.factories import (
    CoalitionFactory,
    NeedOfferFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "org_admin", "coordinator", "author", "sender", "editor")
ALL_OK = dict.fromkeys(ROLES, "ok")
MEMBERS_OK = {**dict.fromkeys(ROLES, "ok"), "visitor": "login"}
POST_ONLY = {**dict.fromkeys(ROLES, "post"), "visitor": "login"}


def only(*roles: str, others: str = "deny") -> dict[str, str]:
    table = dict.fromkeys(ROLES, others)
    table["visitor"] = "login"
    table.update(dict.fromkeys(roles, "ok"))
    return table


@pytest.fixture
def world(en):
    """One of everything, and a user for each role."""
    users = {role: UserFactory() for role in ROLES if role != "visitor"}
    national_editor_add(user=users["editor"])
    org = OrganisationFactory(name="Matrisföreningen")
    add_org_member(org, users["org_admin"], admin=True)
    proposed = OrganisationFactory(
        name="Föreslagna föreningen", status=OrganisationStatus.PROPOSED
    )
    coalition = CoalitionFactory()
    add_coalition_member(coalition, user=users["coordinator"], coordinator=True)
    need = NeedOfferFactory(author=users["author"])
    closed = NeedOfferFactory(author=users["author"], status=NeedOfferStatus.CLOSED)
    listed = ProfileFactory(
        is_listed=True, name_visibility=Visibility.PUBLIC, user=UserFactory()
    )
    unlisted = ProfileFactory(is_listed=False, user=UserFactory())
    message = Message.objects.create(
        sender=users["sender"],
        recipient=listed.user,
        subject="Samarbete?",
        body="Hej! Vill ni samarbeta kring läxhjälp?",
    )
    open_survey = Survey.objects.create(
        title_sv="Öppen enkät",
        slug="oppen-enkat",
        status=SurveyStatus.OPEN,
        results_public=True,
    )
    hidden_results = Survey.objects.create(
        title_sv="Enkät med dolda resultat",
        slug="dolda-resultat",
        status=SurveyStatus.OPEN,
        results_public=False,
    )
    draft = Survey.objects.create(
        title_sv="Utkast", slug="utkast", status=SurveyStatus.DRAFT
    )
    return {
        "users": users,
        "org": org,
        "proposed": proposed,
        "coalition": coalition,
        "need": need,
        "closed": closed,
        "listed": listed,
        "unlisted": unlisted,
        "message": message,
        "open_survey": open_survey,
        "hidden_results": hidden_results,
        "draft": draft,
        "closes": timezone.now(),
    }


# (route name, how to build its arguments from the world, expected outcome per role)
MATRIX = [
    ("hub", None, ALL_OK),
    ("organisation_list", None, ALL_OK),
    ("organisation_propose", None, MEMBERS_OK),
    ("organisation_detail", lambda w: [w["org"].slug], ALL_OK),
    (
        "organisation_detail",
        lambda w: [w["proposed"].slug],
        {**only("editor"), "visitor": "deny"},
    ),
    ("organisation_join", lambda w: [w["org"].slug], POST_ONLY),
    ("organisation_leave", lambda w: [w["org"].slug], POST_ONLY),
    ("organisation_members", lambda w: [w["org"].slug], only("org_admin", "editor")),
    ("organisation_edit", lambda w: [w["org"].slug], only("org_admin", "editor")),
    ("profile_edit", None, MEMBERS_OK),
    # Without a profile there is nothing to preview: members are sent to make one.
    ("profile_preview", None, {**POST_ONLY, **dict.fromkeys(ROLES[1:], "redirect")}),
    ("people_list", None, ALL_OK),
    ("profile_detail", lambda w: [w["listed"].uuid], ALL_OK),
    (
        "profile_detail",
        lambda w: [w["unlisted"].uuid],
        {**dict.fromkeys(ROLES, "deny")},
    ),
    ("message_inbox", None, MEMBERS_OK),
    ("message_sent", None, MEMBERS_OK),
    # Without a recipient there is no one to write to.
    ("message_send", None, {**only(), "visitor": "login"}),
    ("message_send", lambda w: ([], f"?to={w['listed'].uuid}"), MEMBERS_OK),
    ("message_send", lambda w: ([], f"?organisation={w['org'].uuid}"), MEMBERS_OK),
    ("message_send", lambda w: ([], f"?regarding={w['need'].uuid}"), MEMBERS_OK),
    ("message_detail", lambda w: [w["message"].uuid], only("sender")),
    ("coalition_list", None, ALL_OK),
    ("coalition_detail", lambda w: [w["coalition"].slug], ALL_OK),
    # The join page asks as whom and why; the coordinator is a member already.
    (
        "coalition_join",
        lambda w: [w["coalition"].slug],
        {**MEMBERS_OK, "coordinator": "redirect"},
    ),
    ("coalition_leave", lambda w: [w["coalition"].slug], POST_ONLY),
    ("coalition_follow", lambda w: [w["coalition"].slug], POST_ONLY),
    (
        "coalition_manage",
        lambda w: [w["coalition"].slug],
        only("coordinator", "editor"),
    ),
    ("need_list", None, ALL_OK),
    ("need_create", None, MEMBERS_OK),
    ("need_mine", None, MEMBERS_OK),
    ("need_detail", lambda w: [w["need"].uuid], ALL_OK),
    (
        "need_detail",
        lambda w: [w["closed"].uuid],
        {**only("author", "editor"), "visitor": "deny"},
    ),
    ("need_edit", lambda w: [w["need"].uuid], only("author", "editor")),
    ("need_close", lambda w: [w["need"].uuid], POST_ONLY),
    ("suggestions", None, MEMBERS_OK),
    ("survey_list", None, ALL_OK),
    ("survey_detail", lambda w: [w["open_survey"].slug], ALL_OK),
    (
        "survey_detail",
        lambda w: [w["draft"].slug],
        {**only("editor"), "visitor": "deny"},
    ),
    ("survey_results", lambda w: [w["open_survey"].slug], ALL_OK),
    (
        "survey_results",
        lambda w: [w["hidden_results"].slug],
        {**only("editor"), "visitor": "deny"},
    ),
    ("survey_results_csv", lambda w: [w["open_survey"].slug], ALL_OK),
    (
        "survey_results_csv",
        lambda w: [w["hidden_results"].slug],
        {**only("editor"), "visitor": "deny"},
    ),
    (
        "survey_answers_csv",
        lambda w: [w["open_survey"].slug],
        {**only("editor"), "visitor": "deny"},
    ),
]

# Routes whose access is decided by what is asked of them, tested in their own modules.
ELSEWHERE = {"survey_thanks"}


def _outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code in (403, 404):
        return "deny"
    if response.status_code == 405:
        return "post"
    if response.status_code == 302:
        return "redirect"
    return f"status {response.status_code}"


def test_every_route_is_in_the_matrix():
    resolver = get_resolver()
    routes = {
        name
        for name in resolver.namespace_dict["actors"][1].reverse_dict
        if isinstance(name, str)
    }
    decided = {name for name, _args, _table in MATRIX} | ELSEWHERE
    assert routes - decided == set()


@pytest.mark.parametrize(
    ("name", "args", "table"),
    MATRIX,
    ids=[f"{n}-{i}" for i, (n, _a, _t) in enumerate(MATRIX)],
)
def test_who_may_open_what(client, world, name, args, table):
    built = args(world) if args else []
    path_args, query = built if isinstance(built, tuple) else (built, "")
    url = reverse(f"actors:{name}", args=path_args) + query
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "visitor":
            client.force_login(world["users"][role])
        seen[role] = _outcome(client.get(url))
    assert seen == table, url


def test_a_message_is_read_by_its_recipient_and_no_one_else(client, world):
    url = reverse("actors:message_detail", args=[world["message"].uuid])
    client.force_login(world["listed"].user)
    assert client.get(url).status_code == 200
    client.force_login(world["unlisted"].user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "key", "allowed"),
    [
        ("need_close", "need", "author"),
        ("organisation_edit", "org", "org_admin"),
    ],
)
def test_others_cannot_change_what_is_not_theirs(client, world, name, key, allowed):
    obj = world[key]
    arg = getattr(obj, "uuid", None) if name.startswith("need") else obj.slug
    url = reverse(f"actors:{name}", args=[arg])
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    for role in ROLES:
        if role in (allowed, "editor"):
            continue
        client.logout()
        if role != "visitor":
            client.force_login(world["users"][role])
        response = client.post(url, {"name": "Kapad", "description_sv": "Kapad"})
        assert _outcome(response) in ("login", "deny"), (role, response.status_code)
    after = type(obj).objects.filter(pk=obj.pk).values().get()
    assert after == before
