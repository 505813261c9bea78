"""Tickets and registrations.

A *booking* is one submission of the registration form: the person who books (and,
for paid tickets, the organisation invoiced) and one *registration* per participant,
so a booker can register colleagues. A registration that holds a place carries a seat
number, unique per ticket type (and per event when the event has a total), from 1 to
the capacity at booking time: the database itself refuses to oversell.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.core.i18n import BilingualNameMixin, LocalizedProperty
from motesplats.events.enums import (
    ACTIVE,
    PaymentStatus,
    QuestionKind,
    RegistrationStatus,
    TicketKind,
    VatRate,
)


def _token() -> str:
    return secrets.token_urlsafe(24)


class TicketType(BilingualNameMixin):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="ticket_types",
    )
    description_sv = models.CharField(
        _("description (Swedish)"), max_length=300, blank=True
    )
    description_en = models.CharField(
        _("description (English)"), max_length=300, blank=True
    )
    kind = models.CharField(
        _("kind of ticket"), max_length=10, choices=TicketKind, default=TicketKind.FREE
    )
    price = models.DecimalField(
        _("price incl. VAT (SEK)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    vat_rate = models.CharField(
        _("VAT rate"), max_length=2, choices=VatRate, default=VatRate.TWENTY_FIVE
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit of its own (the event's total applies)."),
    )
    sale_starts_at = models.DateTimeField(_("on sale from"), null=True, blank=True)
    sale_ends_at = models.DateTimeField(_("on sale until"), null=True, blank=True)
    max_per_booking = models.PositiveSmallIntegerField(
        _("most per booking"), default=10, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    description = LocalizedProperty("description")

    class Meta:
        verbose_name = _("ticket type")
        verbose_name_plural = _("ticket types")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0), name="events_ticket_price_not_negative"
            )
        ]

    @property
    def is_paid(self) -> bool:
        return self.price > 0

    @property
    def vat_amount(self) -> Decimal:
        """The VAT included in the price, rounded to öre."""
        rate = Decimal(self.vat_rate)
        return (self.price * rate / (100 + rate)).quantize(Decimal("0.01"))

    def on_sale(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_active:
            return False
        if self.sale_starts_at and now < self.sale_starts_at:
            return False
        return not (self.sale_ends_at and now >= self.sale_ends_at)


class RegistrationQuestion(models.Model):
    """A question asked of every participant at registration."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    label_sv = models.CharField(_("question (Swedish)"), max_length=200)
    label_en = models.CharField(_("question (English)"), max_length=200, blank=True)
    help_sv = models.CharField(_("help text (Swedish)"), max_length=300, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind of answer"),
        max_length=10,
        choices=QuestionKind,
        default=QuestionKind.TEXT,
    )
    choices_sv = models.TextField(_("choices (Swedish), one per line"), blank=True)
    choices_en = models.TextField(
        _("choices (English), one per line, same order"), blank=True
    )
    required = models.BooleanField(_("required"), default=False)
    is_health_data = models.BooleanField(
        _("asks for health data"),
        default=False,
        help_text=_(
            "E.g. dietary needs or allergies. Answered only with explicit consent, "
            "and deleted after the event."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    label = LocalizedProperty("label")
    help = LocalizedProperty("help")

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def key(self) -> str:
        return f"q{self.pk}"

    def choice_list(self, language: str = "sv") -> list[str]:
        source = (
            self.choices_en if language == "en" and self.choices_en else self.choices_sv
        )
        return [line.strip() for line in source.splitlines() if line.strip()]


class Booking(models.Model):
    """One submission: who booked, the invoice details, the self-service link."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_bookings",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, default="sv")
    manage_token = models.CharField(max_length=40, unique=True, default=_token)
    # A key the form sends once; a second identical submission finds the first booking.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invoice_organisation = models.CharField(
        _("organisation to invoice"), max_length=200, blank=True
    )
    invoice_org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True
    )
    invoice_reference = models.CharField(
        _("invoice reference"), max_length=100, blank=True
    )
    invoice_address = models.TextField(_("invoice address"), blank=True)
    invoice_email = models.EmailField(_("e-mail for the invoice"), blank=True)
    total = models.DecimalField(
        _("total incl. VAT (SEK)"), max_digits=10, decimal_places=2, default=0
    )
    payment_status = models.CharField(
        _("payment"),
        max_length=16,
        choices=PaymentStatus,
        default=PaymentStatus.NOT_REQUIRED,
    )
    paid_marked_at = models.DateTimeField(_("marked paid"), null=True, blank=True)
    paid_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%Y-%m-%d})"


class Registration(models.Model):
    """One participant's place (or place in the queue) at an event."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="registrations"
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    ticket_type = models.ForeignKey(
        TicketType,
        verbose_name=_("ticket type"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.ForeignKey(
        "taxonomy.Sector",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    county = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="sv")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Kept apart so they can be deleted after the event (special category data).
    health_answers = models.JSONField(
        _("health-related answers"), default=dict, blank=True
    )
    health_consent_at = models.DateTimeField(null=True, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    # The place: see the module docstring.
    seat = models.PositiveIntegerField(null=True, blank=True)
    seat_limit = models.PositiveIntegerField(null=True, blank=True)
    event_seat = models.PositiveIntegerField(null=True, blank=True)
    event_seat_limit = models.PositiveIntegerField(null=True, blank=True)
    # Waiting-list order: an explicit rank from a raffle draw first, then arrival.
    queue_rank = models.PositiveIntegerField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    ticket_code = models.CharField(max_length=40, unique=True, default=_token)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    online_link_sent_at = models.DateTimeField(null=True, blank=True)
    # The public, non-personal key of a raffle application ("A-0042"), given in order
    # of arrival when applications close.
    raffle_key = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            # One active registration per person and event: a double submission or a
            # second tab cannot book the same person twice.
            models.UniqueConstraint(
                fields=["event", "email"],
                # Erased registrations have no address and stay for the figures.
                condition=Q(status__in=ACTIVE) & ~Q(email=""),
                name="events_registration_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["ticket_type", "seat"],
                condition=Q(seat__isnull=False),
                name="events_registration_unique_seat",
            ),
            models.UniqueConstraint(
                fields=["event", "event_seat"],
                condition=Q(event_seat__isnull=False),
                name="events_registration_unique_event_seat",
            ),
            models.CheckConstraint(
                condition=Q(seat__isnull=True)
                | (Q(seat__gte=1) & Q(seat__lte=F("seat_limit"))),
                name="events_registration_seat_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(event_seat__isnull=True)
                | (Q(event_seat__gte=1) & Q(event_seat__lte=F("event_seat_limit"))),
                name="events_registration_event_seat_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.get_status_display()}"

    @property
    def holds_place(self) -> bool:
        return self.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
