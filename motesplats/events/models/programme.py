"""The programme: tracks, rooms, speakers, sessions, session sign-ups and agendas.

These are records, not pages: a session is edited in the admin's Events menu, and
sign-ups point at it, so a page revision can never delete a session people signed up for.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from motesplats.core.i18n import BilingualNameMixin, LocalizedProperty
from motesplats.events.enums import EventLanguage, SessionKind, SessionRole


class Track(BilingualNameMixin):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="tracks",
    )
    slug = models.SlugField(_("slug"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="events_track_unique_slug"
            )
        ]


class Room(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="rooms",
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    """A speaker or moderator. Public only with their consent; the e-mail never is."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title and organisation"), max_length=250, blank=True)
    bio_sv = models.TextField(_("biography (Swedish)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    email = models.EmailField(
        _("e-mail (never shown)"),
        blank=True,
        help_text=_("For the organisers' contact with the speaker only."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
    )
    public_consent = models.BooleanField(
        _("has agreed to a public profile"),
        default=False,
        help_text=_(
            "Without consent the programme shows the name only, not the title or "
            "biography."
        ),
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    bio = LocalizedProperty("bio")

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(ClusterableModel):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    # A stable identifier for schedule exports (frab "guid").
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind of session"), max_length=20, choices=SessionKind)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    language = models.CharField(
        _("language"), max_length=8, choices=EventLanguage, default=EventLanguage.SV
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    signup_required = models.BooleanField(
        _("sign-up required"),
        default=False,
        help_text=_("For workshops with limited places: participants sign up."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the room's seats."),
    )

    title = LocalizedProperty("title")
    description = LocalizedProperty("description")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "track__sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="events_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if self.signup_required and not self.effective_capacity:
            raise ValidationError(
                {"capacity": _("Give the number of places, or a room with seats.")}
            )

    @property
    def effective_capacity(self) -> int | None:
        if self.capacity:
            return self.capacity
        if self.room_id and self.room.capacity:
            return self.room.capacity
        return None


class SessionPerson(models.Model):
    """A speaker or moderator on one session, in order."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="people")
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="appearances"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=SessionRole, default=SessionRole.SPEAKER
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"], name="events_session_person_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"


class SessionSignup(models.Model):
    """A member's place in a capacity-limited session.

    `seat` is a number from 1 to the capacity at sign-up time, unique per session: the
    database refuses more sign-ups than places even if the lock were bypassed.
    """

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seat = models.PositiveIntegerField()
    seat_limit = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="events_signup_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["session", "seat"], name="events_signup_unique_seat"
            ),
            models.CheckConstraint(
                condition=Q(seat__gte=1) & Q(seat__lte=F("seat_limit")),
                name="events_signup_seat_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.seat}"


class AgendaStar(models.Model):
    """A session a member starred for their personal agenda."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("starred session")
        verbose_name_plural = _("starred sessions")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="events_star_once")
        ]

    def __str__(self) -> str:
        return str(self.session)
