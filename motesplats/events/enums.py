from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Conference or summit")
    WEBINAR = "webinar", _("Webinar")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    COALITION_MEETING = "coalition_meeting", _("Coalition meeting")
    CONVERSATION = "conversation", _("Moderated conversation")
    WORKSHOP = "workshop", _("Workshop")


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    DIGITAL = "digital", _("Digital")
    HYBRID = "hybrid", _("Hybrid: on site and digital")


class EventLanguage(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")
    SV_EN = "sv_en", _("Swedish and English")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open registration: first come, first served")
    RAFFLE = "raffle", _("Raffle: apply with a motivation, places are drawn")
    NONE = "none", _("No registration")


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    PANEL = "panel", _("Panel")
    CONVERSATION = "conversation", _("Moderated conversation")
    NETWORKING = "networking", _("Networking")
    BREAK = "break", _("Break")


class SessionRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")


class TicketKind(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")
    REDUCED = "reduced", _("Reduced price")


class VatRate(models.TextChoices):
    # Swedish VAT rates; conference fees normally carry 25 %.
    ZERO = "0", _("0 %")
    SIX = "6", _("6 %")
    TWELVE = "12", _("12 %")
    TWENTY_FIVE = "25", _("25 %")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    OFFERED = "offered", _("Offered a place from the waiting list")
    WAITING = "waiting", _("On the waiting list")
    APPLIED = "applied", _("Applied to the raffle")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


# Statuses that hold a place (a seat number) against the capacity.
HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
# Statuses in which a person is still "in" the event in some way: one per e-mail.
ACTIVE = (*HOLDING, RegistrationStatus.WAITING, RegistrationStatus.APPLIED)


class PaymentStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("No payment")
    INVOICE_PENDING = "invoice_pending", _("To be invoiced / unpaid")
    PAID = "paid", _("Paid")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One choice from a list")
    BOOLEAN = "boolean", _("Yes or no")


class RaffleStatus(models.TextChoices):
    OPEN = "open", _("Open for applications")
    COMMITTED = "committed", _("Closed; seed commitment published")
    DRAWN = "drawn", _("Drawn")
