"""Person profiles (opt-in, per-field visibility) and messages between members."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import Visibility

# The profile fields a person can show, each with its own visibility field.
PROFILE_FIELDS = (
    "name",
    "title",
    "organisation",
    "expertise",
    "themes",
    "languages",
    "county",
)


def _visibility(label: str) -> models.CharField:
    return models.CharField(
        label, max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )


class Profile(models.Model):
    """What a member chooses to tell others about themselves.

    Every field has its own visibility, private by default, so creating a profile
    publishes nothing; `is_listed` adds the person to the directory at all.
    """

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    is_listed = models.BooleanField(
        _("show me in the directory of people"), default=False
    )
    accepts_messages = models.BooleanField(
        _("members may send me messages through the platform"), default=True
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    title = models.CharField(_("title or role"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    expertise = models.TextField(_("expertise"), blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes of the languages you work in."),
    )
    county = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name_visibility = _visibility(_("who sees your name"))
    title_visibility = _visibility(_("who sees your title"))
    organisation_visibility = _visibility(_("who sees your organisation"))
    expertise_visibility = _visibility(_("who sees your expertise"))
    themes_visibility = _visibility(_("who sees your themes"))
    languages_visibility = _visibility(_("who sees your languages"))
    county_visibility = _visibility(_("who sees your county"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person profile")
        verbose_name_plural = _("person profiles")

    def __str__(self) -> str:
        return f"profile #{self.pk}"


class Message(models.Model):
    """A message from one member to another person or to an organisation's admins.

    The sender's e-mail address is never shown unless `share_email` records their
    consent; it is read from the account when shown, never copied here.
    """

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_messages",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="received_messages",
    )
    recipient_organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("recipient organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    regarding = models.ForeignKey(
        "actors.NeedOffer",
        verbose_name=_("regarding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    share_email = models.BooleanField(
        _("the recipient may see my e-mail address"), default=False
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False)
                | models.Q(recipient_organisation__isnull=False),
                name="actors_message_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"message #{self.pk}"
