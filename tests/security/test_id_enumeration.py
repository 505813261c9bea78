"""Walking ids: member B changes the id, uuid or token in URLs, POST bodies and API
query strings to reach member A's objects, and never sees or changes them.

A is `member` of the security world (tests/security/world.py); everything A wrote
carries a canary (name, e-mail, a unique text). B is `other_member`, a member with
their own account and objects. Every answer B gets is searched for A's canaries; after
every POST, A's object is read again and must be unchanged.
"""

import contextlib
import json

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.actors.enums import MembershipStatus
from motesplats.actors.models import (
    CoalitionMember,
    Message,
    NeedOffer,
    OrganisationMembership,
)
from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.events.models import MeetingRequest, Registration
from motesplats.events.services.tickets import participant_key
from motesplats.impact.models import ChangeLink, ImpactModel, Stakeholder
from motesplats.impact.services import impact_model_create
from motesplats.pages.follows.models import Follow
from tests.actors.factories import OrganisationFactory, add_org_member
from tests.events.factories import book
from tests.security.world import CANARIES, CANARY_TEXT, url

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON may escape å, ä and ö: read it back so the canaries compare as text.
        with contextlib.suppress(ValueError):
            body += json.dumps(json.loads(body), ensure_ascii=False)
    return body


def assert_no_canary(response, where: str) -> None:
    text = _text(response)
    leaked = [canary for canary in CANARIES if canary in text]
    assert leaked == [], f"{where} showed {leaked} to another member"


@pytest.fixture
def b(world):
    cache.clear()
    return world.client("other_member")


@pytest.fixture
def a(world):
    return world.client("member")


def _row(obj) -> dict:
    return type(obj).objects.filter(pk=obj.pk).values().get()


# --- reading: the canaries are where A may see them, and nowhere B can reach ------------


def _private_urls(world) -> dict[str, str]:
    draft = world.draft_model.uuid
    part = {"uuid": draft, "kind": "stakeholder", "pk": world.stakeholder.pk}
    with translation.override("sv"):
        return {
            "message": url("actors:message_detail", world.message.uuid),
            "reply form": url(
                "actors:message_send", query=f"?reply={world.message.uuid}"
            ),
            "unlisted profile": url("actors:profile_detail", world.profile.uuid),
            "closed need": url("actors:need_detail", world.closed_need.uuid),
            "proposed organisation": url(
                "actors:organisation_detail", world.proposed_org.slug
            ),
            "draft model": url("impact:model_detail", draft),
            "draft model's edit form": url("impact:model_edit", draft),
            "draft model's report": url("impact:report", draft),
            "draft model's report as JSON": url("impact:report_json", draft),
            "draft model's report as CSV": url("impact:report_csv", draft),
            "draft model's report as JSON-LD": url("impact:report_jsonld", draft),
            "draft model's guide": url("impact:guide_step", draft, 2),
            "draft model's stakeholder": reverse("impact:part_edit", kwargs=part),
            "draft model's indicator": url(
                "impact:value_add", draft, world.indicator.pk
            ),
            "pending comment": url("comments:report", world.pending_comment.pk),
            "submitted case": world.submission.specific.get_url() or "/",
            "meetings": url("events:meetings_mine", world.event.pk),
        }


def test_a_sees_their_own_canaries(world, a):
    """The check below can fail: A's own pages do show the canaries."""
    urls = _private_urls(world)
    for what in ("message", "closed need", "draft model", "draft model's report"):
        response = a.get(urls[what])
        assert response.status_code == 200, what
        assert CANARY_TEXT in _text(response), what


def test_b_reaches_none_of_as_private_objects(world, b):
    for what, path in _private_urls(world).items():
        response = b.get(path)
        assert response.status_code in (403, 404), (what, path, response.status_code)
        assert_no_canary(response, f"{what} ({path})")


def test_bs_own_pages_show_nothing_of_a(world, b):
    """Lists and exports are scoped to the person who asks."""
    for name in (
        "actors:message_inbox",
        "actors:message_sent",
        "actors:need_mine",
        "actors:people_list",
        "actors:suggestions",
        "impact:my_models",
        "knowledge:contributions",
        "follows:mine",
        "events:agenda",
        "accounts:my_data_download",
        "accounts:my_data_page",
    ):
        response = b.get(url(name))
        assert response.status_code == 200, name
        assert_no_canary(response, name)


def test_search_and_listings_do_not_find_as_private_text(world, b):
    # Part of a canary only: the pages repeat the query, and that is not a leak.
    query = "?q=Kanarietext"
    for path in (
        url("search") + query,
        url("actors:people_list") + "?q=kanariefagel",
        url("actors:organisation_list") + query,
        url("actors:need_list") + query,
        url("impact:model_list") + query,
        url("feeds:all_atom"),
    ):
        response = b.get(path)
        assert response.status_code == 200, path
        assert_no_canary(response, path)


# --- ids, uuids and tokens in the URL --------------------------------------------------


