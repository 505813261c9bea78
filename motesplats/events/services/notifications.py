"""Mail to people who register, sent after commit in each person's language.

Every message is plain text with an HTML alternative, rendered from
`events/email/<name>.txt`, `<name>.html` and `<name>_subject.txt`. The person who
booked gets the whole booking with the self-service link; a colleague they registered
gets only their own ticket or status, with a link to their own registration (never
the booking's link, which opens everyone's details). Confirmed places come with the
ticket QR code as a PNG and the event as an .ics file.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from motesplats.core.mail import absolute_url, mail_language
from motesplats.events.calendars import event_calendar
from motesplats.events.enums import RegistrationMode, RegistrationStatus
from motesplats.events.models import Booking, EventPage, Registration

from .tickets import participant_key, ticket_qr_png

logger = logging.getLogger(__name__)


def _link(name: str, token: str, **kwargs) -> str:
    return absolute_url(reverse(f"events:{name}", kwargs={"token": token, **kwargs}))


@dataclass
class _Mail:
    template: str
    to: str
    context: dict
    attachments: list[tuple[str, bytes, str]]


def _send(mail: _Mail, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(
            f"events/email/{mail.template}_subject.txt", mail.context
        )
        text = render_to_string(f"events/email/{mail.template}.txt", mail.context)
        html = render_to_string(f"events/email/{mail.template}.html", mail.context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, None, [mail.to])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in mail.attachments:
        message.attach(name, content, mimetype)
    message.send()


def _ticket_png(registration: Registration) -> tuple[str, bytes, str]:
    name = slugify(registration.name) or str(registration.pk)
    filename = translation.gettext("ticket-%(name)s.png") % {"name": name}
    return (filename, ticket_qr_png(registration), "image/png")


def _calendar_file(event: EventPage, language: str) -> tuple[str, bytes, str] | None:
    try:
        content = event_calendar(event, language=language)
    except Exception:  # a calendar must never stop a confirmation from going out
        logger.exception("No calendar file for event %s", event.pk)
        return None
    if isinstance(content, str):
        content = content.encode("utf-8")
    return ("event.ics", content, "text/calendar")


def _base_context(event: EventPage, language: str) -> dict:
    # Imported here: the selectors module imports the services, which import this one.
    from motesplats.events.registration_selectors import event_in_language  # noqa: PLC0415

    page = event_in_language(event=event, language=language)
    return {
        "event": page,
        "event_url": page.get_full_url() or "",
        "is_raffle": event.registration_mode == RegistrationMode.RAFFLE,
        "site_name": getattr(settings, "SITE_NAME", "Mötesplats"),
        "language": language,
    }


def _positions(event: EventPage) -> dict[int, int]:
    # Imported here: the selectors module imports the services, which import this one.
    from motesplats.events.registration_selectors import queue_positions  # noqa: PLC0415

    return queue_positions(event=event)


def _participant_mail(
    registration: Registration, event: EventPage, language: str, positions=None
) -> _Mail | None:
    """A colleague's own message: ticket, waiting-list place or raffle receipt."""
    template = {
        RegistrationStatus.CONFIRMED: "ticket",
        RegistrationStatus.WAITING: "waiting_list",
        RegistrationStatus.APPLIED: "raffle_receipt",
    }.get(registration.status)
    if template is None:
        return None
    key = participant_key(registration)
    attachments = []
    if registration.status == RegistrationStatus.CONFIRMED:
        attachments.append(_ticket_png(registration))
        calendar = _calendar_file(event, language)
        if calendar:
            attachments.append(calendar)
    context = {
        **_base_context(event, language),
        "registration": registration,
        "booking": registration.booking,
        "manage_url": _link("booking", key),
        "position": (positions or {}).get(registration.pk),
    }
    return _Mail(template, registration.email, context, attachments)


def booking_confirmation(*, booking_id: int, colleagues: bool = True) -> None:
    """The booking to the person who booked; each colleague their own ticket or status
    (unless `colleagues` is False: nothing changed for them)."""
    booking = Booking.objects.select_related("event", "event__locale").get(
        pk=booking_id
    )
    event = booking.event
    registrations = list(
        booking.registrations.select_related("ticket_type").order_by("pk")
    )
    positions = (
        _positions(event)
        if any(r.status == RegistrationStatus.WAITING for r in registrations)
        else {}
    )
    language = mail_language(booking.language)
    with translation.override(language):
        attachments = [
            _ticket_png(r)
            for r in registrations
            if r.status == RegistrationStatus.CONFIRMED
        ]
        if attachments:
            calendar = _calendar_file(event, language)
            if calendar:
                attachments.append(calendar)
        context = {
            **_base_context(event, language),
            "booking": booking,
            "registrations": [(r, positions.get(r.pk)) for r in registrations],
            "manage_url": _link("booking", booking.manage_token),
            "any_confirmed": any(
                r.status == RegistrationStatus.CONFIRMED for r in registrations
            ),
            # A raffle booking is first a receipt for the applications, then (sent
            # again by the draw) the result.
            "applied_only": all(
                r.status == RegistrationStatus.APPLIED for r in registrations
            ),
        }
    _send(_Mail("booking_confirmation", booking.email, context, attachments), language)
    for registration in registrations if colleagues else []:
        if registration.email.lower() == booking.email.lower():
            continue
        own = mail_language(registration.language)
        with translation.override(own):
            mail = _participant_mail(registration, event, own, positions)
        if mail is not None:
            _send(mail, own)


