"""Writes on comments: create, confirm, report, moderate, purge.

Every service is atomic and logged with `log_action`; mail goes out on commit. Audit
entries name comments by id only (see Comment.__str__), never an author or address.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Page

from motesplats.core.audit import log_action
from motesplats.core.mail import absolute_url
from motesplats.nodes.models import CommentModeration

from .enums import CommentStatus, ReportOutcome
from .models import Comment, CommentReport
from .selectors import (
    comment_moderators_for_page,
    moderation_mode_for_page,
    page_is_commentable,
)
from .text import clean_text

CONFIRM_SALT = "motesplats.comments.guest-confirm"


class CommentError(ValidationError):
    """A comment or report that cannot be accepted; the message is for the reader."""


# --- Mail (sent on commit) ---------------------------------------------------------


def _send_guest_confirmation(comment_id: int, language: str) -> None:
    comment = Comment.objects.select_related("page").get(pk=comment_id)
    if not comment.guest_email:
        return
    token = signing.dumps({"c": comment.pk}, salt=CONFIRM_SALT)
    with translation.override(language):
        context = {
            "comment": comment,
            "page_title": comment.page.title,
            "confirm_url": absolute_url(reverse("comments:confirm", args=[token])),
            "hours": settings.COMMENTS_GUEST_CONFIRM_HOURS,
        }
        subject = render_to_string("comments/email/guest_confirm_subject.txt", context)
        body = render_to_string("comments/email/guest_confirm.txt", context)
    send_mail(" ".join(subject.split()), body, None, [comment.guest_email])


def _send_moderation_notice(comment_id: int, event: str) -> None:
    comment = Comment.objects.select_related("page").get(pk=comment_id)
    for user in comment_moderators_for_page(comment.page):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "event": event,
                "page_title": comment.page.title,
                "page_url": absolute_url(comment.page.url or "/"),
                "queue_url": absolute_url(reverse("comments_admin:queue")),
                "threshold": settings.COMMENTS_AUTO_HIDE_REPORTS,
            }
            subject = render_to_string("comments/email/moderation_subject.txt", context)
            body = render_to_string("comments/email/moderation.txt", context)
        send_mail(" ".join(subject.split()), body, None, [user.email])


def _notify_moderators(comment: Comment, event: str) -> None:
    transaction.on_commit(lambda: _send_moderation_notice(comment.pk, event))


def _status_after_confirmation(page: Page) -> str:
    if moderation_mode_for_page(page) == CommentModeration.POST:
        return CommentStatus.PUBLISHED
    return CommentStatus.PENDING


# --- Writing and confirming ------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    page: Page,
    body: str,
    author: Any = None,
    guest_name: str = "",
    guest_email: str = "",
    parent: Comment | None = None,
    language: str = "",
) -> Comment:
    """A member's or a guest's comment on `page`, or a reply to a top-level comment.

    A member's comment is published at once on post-moderated nodes and waits for an
    editor on pre-moderated ones. A guest's comment waits for the guest to confirm
    their e-mail address first; they get a link by mail.
    """
    if not page_is_commentable(page) or not page.live:
        raise CommentError(_("Comments are not open on this page."))
    body = clean_text(body).strip()
    if not body:
        raise CommentError(_("Write a comment."))
    if parent is not None:
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if (
            parent.page_id != page.pk
            or parent.parent_id is not None
            or parent.status != CommentStatus.PUBLISHED
        ):
            raise CommentError(
                _("You can reply to a published comment on this page, not to a reply.")
            )
    is_member = getattr(author, "is_authenticated", False)
    if not is_member and not (guest_name.strip() and guest_email.strip()):
        raise CommentError(_("Guests give a name and an e-mail address."))
    now = timezone.now()
    if is_member:
        status = _status_after_confirmation(page)
    else:
        status = CommentStatus.UNCONFIRMED
    comment = Comment.objects.create(
        page=page,
        parent=parent,
        author=author if is_member else None,
        guest_name="" if is_member else clean_text(guest_name).strip(),
        guest_email="" if is_member else guest_email.strip(),
        body=body,
        status=status,
        created_at=now,
        published_at=now if status == CommentStatus.PUBLISHED else None,
    )
    log_action(
        action="comments.comment.created",
        actor=author,
        obj=comment,
        data={"status": status, "page": page.pk, "guest": not is_member},
    )
    if status == CommentStatus.UNCONFIRMED:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: _send_guest_confirmation(comment.pk, language))
    elif status == CommentStatus.PENDING:
        _notify_moderators(comment, "pending")
    return comment


def comment_for_token(*, token: str) -> Comment:
    """The unconfirmed (or already confirmed) guest comment a link points to."""
    max_age = timedelta(hours=settings.COMMENTS_GUEST_CONFIRM_HOURS)
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        comment = Comment.objects.select_related("page").get(
            pk=int(data["c"]), author__isnull=True, is_anonymised=False
        )
    except (
        signing.BadSignature,
        KeyError,
        TypeError,
        ValueError,
        Comment.DoesNotExist,
    ):
        raise CommentError(
            _("This link is not valid or has expired. Write your comment again.")
        ) from None
    return comment


@transaction.atomic
def comment_confirm_guest(*, token: str) -> Comment:
    """Confirm a guest's address; the comment then follows the node's moderation."""
    comment = comment_for_token(token=token)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != CommentStatus.UNCONFIRMED:
        return comment  # confirmed before: the link may be opened twice
    now = timezone.now()
    comment.email_confirmed_at = now
    comment.status = _status_after_confirmation(comment.page)
    if comment.status == CommentStatus.PUBLISHED:
        comment.published_at = now
    comment.save(update_fields=["email_confirmed_at", "status", "published_at"])
    log_action(
        action="comments.comment.confirmed",
        obj=comment,
        data={"status": comment.status},
    )
    if comment.status == CommentStatus.PENDING:
        _notify_moderators(comment, "pending")
    return comment


# --- Reports ---------------------------------------------------------------------------


@transaction.atomic
def comment_report(
    *,
    comment: Comment,
    reason: str,
    reporter_key: str,
    text: str = "",
    reporter: Any = None,
) -> CommentReport:
    """A reader's report. At COMMENTS_AUTO_HIDE_REPORTS open reports the comment hides."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != CommentStatus.PUBLISHED:
        raise CommentError(_("This comment is already being reviewed by an editor."))
    if comment.reports.filter(reporter_key=reporter_key).exists():
        raise CommentError(_("You have already reported this comment."))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment,
                reporter=reporter
                if getattr(reporter, "is_authenticated", False)
                else None,
                reporter_key=reporter_key,
                reason=reason,
                text=clean_text(text).strip(),
                snapshot=comment.body,
            )
    except IntegrityError:
        raise CommentError(_("You have already reported this comment.")) from None
    open_reports = comment.reports.filter(resolved_at__isnull=True).count()
    log_action(
        action="comments.comment.reported",
        actor=reporter,
        obj=comment,
        data={"reason": reason, "open_reports": open_reports},
    )
    if open_reports >= settings.COMMENTS_AUTO_HIDE_REPORTS:
        comment.status = CommentStatus.HIDDEN
        comment.save(update_fields=["status"])
        log_action(
            action="comments.comment.auto_hidden",
            obj=comment,
            data={"open_reports": open_reports},
        )
        _notify_moderators(comment, "hidden")
    return report


