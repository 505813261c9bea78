"""Personal data in events: bookings and registrations, speakers, sign-ups, agendas.

Registrations are found by account and by e-mail address (a colleague may have been
registered by someone else before they had an account). Erasure anonymises rather than
deletes a registration that held a place, so an event's attendance figures stay right.
Retention: health-related answers go once the event has ended; names, addresses and
answers go RETENTION_EVENT_REGISTRATION_DAYS after it.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register

ERASED_NAME = "–"


def _verified_emails(user) -> list[str]:
    """The addresses the member has proved are theirs.

    Only these find places booked under an address: anyone may sign up with someone
    else's address, and erasing that unconfirmed account must not touch the real
    owner's registrations.
    """
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- registry ready

    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )


def _by_email(field: str, user) -> Q:
    match = Q(pk__in=[])
    for email in _verified_emails(user):
        match |= Q(**{f"{field}__iexact": email})
    return match


def _registrations_for(user):
    from .models import Registration  # noqa: PLC0415 -- app registry ready

    # The person's own places only: colleagues they booked for are people of their
    # own, with their own right to their data (the booking itself is `_bookings_for`).
    return Registration.objects.filter(
        Q(user=user) | _by_email("email", user)
    ).select_related("event", "ticket_type", "booking")


def _bookings_for(user):
    from .models import Booking  # noqa: PLC0415 -- app registry ready

    return Booking.objects.filter(Q(user=user) | _by_email("email", user))


def _export_registrations(user) -> dict[str, Any]:
    return {
        "bookings": [
            {
                "event": b.event.title,
                "booked_at": b.created_at.isoformat(),
                "name": b.name,
                "email": b.email,
                "invoice_organisation": b.invoice_organisation,
                "invoice_reference": b.invoice_reference,
                "invoice_address": b.invoice_address,
                "invoice_email": b.invoice_email,
                "total": str(b.total),
                "payment": b.payment_status,
            }
            for b in _bookings_for(user).select_related("event").order_by("created_at")
        ],
        "registrations": [
            {
                "event": r.event.title,
                "ticket": str(r.ticket_type),
                "status": r.status,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "sector": r.sector.slug if r.sector_id else None,
                "county": r.county.code if r.county_id else None,
                "answers": r.answers,
                "health_answers": r.health_answers,
                "motivation": r.motivation,
                "registered_at": r.created_at.isoformat(),
                "checked_in_at": r.checked_in_at.isoformat()
                if r.checked_in_at
                else None,
            }
            for r in _registrations_for(user)
            .select_related("sector", "county")
            .order_by("created_at")
        ],
    }


def _scrub(registrations) -> int:
    return registrations.update(
        name=ERASED_NAME,
        email="",
        organisation="",
        answers={},
        health_answers={},
        health_consent_at=None,
        motivation="",
        user=None,
    )


def _scrub_bookings(bookings) -> int:
    # The organisation invoiced, its number and the amount stay for the accounts; the
    # person goes, and so does the address they typed (it may name or reach them).
    return bookings.update(
        name=ERASED_NAME,
        email="",
        user=None,
        invoice_reference="",
        invoice_address="",
        invoice_email="",
        submission_key=None,
    )


def _erase_registrations(user) -> None:
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    from motesplats.core.models import AuditEntry  # noqa: PLC0415 -- registry ready

    from .enums import ACTIVE  # noqa: PLC0415 -- app registry ready
    from .models import Booking, Registration  # noqa: PLC0415
    from .services.registration import registration_cancel  # noqa: PLC0415

    # Places still held are given up (the next in line gets them), then scrubbed.
    for registration in _registrations_for(user).filter(status__in=ACTIVE):
        if not registration.event.is_past:
            registration_cancel(registration=registration)
    registrations = list(_registrations_for(user).values_list("pk", flat=True))
    bookings = list(_bookings_for(user).values_list("pk", flat=True))
    _scrub(Registration.objects.filter(pk__in=registrations))
    _scrub_bookings(Booking.objects.filter(pk__in=bookings))
    # The log names a registration or booking by its person (the cancellations just
    # made included): the entries stay, without the name.
    for model, ids in ((Registration, registrations), (Booking, bookings)):
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr="")


def _speakers_for(user):
    from .models import Speaker  # noqa: PLC0415 -- app registry ready

    # Organisers may have added the speaker by address before they had an account.
    return Speaker.objects.filter(Q(user=user) | _by_email("email", user))


def _export_programme(user) -> dict[str, Any]:
    from .models import AgendaStar, SessionSignup  # noqa: PLC0415

    return {
        "speaker_profiles": [
            {
                "name": s.name,
                "title": s.title,
                "bio_sv": s.bio_sv,
                "bio_en": s.bio_en,
                "email": s.email,
                "public_consent": s.public_consent,
            }
            for s in _speakers_for(user)
        ],
        "session_signups": [
            {"session": str(s.session), "at": s.created_at.isoformat()}
            for s in SessionSignup.objects.filter(user=user).select_related("session")
        ],
        "starred_sessions": [
            {"session": str(s.session), "at": s.created_at.isoformat()}
            for s in AgendaStar.objects.filter(user=user).select_related("session")
        ],
    }


def _erase_programme(user) -> None:
    from .models import AgendaStar, SessionSignup  # noqa: PLC0415

    SessionSignup.objects.filter(user=user).delete()
    AgendaStar.objects.filter(user=user).delete()
    # A speaker profile is the person's public appearance, name and all: it goes, and
    # the sessions no longer list them (an emptied profile would still show the name).
    _speakers_for(user).delete()


def purge_expired(*, now) -> dict[str, int]:
    """Retention for events: health data after the event, the rest later."""
    from .models import Booking, Registration  # noqa: PLC0415

    health = Registration.objects.filter(event__ends_at__lt=now).exclude(
        health_answers={}
    )
    health_count = health.update(health_answers={}, health_consent_at=None)
    cutoff = now - timedelta(days=settings.RETENTION_EVENT_REGISTRATION_DAYS)
    old = Registration.objects.filter(event__ends_at__lt=cutoff).exclude(
        name=ERASED_NAME
    )
    old_count = _scrub(old)
    _scrub_bookings(
        Booking.objects.filter(event__ends_at__lt=cutoff).exclude(name=ERASED_NAME)
    )
    return {"event_health_answers": health_count, "event_registrations": old_count}


def _meeting_participants_for(user):
    from .models import MeetingParticipant  # noqa: PLC0415 -- app registry ready

    return MeetingParticipant.objects.filter(
        Q(registration__user=user) | _by_email("registration__email", user)
    )


def _export_meetings(user) -> dict[str, Any]:
    from .models import Meeting, MeetingRequest  # noqa: PLC0415

    participants = list(
        _meeting_participants_for(user)
        .select_related("event", "registration")
        .prefetch_related("unavailable_slots")
    )
    ids = [p.pk for p in participants]
    return {
        "meeting_opt_ins": [
            {
                "event": p.event.title,
                "topic": p.topic,
                "consent_at": p.consent_at.isoformat(),
                "unavailable_slots": [str(s) for s in p.unavailable_slots.all()],
            }
            for p in participants
        ],
        "meeting_requests": [
            {
                "event": r.event.title,
                "about": r.target.registration.name,
                "wish": r.wish,
                "at": r.created_at.isoformat(),
            }
            for r in MeetingRequest.objects.filter(requester_id__in=ids)
            .select_related("event", "target__registration")
            .order_by("created_at")
        ],
        "meetings": [
            {
                "event": m.event.title,
                "starts_at": m.slot.starts_at.isoformat(),
                "table": str(m.table),
                "with": other.registration.name if other is not None else None,
                "status": m.status,
            }
            for m in Meeting.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids))
            .select_related(
                "event", "slot", "table", "first__registration", "second__registration"
            )
            .order_by("slot__starts_at")
            for other in [m.second if m.first_id in ids else m.first]
        ],
    }


def _erase_meetings(user) -> None:
    from .models import MeetingScheduleRun  # noqa: PLC0415
    from .services.meetings import meeting_optout  # noqa: PLC0415

    # Requests by and about the person go; their meetings are cancelled (the other
    # person sees "cancelled" and no name).
    for participant in _meeting_participants_for(user):
        meeting_optout(participant=participant)
    MeetingScheduleRun.objects.filter(started_by=user).update(started_by=None)


def purge_meetings(*, now) -> dict[str, int]:
    """Retention: everything about 1:1 meetings goes RETENTION_MEETINGS_DAYS after."""
    from .models import Meeting, MeetingParticipant, MeetingScheduleRun  # noqa: PLC0415

    cutoff = now - timedelta(days=settings.RETENTION_MEETINGS_DAYS)
    meetings, _ = Meeting.objects.filter(event__ends_at__lt=cutoff).delete()
    # Requests go with the opt-ins (cascade).
    participants, _ = MeetingParticipant.objects.filter(
        event__ends_at__lt=cutoff
    ).delete()
    MeetingScheduleRun.objects.filter(event__ends_at__lt=cutoff).delete()
    return {"event_meetings": meetings, "event_meeting_participants": participants}


def _register() -> None:
    from .models import (  # noqa: PLC0415 -- app registry ready
        AgendaStar,
        Booking,
        Meeting,
        MeetingParticipant,
        MeetingRequest,
        MeetingScheduleRun,
        Registration,
        SessionSignup,
        Speaker,
    )

    register(
        PersonalDataHandler(
            name="event_registrations",
            title=_("Event bookings and registrations"),
            purpose=_(
                "To give you a place at events, send tickets and reminders, run waiting "
                "lists, raffles and check-in, invoice paid tickets, and count "
                "attendance."
            ),
            data=_(
                "Name, e-mail address, organisation, sector, county, language, answers "
                "to the event's questions (health-related ones, such as allergies, only "
                "with your consent), your motivation in a raffle, ticket and check-in, "
                "and for a booking the invoice details."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_(
                "Health-related answers: deleted when the event has ended. Names, "
                "e-mail addresses and other answers: "
                "{RETENTION_EVENT_REGISTRATION_DAYS} days after the event."
            ),
            kept_after_erasure=_(
                "Registrations for events that have taken place stay for the "
                "statistics, without your name, e-mail address or answers (ticket, "
                "status, sector and county). Your places at coming events are "
                "cancelled. A booking keeps the organisation invoiced and the amount."
            ),
            models=(Booking, Registration),
            export=_export_registrations,
            erase=_erase_registrations,
            retention="Health-related answers are deleted when the event has ended; "
            "names, e-mail addresses, answers and invoice references "
            "RETENTION_EVENT_REGISTRATION_DAYS after the event. Attendance figures "
            "(ticket, sector, county, check-in) stay without a person.",
            extra={"purge": purge_expired},
        )
    )
    register(
        PersonalDataHandler(
            name="event_programme",
            title=_("Programme: speakers, workshops and your agenda"),
            purpose=_(
                "To show the programme and its speakers, to hold your seat at "
                "workshops, and to keep your own agenda."
            ),
            data=_(
                "If you speak: your name, title, biography (shown only with your "
                "consent) and e-mail address. The workshops you signed up for and the "
                "sessions you starred."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_(
                "Sign-ups and starred sessions: until you remove them or delete the "
                "account. A speaker profile: as long as the programme it appears in, or "
                "until you ask us to remove it."
            ),
            models=(Speaker, SessionSignup, AgendaStar),
            export=_export_programme,
            erase=_erase_programme,
            retention="Sign-ups and starred sessions are deleted with the account; a "
            "speaker profile stays as long as the programme it appears in, and is "
            "emptied when the person asks.",
        )
    )

    register(
        PersonalDataHandler(
            name="event_meetings",
            title=_("1:1 meetings at events"),
            purpose=_("To plan short meetings between participants who want them."),
            data=_(
                "Your topic, the times you cannot meet, whom you want to meet or rather "
                "not, and your meetings."
            ),
            legal_basis=LegalBasis.CONSENT,
            period=_("{RETENTION_MEETINGS_DAYS} days after the event."),
            kept_after_erasure=_(
                "Other people's meetings with you show as cancelled, without your name."
            ),
            models=(
                MeetingParticipant,
                MeetingRequest,
                Meeting,
                MeetingScheduleRun,
            ),
            export=_export_meetings,
            erase=_erase_meetings,
            retention="1:1 meetings: opt-ins (topic, consent, unavailable times), "
            "requests and meetings are deleted RETENTION_MEETINGS_DAYS after the "
            "event. Erasure deletes the person's opt-in and requests and cancels "
            "their meetings.",
            extra={"purge": purge_meetings},
        )
    )


_register()
