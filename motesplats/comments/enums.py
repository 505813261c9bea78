"""Choices for comments and reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Page types whose detail template shows the comments section. Labels, not imports:
# this app sits below the apps that define the pages.
COMMENTABLE_PAGE_MODELS = frozenset(
    {
        "knowledge.innovationpage",
        "knowledge.articlepage",
        "knowledge.resourcepage",
        "knowledge.filmpage",
    }
)
BODY_MAX_LENGTH = 4000
NAME_MAX_LENGTH = 80
REPORT_TEXT_MAX_LENGTH = 1000


class CommentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Awaiting the guest's e-mail confirmation")
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden after reports")
    REJECTED = "rejected", _("Rejected")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive, threatening or harassing")
    PERSONAL_DATA = "personal_data", _("Reveals personal details about someone")
    FALSE = "false", _("Misleading or false")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class ReportOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the comment was removed")
    DISMISSED = "dismissed", _("Dismissed: the comment stays")