def test_walking_integer_ids_in_urls(world, b):
    """B walks the ids around A's: comment reports, follows, parts of a model."""
    own = impact_model_create(user=world.users["other_member"], title="Bs modell")
    for pk in range(world.pending_comment.pk - 3, world.pending_comment.pk + 4):
        response = b.get(url("comments:report", pk))
        assert_no_canary_unless_public(response, pk)
    for kind, pk in (
        ("stakeholder", world.stakeholder.pk),
        ("step", world.step.pk),
        ("indicator", world.indicator.pk),
    ):
        # A's part under B's own model: the part is looked up inside the model.
        path = reverse(
            "impact:part_edit", kwargs={"uuid": own.uuid, "kind": kind, "pk": pk}
        )
        response = b.get(path)
        assert response.status_code == 404, path
        assert_no_canary(response, path)
    response = b.get(url("impact:value_add", own.uuid, world.indicator.pk))
    assert response.status_code == 404
    assert_no_canary(response, "value_add")


def assert_no_canary_unless_public(response, pk) -> None:
    published = Comment.objects.filter(pk=pk, status=CommentStatus.PUBLISHED)
    assert response.status_code == (200 if published.exists() else 404), pk
    assert_no_canary(response, f"comment {pk}")


def _another_last_character(token: str) -> str:
    """`token` one character off (a token may itself end in "x")."""
    return token[:-1] + ("y" if token.endswith("x") else "x")


def test_bookings_open_only_with_their_own_key(world, b):
    """B has a booking of their own; neither B's key with A's participant nor a
    participant key made up from A's id opens anything of A."""
    own = book(world.event, "Bo Nyfiken").booking
    own_registration = own.registrations.get()
    theirs = world.registration
    key_part = participant_key(own_registration).split("-", 1)[1]
    attempts = [
        url("events:booking_change", own.manage_token, theirs.pk),
        url("events:booking_cancel", own.manage_token, theirs.pk),
        url("events:booking_offer", own.manage_token, theirs.pk),
        url("events:booking", f"{theirs.pk}-{key_part}"),
        url("events:booking", f"{theirs.pk}-{'0' * 32}"),
        url("events:booking", _another_last_character(world.booking.manage_token)),
        url("events:booking_change", f"{theirs.pk}-{key_part}", theirs.pk),
    ]
    before = _row(theirs)
    for path in attempts:
        assert_no_canary(b.get(path), path)
        response = b.post(path, {"name": "Kapad", "email": "kapad@example.org"})
        # The booking page itself only reads (405 to a POST, before any look-up).
        assert response.status_code in (404, 405), (path, response.status_code)
        assert_no_canary(response, path)
    assert _row(theirs) == before
    # B's own key still works for B's own participant.
    response = b.get(
        url("events:booking_change", own.manage_token, own_registration.pk)
    )
    assert response.status_code == 200


def test_the_ticket_code_opens_the_ticket_image_only(world, b):
    code = world.registration.ticket_code
    response = b.get(url("events:booking", code))
    assert response.status_code == 404
    assert_no_canary(response, "ticket code as a booking key")


# --- ids in POST bodies -------------------------------------------------------------------


def test_b_cannot_remove_as_follow(world, b):
    follow = world.follow
    for pk in (follow.pk, follow.pk + 1, follow.pk - 1):
        response = b.post(url("follows:remove", pk))
        assert response.status_code == 302
    assert Follow.objects.filter(pk=follow.pk, user=world.users["member"]).exists()


def test_b_cannot_reply_in_as_thread(world, b):
    count = Message.objects.count()
    path = url("actors:message_send", query=f"?reply={world.message.uuid}")
    response = b.post(path, {"subject": "Kapat", "body": "Jag läser med."})
    assert response.status_code == 404
    assert_no_canary(response, "reply")
    assert Message.objects.count() == count


def test_b_cannot_change_as_need(world, b):
    need = world.need
    before = _row(need)
    edit = b.post(
        url("actors:need_edit", need.uuid), {"title": "Kapad", "description": "x"}
    )
    close = b.post(url("actors:need_close", need.uuid))
    assert edit.status_code == 403
    assert close.status_code == 403
    assert _row(need) == before
    assert NeedOffer.objects.get(pk=need.pk).status == before["status"]


def test_b_cannot_change_as_draft_model_or_its_parts(world, b):
    model, stakeholder = world.draft_model, world.stakeholder
    model_before, part_before = _row(model), _row(stakeholder)
    draft = model.uuid
    part = {"uuid": draft, "kind": "stakeholder", "pk": stakeholder.pk}
    for path, data in (
        (url("impact:model_edit", draft), {"title": "Kapad"}),
        (url("impact:model_publish", draft), {"publish": "1"}),
        (url("impact:model_delete", draft), {}),
        (reverse("impact:part_edit", kwargs=part), {"name": "Kapad"}),
        (reverse("impact:part_delete", kwargs=part), {}),
        (url("impact:guide_step", draft, 2), {"name": "Kapad"}),
    ):
        response = b.post(path, data)
        assert response.status_code == 404, (path, response.status_code)
        assert_no_canary(response, path)
    assert _row(model) == model_before
    assert _row(stakeholder) == part_before


