"""Readers' comments on pages, and readers' reports about comments.

Comments are records, not page content: they hold personal data (an author, a guest's
name and e-mail address), so they never go into page revisions and can be anonymised.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    BODY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REPORT_TEXT_MAX_LENGTH,
    CommentStatus,
    ReportOutcome,
    ReportReason,
)


class Comment(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="reader_comments",
    )
    # Replies go one level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="page_comments",
    )
    guest_name = models.CharField(
        _("guest's name"), max_length=NAME_MAX_LENGTH, blank=True
    )
    # Never shown anywhere public; cleared after RETENTION_COMMENT_GUEST_EMAIL_DAYS.
    guest_email = models.EmailField(_("guest's e-mail address"), blank=True)
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed"), null=True, blank=True
    )
    # The author's account was erased: the text stays, the name does not.
    is_anonymised = models.BooleanField(_("anonymised"), default=False)
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=12, choices=CommentStatus.choices, db_index=True
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self) -> str:
        # No names here: this text goes into the audit log.
        return f"comment #{self.pk} on page #{self.page_id}"

    @property
    def is_guest(self) -> bool:
        return self.author_id is None and not self.is_anonymised

    @property
    def author_name(self) -> str:
        if self.is_anonymised:
            return str(_("Deleted account"))
        if self.author_id is not None:
            user = self.author
            return user.display_name or user.get_full_name().strip() or str(_("Member"))
        return self.guest_name


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_reports",
    )
    # A keyed hash of the reporting account or IP address: one report per reader and
    # comment, without storing the address itself.
    reporter_key = models.CharField(max_length=64, editable=False)
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(
        _("description"), max_length=REPORT_TEXT_MAX_LENGTH, blank=True
    )
    # What the comment said when it was reported, so editors see what readers saw.
    snapshot = models.TextField(_("comment when reported"))
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ReportOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"],
                name="comments_one_report_per_reader",
            )
        ]

    def __str__(self) -> str:
        return f"report #{self.pk} on comment #{self.comment_id}"
