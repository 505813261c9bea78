"""Registration and self-service: the form, the booking page, cancel, change, offers.

The booking page is opened by the secret link in the confirmation mail (no account
needed): the booking's link shows every participant to the person who booked; a
participant's own link shows only them. Every change is a POST through a service and
answers with a redirect (303) to the booking page and a message; errors come back on
the same page with status 400.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motesplats.core.i18n import current_language
from motesplats.core.ratelimit import rate_limited
from motesplats.events.enums import RegistrationStatus
from motesplats.events.forms.registration import (
    ParticipantChangeForm,
    RegistrationForms,
    answer_text,
)
from motesplats.events.models import Registration, RegistrationQuestion
from motesplats.events.registration_selectors import (
    BookingAccess,
    booking_access,
    event_in_language,
    member_link_key,
    queue_positions,
    registration_state,
    registrations_of_member,
)
from motesplats.events.selectors import event_for_language
from motesplats.events.services.changes import (
    registration_update,
    registration_withdraw,
)
from motesplats.events.services.registration import booking_create, offer_accept
from motesplats.events.services.tickets import ticket_qr_png, ticket_qr_svg


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """Pages behind a secret link: never cached by others, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def privacy_url() -> str:
    return f"/{current_language()}/{_('privacy/')}"


def _member_names(user) -> dict[str, str]:
    if not getattr(user, "is_authenticated", False):
        return {}
    name = f"{user.first_name} {user.last_name}".strip() or user.display_name
    return {"name": name, "email": user.email}


# --- the registration form ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rate_limited("event_register")
def register_view(request: HttpRequest, event_id: int) -> HttpResponse:
    page = event_for_language(event_id=event_id)
    state = registration_state(event=page)
    language = current_language()
    context = {
        "page": page,
        "state": state,
        "privacy_url": privacy_url(),
        "retention_days": settings.RETENTION_EVENT_REGISTRATION_DAYS,
        "member_registrations": [
            (r, member_link_key(r, request.user))
            for r in registrations_of_member(event=state.event, user=request.user)
        ],
    }
    if not state.form_available:
        return _private(render(request, "events/register.html", context))
    questions = list(RegistrationQuestion.objects.filter(event=state.event))
    status = 200
    if request.method == "POST":
        forms = RegistrationForms(
            state=state, questions=questions, language=language, data=request.POST
        )
        if forms.wants_recount():
            status = 200 if forms.recount() else 400
        elif forms.is_valid():
            try:
                result = booking_create(
                    event=state.event,
                    language=language,
                    user=request.user,
                    **forms.service_arguments(user=request.user),
                )
            except ValidationError as error:
                forms.booking.add_error(None, error)
                status = 400
            else:
                messages.success(request, _booked_message(result))
                return _see_other(
                    reverse(
                        "events:booking",
                        kwargs={"token": result.booking.manage_token},
                    )
                )
        else:
            status = 400
    else:
        member = _member_names(request.user)
        forms = RegistrationForms(
            state=state,
            questions=questions,
            language=language,
            initial=member,
            participant_initial=member,
        )
    context.update(
        {
            "forms": forms,
            "form": forms.booking,
            "errors": forms.error_summary() if status == 400 else [],
        }
    )
    return _private(render(request, "events/register.html", context, status=status))


def _booked_message(result) -> str:
    if not result.created:
        return _("This booking was already received; here it is.")
    if result.registrations and all(
        r.status == RegistrationStatus.APPLIED for r in result.registrations
    ):
        return _(
            "Thank you! Your application is received. A receipt is on its way to "
            "%(email)s."
        ) % {"email": result.booking.email}
    return _(
        "Thank you! Your registration is received. A confirmation is on its way to "
        "%(email)s."
    ) % {"email": result.booking.email}


# --- the booking page -------------------------------------------------------------------


def _access_or_404(token: str) -> BookingAccess:
    access = booking_access(key=token)
    if access is None:
        raise Http404("No such booking")
    return access


def _registration_or_404(access: BookingAccess, registration_id: int) -> Registration:
    registration = access.registration(registration_id)
    if registration is None:
        raise Http404("No such participant in this booking")
    return registration


def _page(access: BookingAccess):
    return event_in_language(event=access.booking.event, language=current_language())


