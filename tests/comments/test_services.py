"""Writing, confirming, reporting and moderating comments through the services."""

import re
from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from motesplats.comments.enums import CommentStatus, ReportOutcome, ReportReason
from motesplats.comments.models import Comment, CommentReport
from motesplats.comments.services import (
    comment_approve,
    comment_confirm_guest,
    comment_create,
    comment_reject,
    comment_report,
    comment_restore,
)
from motesplats.core.models import AuditEntry
from motesplats.nodes.models import CommentModeration, Node
from motesplats.nodes.services import node_editor_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _report(comment, n, reason=ReportReason.SPAM, text=""):
    return comment_report(
        comment=comment, reason=reason, text=text, reporter_key=f"key-{n}"
    )


def _confirm_token(message) -> str:
    # The link's last path segment, whatever the language's URL words are.
    link = re.search(r"https?://\S+", message.body).group(0)
    return link.rstrip("/").rsplit("/", 1)[1]


def test_member_comment_is_published_at_once_on_a_post_moderated_node(
    post_page, member
):
    comment = comment_create(page=post_page, body="Bra exempel!", author=member)
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.published_at is not None
    assert AuditEntry.objects.filter(
        action="comments.comment.created", object_id=str(comment.pk)
    ).exists()


def test_member_comment_waits_for_an_editor_on_a_pre_moderated_node(
    pre_page, member, django_capture_on_commit_callbacks
):
    lulea = Node.objects.get(slug="lulea")
    editor = UserFactory(email="lulea.redaktor@example.org")
    node_editor_add(node=lulea, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(page=pre_page, body="En fråga", author=member)
    assert comment.status == CommentStatus.PENDING
    assert comment.published_at is None
    # The node's editors are told, and nobody else.
    assert [m.to for m in mail.outbox] == [["lulea.redaktor@example.org"]]
    assert "/admin/comments/" in mail.outbox[0].body


def test_switching_a_node_to_post_moderation_publishes_new_comments(pre_page, member):
    Node.objects.filter(slug="lulea").update(comment_moderation=CommentModeration.POST)
    comment = comment_create(page=pre_page, body="Nu direkt", author=member)
    assert comment.status == CommentStatus.PUBLISHED


def test_guest_comment_waits_for_email_confirmation_then_follows_the_node(
    post_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(
            page=post_page,
            body="Gästens kommentar",
            guest_name="Gustav Gäst",
            guest_email="gustav@example.org",
            language="sv",
        )
    assert comment.status == CommentStatus.UNCONFIRMED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gustav@example.org"]
    token = _confirm_token(mail.outbox[0])
    confirmed = comment_confirm_guest(token=token)
    assert confirmed.status == CommentStatus.PUBLISHED
    assert confirmed.email_confirmed_at is not None
    # Opening the link twice changes nothing.
    assert comment_confirm_guest(token=token).status == CommentStatus.PUBLISHED


def test_confirmed_guest_comment_on_pre_moderated_node_goes_to_the_queue(
    pre_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(
            page=pre_page,
            body="Gästfråga",
            guest_name="Greta",
            guest_email="greta@example.org",
        )
    comment = comment_confirm_guest(token=_confirm_token(mail.outbox[0]))
    assert comment.status == CommentStatus.PENDING


def test_confirmation_link_expires(
    post_page, settings, django_capture_on_commit_callbacks
):
    from freezegun import freeze_time  # noqa: PLC0415 -- only this test moves time

    with django_capture_on_commit_callbacks(execute=True):
        comment_create(
            page=post_page, body="x", guest_name="G", guest_email="g@example.org"
        )
    token = _confirm_token(mail.outbox[0])
    hours = settings.COMMENTS_GUEST_CONFIRM_HOURS
    later = timezone.now() + timedelta(hours=hours + 1)
    with freeze_time(later), pytest.raises(ValidationError):
        comment_confirm_guest(token=token)


def test_a_tampered_confirmation_link_is_refused():
    with pytest.raises(ValidationError):
        comment_confirm_guest(token="eyJjIjoxfQ:1abcde:forged")


def test_replies_go_one_level_deep(post_page, member):
    top = comment_create(page=post_page, body="Överst", author=member)
    reply = comment_create(page=post_page, body="Svar", author=member, parent=top)
    assert reply.parent == top
    with pytest.raises(ValidationError):
        comment_create(page=post_page, body="Svar på svar", author=member, parent=reply)


def test_a_reply_must_be_on_the_same_page_and_to_a_published_comment(
    post_page, pre_page, member
):
    elsewhere = comment_create(page=post_page, body="Där", author=member)
    with pytest.raises(ValidationError):
        comment_create(page=pre_page, body="Här", author=member, parent=elsewhere)
    pending = comment_create(page=pre_page, body="Väntar", author=member)
    with pytest.raises(ValidationError):
        comment_create(page=pre_page, body="Svar", author=member, parent=pending)


def test_pages_outside_the_knowledge_bank_take_no_comments(member):
    from motesplats.pages.models import HomePage  # noqa: PLC0415 -- test-only lookup

    with pytest.raises(ValidationError):
        comment_create(page=HomePage.objects.first(), body="Hej", author=member)


def test_a_report_keeps_a_snapshot_of_the_text_as_it_was(post_page, member):
    comment = comment_create(page=post_page, body="Originaltext", author=member)
    report = _report(comment, 1, reason=ReportReason.OFFENSIVE, text="Kränkande")
    Comment.objects.filter(pk=comment.pk).update(body="Ändrad text")
    report.refresh_from_db()
    assert report.snapshot == "Originaltext"
    assert report.reason == ReportReason.OFFENSIVE
    assert report.text == "Kränkande"


def test_one_report_per_reader_and_comment(post_page, member):
    comment = comment_create(page=post_page, body="Text", author=member)
    _report(comment, 1)
    with pytest.raises(ValidationError):
        _report(comment, 1)
    assert comment.reports.count() == 1


def test_comment_hides_at_the_threshold_and_editors_are_told(
    post_page, member, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_AUTO_HIDE_REPORTS = 2
    malmo = Node.objects.get(slug="malmo")
    editor = UserFactory(email="malmo.moderator@example.org")
    node_editor_add(node=malmo, user=editor)
    comment = comment_create(page=post_page, body="Spam spam", author=member)
    with django_capture_on_commit_callbacks(execute=True):
        _report(comment, 1)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _report(comment, 2)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    recipients = {address for m in mail.outbox for address in m.to}
    assert "malmo.moderator@example.org" in recipients
    assert AuditEntry.objects.filter(
        action="comments.comment.auto_hidden", object_id=str(comment.pk)
    ).exists()
    # A hidden comment cannot be reported again until an editor decides.
    with pytest.raises(ValidationError):
        _report(comment, 3)


def test_restore_shows_the_comment_again_and_dismisses_reports(
    post_page, member, settings
):
    settings.COMMENTS_AUTO_HIDE_REPORTS = 1
    editor = UserFactory()
    comment = comment_create(page=post_page, body="Omstridd", author=member)
    _report(comment, 1)
    comment_restore(comment=comment, actor=editor)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.moderated_by == editor
    assert list(comment.reports.values_list("outcome", flat=True)) == [
        ReportOutcome.DISMISSED
    ]
    # New reports count afresh: one more reaches the threshold again.
    _report(comment, 2)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN


def test_reject_removes_the_comment_and_upholds_reports(post_page, member):
    editor = UserFactory()
    comment = comment_create(page=post_page, body="Otrevligt", author=member)
    _report(comment, 1)
    comment_reject(comment=comment, actor=editor)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert comment.reports.get().outcome == ReportOutcome.UPHELD
    entry = AuditEntry.objects.get(
        action="comments.comment.rejected", object_id=str(comment.pk)
    )
    assert entry.actor == editor
    assert entry.data["reports_resolved"] == 1


def test_approve_publishes_a_pending_comment_once(pre_page, member):
    editor = UserFactory()
    comment = comment_create(page=pre_page, body="Väntar", author=member)
    comment_approve(comment=comment, actor=editor)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.published_at is not None
    # A second editor acting on a stale queue gets a clear message, not a change.
    with pytest.raises(ValidationError):
        comment_approve(comment=comment, actor=editor)


def test_audit_entries_hold_no_names_or_addresses(post_page):
    comment = comment_create(
        page=post_page,
        body="x",
        guest_name="Hemlig Gäst",
        guest_email="hemlig@example.org",
    )
    _ = comment
    dump = "".join(str(e.__dict__) for e in AuditEntry.objects.all())
    assert "Hemlig" not in dump
    assert "hemlig@example.org" not in dump


def test_report_reason_must_be_a_known_choice_in_the_form():
    from motesplats.comments.forms import ReportForm  # noqa: PLC0415

    assert not ReportForm({"reason": "bogus"}).is_valid()
    assert ReportForm({"reason": ReportReason.SPAM}).is_valid()


def test_reports_count_only_for_published_comments(pre_page, member):
    comment = comment_create(page=pre_page, body="Väntar", author=member)
    with pytest.raises(ValidationError):
        _report(comment, 1)
    assert not CommentReport.objects.filter(comment=comment).exists()