def test_as_steps_cannot_be_linked_from_bs_model(world, b):
    own = impact_model_create(user=world.users["other_member"], title="Bs modell")
    path = reverse("impact:part_add", kwargs={"uuid": own.uuid, "kind": "link"})
    response = b.post(
        path,
        {"source": world.step.pk, "target": world.step.pk, "assumption": "Kapad"},
    )
    assert response.status_code == 400
    assert_no_canary(response, "link form")
    assert not ChangeLink.objects.filter(source=world.step).exists()
    assert not ChangeLink.objects.filter(target=world.step).exists()


def test_an_organisation_admin_cannot_decide_anothers_memberships(world):
    """The membership id in the form is looked up inside the admin's organisation."""
    other = OrganisationFactory(name="Annan förening")
    pending = add_org_member(other, world.users["member"], active=False)
    client = world.client("org_admin")
    path = url("actors:organisation_members", world.org.slug)
    for action, extra in (
        ("decide", {"decision": "approve"}),
        ("role", {"role": "admin"}),
        ("remove", {}),
    ):
        response = client.post(
            path, {"action": action, "membership": pending.pk, **extra}
        )
        assert response.status_code == 404, action
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING
    # And B, who administers nothing, gets nowhere with any organisation.
    b = world.client("other_member")
    response = b.post(
        url("actors:organisation_members", other.slug),
        {"action": "decide", "membership": pending.pk, "decision": "approve"},
    )
    assert response.status_code == 403
    assert OrganisationMembership.objects.get(pk=pending.pk).status == (
        MembershipStatus.PENDING
    )


def test_b_cannot_remove_the_coordinator_from_a_coalition(world, b):
    row = CoalitionMember.objects.get(
        coalition=world.coalition, user=world.users["coordinator"]
    )
    before = _row(row)
    response = b.post(
        url("actors:coalition_leave", world.coalition.slug), {"member": row.pk}
    )
    assert response.status_code == 403
    assert _row(row) == before


def test_b_cannot_mark_or_reach_meetings_without_a_place(world, b):
    count = MeetingRequest.objects.count()
    response = b.post(
        url("events:meetings_mark", world.event.pk),
        {"target": world.participant.pk, "wish": "must"},
    )
    assert response.status_code == 403
    assert_no_canary(response, "meetings_mark")
    assert MeetingRequest.objects.count() == count


def test_unsubscribe_tokens_are_bound_to_their_member(world, b):
    token = world.unsubscribe_token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = b.post(url("follows:unsubscribe", tampered))
    assert response.status_code == 400
    assert_no_canary(response, "unsubscribe")


# --- API query parameters ------------------------------------------------------------------


def test_the_api_gives_nothing_of_as_private_objects(world, b):
    anonymous = world.client("anonymous")
    attempts = [
        f"/api/v1/organisations/{world.proposed_org.uuid}",
        f"/api/v1/needs-offers/{world.closed_need.uuid}",
        f"/api/v1/knowledge/{world.submission.translation_key}",
        "/api/v1/search?q=Kanarietext",
        "/api/v1/knowledge?q=Kanarietext",
        "/api/v1/organisations?q=Kanarietext",
        "/api/v1/needs-offers?q=Kanarietext",
        "/api/v1/needs-offers?status=closed&q=Kanarietext",
        f"/api/v1/needs-offers?organisation={world.proposed_org.uuid}",
        "/api/v1/search?q=kanariefagel",
        "/api/v1/needs-offers?format=csv",
        "/api/v1/knowledge?status=draft",
    ]
    for path in attempts:
        for client in (b, anonymous):
            response = client.get(path)
            assert response.status_code in (200, 400, 404, 422), path
            assert_no_canary(response, path)


def test_suggestions_for_an_organisation_b_does_not_administer(world, b):
    path = url("actors:suggestions") + f"?organisation={world.org.uuid}"
    response = b.get(path)
    assert response.status_code == 404
    assert_no_canary(response, path)


def test_an_object_b_owns_is_still_theirs_after_the_walk(world, b):
    """Sanity: the refusals above are about A's objects, not about B."""
    own = impact_model_create(user=world.users["other_member"], title="Bs modell")
    assert b.get(url("impact:model_edit", own.uuid)).status_code == 200
    assert ImpactModel.objects.filter(pk=own.pk).exists()
    assert Stakeholder.objects.filter(model=own).count() == 0
    assert Registration.objects.filter(user=world.users["other_member"]).count() == 0


def test_walking_comment_ids_does_not_reach_hidden_pages(world, b):
    """A published comment on a page that is no longer public (unpublished, or
    restricted to signed-in members or a password) is not shown on the report form,
    whose integer id anyone can walk."""
    from wagtail.models import Page, PageViewRestriction  # noqa: PLC0415

    comment = world.comment
    path = url("comments:report", comment.pk)
    assert b.get(path).status_code == 200
    page = Page.objects.get(pk=comment.page_id)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    response = b.get(path)
    assert response.status_code == 404
    assert comment.body not in response.content.decode()
    restriction.delete()
    page.unpublish()
    response = world.client("anonymous").get(path)
    assert response.status_code == 404
    assert comment.body not in response.content.decode()
