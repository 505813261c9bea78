"""1:1 meetings at events: slots and tables, opt-ins, requests, meetings, scheduler runs.

A *participant* is a confirmed registration whose person opted in: they agree that the
other participants see their name, organisation and sector, and say what they want to
talk about. Participants mark each other must-meet, would-like or no; organisers set
slots and tables and run the scheduler, which writes draft meetings; publishing them
tells the participants. A published meeting stays where it is when the scheduler runs
again. Erasing a person cancels their meetings: the other participant sees "cancelled".
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MeetingWish(models.TextChoices):
    MUST = "must", _("Must meet")
    WOULD = "would", _("Would like to meet")
    NO = "no", _("Rather not")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published to participants")
    CANCELLED = "cancelled", _("Meeting cancelled")


class MeetingRunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MeetingSlot(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="meeting_slots",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "starts_at"], name="events_meeting_slot_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="events_meeting_slot_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class MeetingTable(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="meeting_tables",
    )
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(
        _("name or place"),
        max_length=100,
        blank=True,
        help_text=_("Optional, e.g. “by the windows”."),
    )

    class Meta:
        verbose_name = _("meeting table")
        verbose_name_plural = _("meeting tables")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="events_meeting_table_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class MeetingParticipant(models.Model):
    """A registration's opt-in to 1:1 meetings, with the consent to be shown."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="meeting_participants",
    )
    registration = models.OneToOneField(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="meeting_participant",
    )
    topic = models.CharField(_("what I want to talk about"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("consent to be shown given"))
    unavailable_slots = models.ManyToManyField(
        MeetingSlot,
        verbose_name=_("slots I cannot meet in"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opted in"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"meeting participant #{self.pk}"


class MeetingRequest(models.Model):
    """What one participant wants about meeting another."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="meeting_requests",
    )
    requester = models.ForeignKey(
        MeetingParticipant,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="requests_made",
    )
    target = models.ForeignKey(
        MeetingParticipant,
        verbose_name=_("about"),
        on_delete=models.CASCADE,
        related_name="requests_received",
    )
    wish = models.CharField(_("wish"), max_length=8, choices=MeetingWish)
    # First come for the greedy baseline: when the wish was first made.
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "target"], name="events_meeting_request_once"
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("target")),
                name="events_meeting_request_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.target_id}: {self.wish}"


class Meeting(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    slot = models.ForeignKey(
        MeetingSlot,
        verbose_name=_("slot"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    table = models.ForeignKey(
        MeetingTable,
        verbose_name=_("table"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    # Empty once that person is erased; the meeting is then cancelled.
    first = models.ForeignKey(
        MeetingParticipant,
        null=True,
        on_delete=models.SET_NULL,
        related_name="meetings_as_first",
    )
    second = models.ForeignKey(
        MeetingParticipant,
        null=True,
        on_delete=models.SET_NULL,
        related_name="meetings_as_second",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus,
        default=MeetingStatus.DRAFT,
        db_index=True,
    )
    # For calendar UIDs: never changes, so a calendar updates the entry.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~Q(status="cancelled"),
                name="events_meeting_table_once_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"meeting #{self.pk} ({self.status})"

    def other(self, participant_id: int) -> "MeetingParticipant | None":
        return self.second if self.first_id == participant_id else self.first


class MeetingScheduleRun(models.Model):
    """One run of the scheduler: who started it, what it found."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="meeting_runs",
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=MeetingRunState,
        default=MeetingRunState.QUEUED,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_limit_s = models.PositiveIntegerField(default=30)
    # Figures of the result: scheduled, objective, bound, gap, status, solve_s, greedy.
    result = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting scheduler run")
        verbose_name_plural = _("meeting scheduler runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"scheduler run #{self.pk} ({self.state})"
