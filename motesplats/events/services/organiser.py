"""Organisers' writes: payments, messages to participants, logged exports.

Cancellation and check-in are in `registration.py`; the views call them directly.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motesplats.core.audit import log_action
from motesplats.core.models import AuditEntry
from motesplats.events.enums import PaymentStatus
from motesplats.events.models import Booking, EventPage, Registration, TicketType
from motesplats.events.reports import (
    AUDIENCE_CONFIRMED,
    AUDIENCE_TICKET,
    AUDIENCE_WAITING,
    message_recipients,
)

SUBJECT_MAX = 200
BODY_MAX = 10_000


class OrganiserError(ValidationError):
    """An organiser's request that cannot be carried out; the message says why."""


# --- payments ----------------------------------------------------------------------------


def booking_mark_paid(*, booking: Booking, actor: Any, now=None) -> Booking:
    """Record that the invoice of `booking` is paid, by whom and when."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.payment_status == PaymentStatus.NOT_REQUIRED:
            raise OrganiserError(
                _("This booking has nothing to pay."), code="nothing_to_pay"
            )
        if booking.payment_status == PaymentStatus.PAID:
            return booking
        booking.payment_status = PaymentStatus.PAID
        booking.paid_marked_at = now
        booking.paid_marked_by = actor if actor.is_authenticated else None
        booking.save(
            update_fields=["payment_status", "paid_marked_at", "paid_marked_by"]
        )
        log_action(
            action="events.booking.marked_paid",
            actor=actor,
            obj=booking,
            data={"event": booking.event_id, "total": str(booking.total)},
        )
    return booking


def booking_mark_unpaid(*, booking: Booking, actor: Any) -> Booking:
    """Undo a payment marked by mistake: the invoice is unpaid again."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.payment_status == PaymentStatus.NOT_REQUIRED:
            raise OrganiserError(
                _("This booking has nothing to pay."), code="nothing_to_pay"
            )
        if booking.payment_status == PaymentStatus.INVOICE_PENDING:
            return booking
        booking.payment_status = PaymentStatus.INVOICE_PENDING
        booking.paid_marked_at = None
        booking.paid_marked_by = None
        booking.save(
            update_fields=["payment_status", "paid_marked_at", "paid_marked_by"]
        )
        log_action(
            action="events.booking.marked_unpaid",
            actor=actor,
            obj=booking,
            data={"event": booking.event_id, "total": str(booking.total)},
        )
    return booking


# --- messages to participants ------------------------------------------------------------


@dataclass
class MessageResult:
    recipients: int
    already_sent: bool = False


AUDIENCES = (AUDIENCE_CONFIRMED, AUDIENCE_TICKET, AUDIENCE_WAITING)


def _footer(title: str, language: str) -> str:
    with translation.override(language):
        return _(
            "You receive this message because you are registered for “%(event)s”."
        ) % {"event": title}


def _send(*, event_id: int, registration_ids: list[int], subject: str, body: str):
    event = EventPage.objects.get(pk=event_id)
    # The event's title in each language it is published in, for the footer.
    titles = {
        page.locale.language_code: page.title
        for page in EventPage.objects.filter(
            translation_key=event.translation_key
        ).select_related("locale")
    }
    registrations = Registration.objects.filter(pk__in=registration_ids).order_by("pk")
    messages = []
    for r in registrations:
        language = r.language or "sv"
        footer = _footer(titles.get(language, event.title), language)
        messages.append(
            EmailMessage(subject=subject, body=f"{body}\n\n-- \n{footer}", to=[r.email])
        )
    # One message per person: nobody sees the others' addresses.
    get_connection().send_messages(messages)


def event_message_send(
    *,
    event: EventPage,
    audience: str,
    subject: str,
    body: str,
    actor: Any,
    ticket_type: TicketType | None = None,
    send_key: str = "",
) -> MessageResult:
    """Mail `subject` and `body` to one group of the event's participants.

    One e-mail per recipient, sent after the commit. Sending the same `send_key` twice
    (a double click on Send) sends once. Raises OrganiserError and sends nothing when
    the message or the group is not right.
    """
    event = event.canonical
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    if audience not in AUDIENCES:
        raise OrganiserError(_("Choose who gets the message."), code="audience")
    if audience == AUDIENCE_TICKET and (
        ticket_type is None or ticket_type.event_id != event.pk
    ):
        raise OrganiserError(_("Choose a ticket type."), code="ticket_type")
    if not subject or len(subject) > SUBJECT_MAX:
        raise OrganiserError(
            _("Write a subject of at most %(n)s characters.") % {"n": SUBJECT_MAX},
            code="subject",
        )
    if not body or len(body) > BODY_MAX:
        raise OrganiserError(
            _("Write a message of at most %(n)s characters.") % {"n": BODY_MAX},
            code="body",
        )
    with transaction.atomic():
        if send_key:
            earlier = AuditEntry.objects.filter(
                action="events.message.sent",
                object_id=str(event.pk),
                data__send_key=send_key,
            ).first()
            if earlier is not None:
                return MessageResult(earlier.data.get("recipients", 0), True)
        ids = list(
            message_recipients(
                event=event, audience=audience, ticket_type=ticket_type
            ).values_list("pk", flat=True)
        )
        if not ids:
            raise OrganiserError(
                _("No one is in the group you chose, so nothing was sent."),
                code="no_recipients",
            )
        log_action(
            action="events.message.sent",
            actor=actor,
            obj=event,
            data={
                "audience": audience,
                "ticket_type": ticket_type.pk if ticket_type else None,
                "subject": subject,
                "recipients": len(ids),
                "send_key": send_key,
            },
        )
        event_id = event.pk
        transaction.on_commit(
            lambda: _send(
                event_id=event_id, registration_ids=ids, subject=subject, body=body
            )
        )
    return MessageResult(len(ids))


# --- exports -----------------------------------------------------------------------------


def participants_export_record(
    *, event: EventPage, actor: Any, include_health: bool, rows: int
) -> None:
    """Log who took the participant list out of the platform, and whether it held
    health-related answers (special category data)."""
    log_action(
        action="events.participants.exported",
        actor=actor,
        obj=event.canonical,
        data={"health_answers": include_health, "rows": rows},
    )
