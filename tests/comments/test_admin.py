"""The moderation queue: who sees what, and what the actions do."""

from django.urls import reverse

import pytest

from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.comments.services import comment_create, comment_report
from motesplats.core.models import AuditEntry
from motesplats.nodes.models import Node
from motesplats.nodes.services import national_editor_add, node_editor_add
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"


@pytest.fixture
def malmo_editor(client):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=user)
    login_with_totp(client, user)
    return user


@pytest.fixture
def national_editor(client):
    user = UserFactory()
    national_editor_add(user=user)
    login_with_totp(client, user)
    return user


@pytest.fixture
def pending_in_lulea(pre_page, member):
    return comment_create(page=pre_page, body="Väntar i Luleå", author=member)


@pytest.fixture
def hidden_in_malmo(post_page, member, settings):
    settings.COMMENTS_AUTO_HIDE_REPORTS = 1
    comment = comment_create(page=post_page, body="Anmäld i Malmö", author=member)
    comment_report(comment=comment, reason="spam", reporter_key="k", text="Reklam!")
    Comment.objects.filter(pk=comment.pk).update(body="Ändrad efter anmälan")
    return comment


def test_queue_url_is_the_admin_one():
    assert reverse("comments_admin:queue") == QUEUE


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_node_editor_sees_only_their_nodes_comments(
    client, malmo_editor, pending_in_lulea, hidden_in_malmo
):
    html = client.get(QUEUE).content.decode()
    assert "Ändrad efter anmälan" in html
    assert "Väntar i Luleå" not in html
    # The snapshot shows what readers reported, before the edit.
    assert "Anmäld i Malmö" in html
    assert "Reklam!" in html


def test_node_editor_cannot_act_on_another_nodes_comment(
    client, malmo_editor, pending_in_lulea
):
    url = reverse("comments_admin:decide", args=[pending_in_lulea.pk, "approve"])
    response = client.post(url)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    pending_in_lulea.refresh_from_db()
    assert pending_in_lulea.status == CommentStatus.PENDING


def test_national_editor_sees_all_including_the_demo_pending_comment(
    client, national_editor, pending_in_lulea, hidden_in_malmo
):
    html = client.get(QUEUE).content.decode()
    assert "Väntar i Luleå" in html
    assert "Ändrad efter anmälan" in html
    assert "Tornedalen" in html  # the demo's pending comment


def test_approve_publishes_and_is_audited(client, national_editor, pending_in_lulea):
    url = reverse("comments_admin:decide", args=[pending_in_lulea.pk, "approve"])
    response = client.post(url)
    assert response.status_code == 302
    pending_in_lulea.refresh_from_db()
    assert pending_in_lulea.status == CommentStatus.PUBLISHED
    entry = AuditEntry.objects.get(
        action="comments.comment.approved", object_id=str(pending_in_lulea.pk)
    )
    assert entry.actor == national_editor
    assert "Väntar i Luleå" not in client.get(QUEUE).content.decode()


def test_restore_and_reject(client, malmo_editor, hidden_in_malmo, post_page, member):
    url = reverse("comments_admin:decide", args=[hidden_in_malmo.pk, "restore"])
    client.post(url)
    hidden_in_malmo.refresh_from_db()
    assert hidden_in_malmo.status == CommentStatus.PUBLISHED
    other = comment_create(page=post_page, body="Ska bort", author=member)
    client.post(reverse("comments_admin:decide", args=[other.pk, "reject"]))
    other.refresh_from_db()
    assert other.status == CommentStatus.REJECTED
    assert "Ska bort" not in client.get(post_page.url).content.decode()


def test_actions_need_post_and_a_known_action(
    client, national_editor, pending_in_lulea
):
    approve = reverse("comments_admin:decide", args=[pending_in_lulea.pk, "approve"])
    assert client.get(approve).status_code == 405
    bogus = reverse("comments_admin:decide", args=[pending_in_lulea.pk, "delete"])
    assert client.post(bogus).status_code != 200
    pending_in_lulea.refresh_from_db()
    assert pending_in_lulea.status == CommentStatus.PENDING


def test_admin_user_without_a_node_cannot_open_the_queue(client):
    from django.contrib.auth.models import Group, Permission  # noqa: PLC0415

    user = UserFactory()
    group = Group.objects.create(name="Bara admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    login_with_totp(client, user)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert '"/admin/comments/"' not in client.get("/admin/").content.decode()


def test_menu_item_shows_for_node_editors(client, malmo_editor):
    # The sidebar is built from JSON in the page, so the URL appears quoted.
    assert '"/admin/comments/"' in client.get("/admin/").content.decode()


def test_queue_serves_no_inline_script(client, national_editor, hidden_in_malmo):
    from tests.core.test_admin_csp import _inline_scripts  # noqa: PLC0415

    assert _inline_scripts(client.get(QUEUE).content.decode()) == []


def test_queue_query_count_does_not_grow(client, national_editor, post_page, member):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(QUEUE)
        return len(ctx.captured_queries)

    count()
    baseline = count()
    Node.objects.filter(slug="malmo").update(comment_moderation="pre")
    for i in range(6):
        comment = comment_create(page=post_page, body=f"K{i}", author=member)
        assert comment.status == CommentStatus.PENDING
    assert count() == baseline