def offer_accepted(*, registration_id: int) -> None:
    """After a place from the waiting list is taken: the ticket, and word to the booker."""
    registration = Registration.objects.select_related(
        "booking", "event", "event__locale", "ticket_type"
    ).get(pk=registration_id)
    booking = registration.booking
    if registration.email.lower() == booking.email.lower():
        booking_confirmation(booking_id=booking.pk, colleagues=False)
        return
    language = mail_language(registration.language)
    with translation.override(language):
        mail = _participant_mail(registration, registration.event, language)
    if mail is not None:
        _send(mail, language)
    booking_confirmation_to_booker(booking_id=booking.pk)


def booking_confirmation_to_booker(*, booking_id: int) -> None:
    """The updated booking to the person who booked only (after a change of status)."""
    booking = Booking.objects.select_related("event", "event__locale").get(
        pk=booking_id
    )
    registrations = list(
        booking.registrations.select_related("ticket_type").order_by("pk")
    )
    language = mail_language(booking.language)
    positions = _positions(booking.event)
    with translation.override(language):
        context = {
            **_base_context(booking.event, language),
            "booking": booking,
            "registrations": [(r, positions.get(r.pk)) for r in registrations],
            "manage_url": _link("booking", booking.manage_token),
            "any_confirmed": any(
                r.status == RegistrationStatus.CONFIRMED for r in registrations
            ),
            "updated": True,
        }
    _send(_Mail("booking_confirmation", booking.email, context, []), language)


def waitlist_offer(*, registration_id: int) -> None:
    """A place is free: to the participant, and to the booker if someone else."""
    registration = Registration.objects.select_related(
        "booking", "event", "event__locale", "ticket_type"
    ).get(pk=registration_id)
    if registration.status != RegistrationStatus.OFFERED:
        return  # taken or passed on before the mail went out
    booking = registration.booking
    recipients = [
        (
            registration.email,
            mail_language(registration.language),
            _own_key(registration),
        )
    ]
    if booking.email.lower() != registration.email.lower():
        recipients.append(
            (booking.email, mail_language(booking.language), booking.manage_token)
        )
    for address, language, key in recipients:
        with translation.override(language):
            context = {
                **_base_context(registration.event, language),
                "registration": registration,
                "for_colleague": address != registration.email,
                "offer_url": _link(
                    "booking_offer", key, registration_id=registration.pk
                ),
                "manage_url": _link("booking", key),
            }
        _send(_Mail("waitlist_offer", address, context, []), language)


def cancellation_receipt(*, registration_id: int, previous_status: str = "") -> None:
    """A receipt for a cancelled place, queue place, declined offer or application."""
    registration = Registration.objects.select_related(
        "booking", "event", "event__locale", "ticket_type"
    ).get(pk=registration_id)
    booking = registration.booking
    recipients = [
        (
            registration.email,
            mail_language(registration.language),
            _own_key(registration),
        )
    ]
    if booking.email.lower() != registration.email.lower():
        recipients.append(
            (booking.email, mail_language(booking.language), booking.manage_token)
        )
    for address, language, key in recipients:
        with translation.override(language):
            context = {
                **_base_context(registration.event, language),
                "registration": registration,
                "previous": previous_status,
                "was_offer": previous_status == RegistrationStatus.OFFERED,
                "was_application": previous_status == RegistrationStatus.APPLIED,
                "was_waiting": previous_status == RegistrationStatus.WAITING,
                "for_colleague": address != registration.email,
                "manage_url": _link("booking", key),
            }
        _send(_Mail("cancellation", address, context, []), language)


def reminder(*, registration_id: int) -> None:
    """The event is near: time, place, the ticket again."""
    registration = Registration.objects.select_related(
        "booking", "event", "event__locale", "ticket_type"
    ).get(pk=registration_id)
    language = mail_language(registration.language)
    key = _own_key(registration)
    with translation.override(language):
        context = {
            **_base_context(registration.event, language),
            "registration": registration,
            "manage_url": _link("booking", key),
            "minutes": settings.EVENTS_ONLINE_LINK_MINUTES,
        }
        # The ticket is shown at the door: online-only events have none to show.
        attachments = (
            [_ticket_png(registration)] if registration.event.is_on_site else []
        )
    _send(_Mail("reminder", registration.email, context, attachments), language)


def online_link(*, registration_id: int) -> None:
    """The stream or meeting link of a digital or hybrid event, shortly before start."""
    registration = Registration.objects.select_related(
        "booking", "event", "event__locale"
    ).get(pk=registration_id)
    language = mail_language(registration.language)
    key = _own_key(registration)
    with translation.override(language):
        context = {
            **_base_context(registration.event, language),
            "registration": registration,
            "online_url": registration.event.online_url,
            "manage_url": _link("booking", key),
        }
    _send(_Mail("online_link", registration.email, context, []), language)


def _own_key(registration: Registration) -> str:
    """The booker's own registration opens the booking; a colleague's, their own page."""
    booking = registration.booking
    if booking.email.lower() == registration.email.lower():
        return booking.manage_token
    return participant_key(registration)