@require_GET
def booking_view(request: HttpRequest, token: str) -> HttpResponse:
    access = _access_or_404(token)
    booking = access.booking
    event = booking.event
    page = _page(access)
    language = current_language()
    now = timezone.now()
    questions = list(RegistrationQuestion.objects.filter(event=event))
    waiting = any(r.status == RegistrationStatus.WAITING for r in access.registrations)
    positions = queue_positions(event=event) if waiting else {}
    rows = []
    for registration in access.registrations:
        answers = registration.answers or {}
        health = registration.health_answers or {}
        active = registration.status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.OFFERED,
            RegistrationStatus.WAITING,
            RegistrationStatus.APPLIED,
        )
        rows.append(
            {
                "registration": registration,
                "qr": ticket_qr_svg(registration)
                if registration.status == RegistrationStatus.CONFIRMED
                else "",
                "position": positions.get(registration.pk),
                "answers": [
                    (q.label, answer_text(q, answers.get(q.key), language))
                    for q in questions
                    if not q.is_health_data and q.key in answers
                ],
                "health_answers": [
                    (q.label, answer_text(q, health.get(q.key), language))
                    for q in questions
                    if q.is_health_data and q.key in health
                ],
                "can_cancel": active and event.starts_at > now,
                "can_change": active and event.ends_at > now,
                "online": registration.status == RegistrationStatus.CONFIRMED
                and event.is_online
                and bool(event.online_url),
            }
        )
    context = {
        "page": page,
        "event": event,
        "access": access,
        "booking": booking,
        "token": access.key,
        "rows": rows,
        "show_invoice": access.whole_booking
        and (booking.total > 0 or bool(booking.invoice_organisation)),
        "any_confirmed": any(
            r.status == RegistrationStatus.CONFIRMED for r in access.registrations
        ),
    }
    return _private(render(request, "events/booking.html", context))


@require_http_methods(["GET", "POST"])
@rate_limited("event_booking_change")
def booking_cancel_view(
    request: HttpRequest, token: str, registration_id: int
) -> HttpResponse:
    access = _access_or_404(token)
    registration = _registration_or_404(access, registration_id)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            registration_withdraw(registration=registration, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        else:
            messages.success(request, _cancelled_message(registration))
            return _see_other(reverse("events:booking", kwargs={"token": access.key}))
    context = {
        "page": _page(access),
        "access": access,
        "token": access.key,
        "registration": registration,
        "error": error,
    }
    return _private(
        render(request, "events/booking_cancel.html", context, status=status)
    )


def _cancelled_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.OFFERED:
        return _(
            "You said no to the place for %(name)s; it goes to the next in line. "
            "A receipt is on its way by e-mail."
        ) % {"name": registration.name}
    return _(
        "The registration of %(name)s is cancelled. A receipt is on its way by e-mail."
    ) % {"name": registration.name}


@require_http_methods(["GET", "POST"])
@rate_limited("event_booking_change")
def booking_change_view(
    request: HttpRequest, token: str, registration_id: int
) -> HttpResponse:
    access = _access_or_404(token)
    registration = _registration_or_404(access, registration_id)
    questions = list(RegistrationQuestion.objects.filter(event=registration.event_id))
    language = current_language()
    kwargs = {
        "registration": registration,
        "questions": questions,
        "language": language,
    }
    status = 200
    if request.method == "POST":
        form = ParticipantChangeForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                registration_update(
                    registration=registration,
                    data=form.service_data(),
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The details of %(name)s are saved.")
                    % {"name": form.cleaned_data["name"]},
                )
                return _see_other(
                    reverse("events:booking", kwargs={"token": access.key})
                    + f"#participant-{registration.pk}"
                )
        status = 400
    else:
        form = ParticipantChangeForm(**kwargs)
    context = {
        "page": _page(access),
        "access": access,
        "token": access.key,
        "registration": registration,
        "form": form,
        "errors": form.error_summary() if status == 400 else [],
    }
    return _private(
        render(request, "events/booking_change.html", context, status=status)
    )


@require_http_methods(["GET", "POST"])
@rate_limited("event_booking_change")
def booking_offer_view(
    request: HttpRequest, token: str, registration_id: int
) -> HttpResponse:
    access = _access_or_404(token)
    registration = _registration_or_404(access, registration_id)
    error = ""
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            if decision == "accept":
                offer_accept(registration=registration)
                message = _(
                    "The place is yours: %(name)s is registered. The ticket is on "
                    "its way by e-mail."
                ) % {"name": registration.name}
            elif decision == "decline":
                registration_withdraw(registration=registration, actor=request.user)
                message = _cancelled_message(registration)
            else:
                raise ValidationError(
                    _("Choose whether to take the place or not."), code="decision"
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        else:
            messages.success(request, message)
            return _see_other(
                reverse("events:booking", kwargs={"token": access.key})
                + f"#participant-{registration.pk}"
            )
    context = {
        "page": _page(access),
        "access": access,
        "token": access.key,
        "registration": registration,
        "error": error,
        "is_offered": registration.status == RegistrationStatus.OFFERED,
    }
    return _private(
        render(request, "events/booking_offer.html", context, status=status)
    )


# --- the ticket image -------------------------------------------------------------------


@require_GET
def ticket_qr_view(request: HttpRequest, ticket_code: str) -> HttpResponse:
    registration = (
        Registration.objects.filter(
            ticket_code=ticket_code, status=RegistrationStatus.CONFIRMED
        ).first()
        if 0 < len(ticket_code) <= 40
        else None
    )
    if registration is None:
        raise Http404("No such ticket")
    response = HttpResponse(ticket_qr_png(registration), content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="ticket.png"'
    return _private(response)
