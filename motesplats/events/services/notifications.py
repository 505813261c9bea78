"""Mail to participants, sent after commit in each person's language."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from motesplats.events.models import Booking, Registration


def booking_confirmation(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("event").get(pk=booking_id)
    with translation.override(booking.language):
        subject = _("Your registration: %(event)s") % {"event": booking.event.title}
        lines = [
            f"{r.name}: {r.get_status_display()}" for r in booking.registrations.all()
        ]
    send_mail(subject, "\n".join(lines), None, [booking.email])


def waitlist_offer(*, registration_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    with translation.override(registration.language):
        subject = _("A place is free for you: %(event)s") % {
            "event": registration.event.title
        }
    send_mail(subject, subject, None, [registration.email])
