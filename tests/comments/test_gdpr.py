"""Comment authors' data: exported, erased with the account, removed by retention."""

from datetime import timedelta

from django.utils import timezone

import pytest

from motesplats.accounts import gdpr
from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment, CommentReport
from motesplats.comments.services import (
    comment_create,
    comment_reject,
    comment_report,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_comments_handler_is_registered_with_a_retention_rule():
    handler = {h.name: h for h in gdpr.handlers()}["comments"]
    assert {m._meta.label for m in handler.models} == {
        "comments.Comment",
        "comments.CommentReport",
    }
    assert "RETENTION_COMMENT_GUEST_EMAIL_DAYS" in handler.retention
    assert callable(handler.extra["purge"])


def test_export_holds_comments_guest_comments_and_reports(post_page):
    user = UserFactory(email="exportera@example.org")
    mine = comment_create(page=post_page, body="Min kommentar", author=user)
    guest = comment_create(
        page=post_page,
        body="Skrevs som gäst",
        guest_name="Exporterbar",
        guest_email="EXPORTERA@example.org",
    )
    Comment.objects.filter(pk=guest.pk).update(email_confirmed_at=timezone.now())
    other = comment_create(page=post_page, body="Någon annans", author=UserFactory())
    comment_report(comment=other, reason="spam", reporter=user, reporter_key="k1")
    section = user_export(user=user)["sections"]["comments"]
    assert [c["text"] for c in section["comments"]] == ["Min kommentar"]
    assert section["comments"][0]["id"] == mine.pk
    assert [c["text"] for c in section["guest_comments"]] == ["Skrevs som gäst"]
    assert [r["comment"] for r in section["reports"]] == [other.pk]


def test_erase_anonymises_comments_and_unlinks_reports(client, post_page):
    user = UserFactory(email="radera@example.org", display_name="Raderas Persson")
    mine = comment_create(page=post_page, body="Stannar kvar", author=user)
    reply = comment_create(
        page=post_page, body="Svar", author=UserFactory(), parent=mine
    )
    guest = comment_create(
        page=post_page,
        body="Gäst",
        guest_name="Raderas P",
        guest_email="radera@example.org",
    )
    Comment.objects.filter(pk=guest.pk).update(
        email_confirmed_at=timezone.now(),
        status=CommentStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    unconfirmed = comment_create(
        page=post_page,
        body="Okänd",
        guest_name="Annan",
        guest_email="radera@example.org",
    )
    report = comment_report(
        comment=reply, reason="other", reporter=user, reporter_key="k-radera"
    )
    user_erase(user=user)
    mine.refresh_from_db()
    guest.refresh_from_db()
    unconfirmed.refresh_from_db()
    report.refresh_from_db()
    assert mine.author is None
    assert mine.is_anonymised
    assert mine.body == "Stannar kvar"
    assert Comment.objects.get(pk=reply.pk).parent_id == mine.pk
    assert guest.is_anonymised
    assert guest.guest_email == ""
    assert guest.guest_name == ""
    # Someone who never confirmed the address may not be the same person.
    assert unconfirmed.guest_email == "radera@example.org"
    assert report.reporter is None
    html = client.get(post_page.url).content.decode()
    assert "Raderas" not in html
    assert "radera@example.org" not in html
    assert "Raderat konto" in html or "Deleted account" in html


def test_erasing_a_moderator_keeps_their_decisions_without_the_link(post_page, member):
    editor = UserFactory()
    comment = comment_create(page=post_page, body="Bort", author=member)
    comment_reject(comment=comment, actor=editor)
    user_erase(user=editor)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert comment.moderated_by is None


def test_purge_clears_old_guest_addresses_and_stale_comments(post_page, settings):
    now = timezone.now()
    old_guest = comment_create(
        page=post_page, body="Gammal", guest_name="G", guest_email="gammal@example.org"
    )
    Comment.objects.filter(pk=old_guest.pk).update(
        status=CommentStatus.PUBLISHED,
        email_confirmed_at=now,
        created_at=now
        - timedelta(days=settings.RETENTION_COMMENT_GUEST_EMAIL_DAYS + 1),
    )
    new_guest = comment_create(
        page=post_page, body="Ny", guest_name="N", guest_email="ny@example.org"
    )
    stale = comment_create(
        page=post_page,
        body="Aldrig bekräftad",
        guest_name="S",
        guest_email="s@example.org",
    )
    Comment.objects.filter(pk=stale.pk).update(
        created_at=now - timedelta(hours=settings.COMMENTS_GUEST_CONFIRM_HOURS + 1)
    )
    rejected = comment_create(page=post_page, body="Avvisad", author=UserFactory())
    comment_report(comment=rejected, reason="spam", reporter_key="r")
    comment_reject(comment=rejected, actor=None)
    Comment.objects.filter(pk=rejected.pk).update(
        moderated_at=now - timedelta(days=settings.RETENTION_REJECTED_COMMENT_DAYS + 1)
    )

    counts = user_purge_expired()

    assert counts["guest_comment_emails"] == 1
    assert counts["unconfirmed_guest_comments"] == 1
    assert counts["rejected_comments"] == 1
    assert Comment.objects.get(pk=old_guest.pk).guest_email == ""
    assert Comment.objects.get(pk=new_guest.pk).guest_email == "ny@example.org"
    assert not Comment.objects.filter(pk__in=[stale.pk, rejected.pk]).exists()
    assert not CommentReport.objects.filter(comment_id=rejected.pk).exists()
    # Run again: nothing left to do.
    again = user_purge_expired()
    assert again["guest_comment_emails"] == 0
    assert again["rejected_comments"] == 0