# --- Moderation ------------------------------------------------------------------------


def _decide(
    *, comment: Comment, actor: Any, allowed: tuple[str, ...], status: str, outcome: str
) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status not in allowed:
        raise CommentError(_("Someone else has already decided on this comment."))
    now = timezone.now()
    previous = comment.status
    comment.status = status
    comment.moderated_at = now
    comment.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
    if status == CommentStatus.PUBLISHED and comment.published_at is None:
        comment.published_at = now
    comment.save(
        update_fields=["status", "moderated_at", "moderated_by", "published_at"]
    )
    resolved = comment.reports.filter(resolved_at__isnull=True).update(
        resolved_at=now, outcome=outcome
    )
    log_action(
        action=f"comments.comment.{_VERBS[status, previous]}",
        actor=actor,
        obj=comment,
        data={"from": previous, "to": status, "reports_resolved": resolved},
    )
    return comment


_VERBS = {
    (CommentStatus.PUBLISHED, CommentStatus.PENDING): "approved",
    (CommentStatus.PUBLISHED, CommentStatus.HIDDEN): "restored",
    (CommentStatus.PUBLISHED, CommentStatus.PUBLISHED): "kept",
    **{
        (CommentStatus.REJECTED, s): "rejected"
        for s in (CommentStatus.PENDING, CommentStatus.HIDDEN, CommentStatus.PUBLISHED)
    },
}


@transaction.atomic
def comment_approve(*, comment: Comment, actor: Any) -> Comment:
    """Publish a pre-moderated comment."""
    return _decide(
        comment=comment,
        actor=actor,
        allowed=(CommentStatus.PENDING,),
        status=CommentStatus.PUBLISHED,
        outcome=ReportOutcome.DISMISSED,
    )


@transaction.atomic
def comment_restore(*, comment: Comment, actor: Any) -> Comment:
    """Keep a reported comment: show it again (if hidden) and dismiss its reports."""
    return _decide(
        comment=comment,
        actor=actor,
        allowed=(CommentStatus.HIDDEN, CommentStatus.PUBLISHED),
        status=CommentStatus.PUBLISHED,
        outcome=ReportOutcome.DISMISSED,
    )


@transaction.atomic
def comment_reject(*, comment: Comment, actor: Any) -> Comment:
    """Remove a comment from the page; its reports are upheld."""
    return _decide(
        comment=comment,
        actor=actor,
        allowed=(CommentStatus.PENDING, CommentStatus.HIDDEN, CommentStatus.PUBLISHED),
        status=CommentStatus.REJECTED,
        outcome=ReportOutcome.UPHELD,
    )


# --- Retention -------------------------------------------------------------------------


@transaction.atomic
def comment_purge_expired(*, now=None) -> dict[str, int]:
    """Apply the comments' retention rules; called by `user_purge_expired`."""
    now = now or timezone.now()
    unconfirmed = Comment.objects.filter(
        status=CommentStatus.UNCONFIRMED,
        created_at__lt=now - timedelta(hours=settings.COMMENTS_GUEST_CONFIRM_HOURS),
    )
    unconfirmed_count = unconfirmed.count()
    unconfirmed.delete()
    emails = (
        Comment.objects.exclude(guest_email="")
        .filter(
            created_at__lt=now
            - timedelta(days=settings.RETENTION_COMMENT_GUEST_EMAIL_DAYS)
        )
        .update(guest_email="")
    )
    rejected_cutoff = now - timedelta(days=settings.RETENTION_REJECTED_COMMENT_DAYS)
    rejected = Comment.objects.filter(
        status=CommentStatus.REJECTED, moderated_at__lt=rejected_cutoff
    )
    rejected_count = rejected.count()
    rejected.delete()
    counts = {
        "unconfirmed_guest_comments": unconfirmed_count,
        "guest_comment_emails": emails,
        "rejected_comments": rejected_count,
    }
    if any(counts.values()):
        log_action(action="comments.comment.purged", data=counts)
    return counts
