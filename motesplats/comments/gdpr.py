"""Personal data in comments: export, erasure with the account, retention.

Comments are contributions to a shared discussion, so erasing an account anonymises its
comments instead of deleting them (replies would lose their context). Guest comments
whose confirmed e-mail address is the account's address are the same person's and are
anonymised too. Retention of guests' addresses runs from `purge_expired` through the
handler's `purge` hook.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register

from .models import Comment, CommentReport
from .services import comment_purge_expired


def _guest_comments_of(user) -> Q:
    """A guest's confirmed comments under an address the member has verified.

    Only verified addresses count: anyone may sign up with someone else's address,
    and erasing that account must not anonymise the owner's comments.
    """
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- registry ready

    emails = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(guest_email__iexact=email)
    return Q(author__isnull=True, email_confirmed_at__isnull=False) & match


def _comment_row(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "page": comment.page.title,
        "page_url": comment.page.url,
        "reply_to": comment.parent_id,
        "text": comment.body,
        "status": comment.status,
        "written": comment.created_at.isoformat(),
        "published": comment.published_at.isoformat() if comment.published_at else None,
    }


def export_comments(user) -> dict[str, Any]:
    comments = Comment.objects.select_related("page").order_by("created_at")
    guest = comments.filter(_guest_comments_of(user))
    return {
        "comments": [_comment_row(c) for c in comments.filter(author=user)],
        "guest_comments": [
            {**_comment_row(c), "name": c.guest_name, "email": c.guest_email}
            for c in guest
        ],
        "reports": [
            {
                "comment": r.comment_id,
                "reason": r.reason,
                "text": r.text,
                "reported": r.created_at.isoformat(),
            }
            for r in CommentReport.objects.filter(reporter=user).order_by("created_at")
        ],
        "moderated": list(
            Comment.objects.filter(moderated_by=user)
            .order_by("moderated_at")
            .values_list("pk", flat=True)
        ),
    }


def erase_comments(user) -> None:
    Comment.objects.filter(Q(author=user) | _guest_comments_of(user)).update(
        author=None, guest_name="", guest_email="", is_anonymised=True
    )
    # The report stays for the moderators with its reason; the words the person wrote
    # go with the link to them.
    CommentReport.objects.filter(reporter=user).update(reporter=None, text="")
    Comment.objects.filter(moderated_by=user).update(moderated_by=None)


register(
    PersonalDataHandler(
        name="comments",
        title=_("Comments"),
        purpose=_(
            "To let members and guests discuss the pages, and to moderate the "
            "discussion."
        ),
        data=_(
            "Your comments and replies, and when they were written and published; "
            "for guests, name and e-mail address; the reports you made, with your "
            "reason and words."
        ),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        period=_(
            "Comments: as long as their page. A guest's e-mail address: "
            "{RETENTION_COMMENT_GUEST_EMAIL_DAYS} days. A guest's comment that is "
            "never confirmed: {COMMENTS_GUEST_CONFIRM_HOURS} hours. Rejected "
            "comments and their reports: {RETENTION_REJECTED_COMMENT_DAYS} days "
            "after the decision."
        ),
        kept_after_erasure=_(
            "Your comments stay with their pages, shown as from a deleted account. "
            "Reports you made stay with their reason, without your name or words."
        ),
        models=(Comment, CommentReport),
        export=export_comments,
        erase=erase_comments,
        retention="Comments stay with their page; on erasure the author's name is "
        "removed and the comment is shown as from a deleted account. Guests' e-mail "
        "addresses are deleted after RETENTION_COMMENT_GUEST_EMAIL_DAYS, unconfirmed "
        "guest comments after COMMENTS_GUEST_CONFIRM_HOURS, rejected comments and "
        "their reports after RETENTION_REJECTED_COMMENT_DAYS. Reports lose the link "
        "to the reporter on erasure.",
        extra={"purge": comment_purge_expired},
    )
)
