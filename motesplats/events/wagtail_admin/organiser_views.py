"""The organisers' tools in the Wagtail admin: events, figures, participants, the CSV
export, messages, payments, check-in and badges.

Organisers are the people who may edit the event's page (its node's editors and the
national editors). Every view checks that for the event in the URL and answers 403
otherwise; the admin itself requires sign-in with two-factor authentication. Views
are thin: a form reads the request, one selector (events.reports) or service does the
work, a template renders.
"""

import hashlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from motesplats.events.enums import RegistrationStatus
from motesplats.events.forms.organiser import (
    LAYOUT_A6,
    LAYOUT_SHEET,
    BadgeFilterForm,
    CheckInCodeForm,
    CheckInPersonForm,
    CheckInSearchForm,
    ExportForm,
    MessageForm,
    ParticipantFilterForm,
    PaymentFilterForm,
    PaymentForm,
)
from motesplats.events.reports import (
    badge_registrations,
    booking_for_organiser,
    bookings_to_invoice,
    checkin_counts,
    event_figures,
    event_for_organiser,
    event_list_for_organiser,
    event_places,
    message_recipients,
    participant_search,
    participants_csv,
    photo_consenting,
    registration_for_organiser,
    user_can_manage_event,
)
from motesplats.events.services.organiser import (
    OrganiserError,
    booking_mark_paid,
    booking_mark_unpaid,
    event_message_send,
    participants_export_record,
)
from motesplats.events.services.registration import (
    RegistrationError,
    registration_cancel,
    registration_check_in,
)
from motesplats.events.services.tickets import ticket_qr_svg

PER_PAGE = 50
CHECKIN_RESULTS = 20
BADGES_PER_SHEET = 8


def _index_crumb() -> dict:
    return {"url": reverse("events_admin:index"), "label": _("Events")}


class OrganiserMixin(WagtailAdminTemplateMixin):
    header_icon = "date"


class EventListView(OrganiserMixin, TemplateView):
    template_name = "events/admin/index.html"
    page_title = gettext_lazy("Events you organise")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Events")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(
            event_list_for_organiser(user=self.request.user), PER_PAGE
        ).get_page(self.request.GET.get("p"))
        for event in page.object_list:
            event.places = event_places(event)
        context.update(page=page, now=timezone.now())
        return context


class EventView(OrganiserMixin, TemplateView):
    """One event's tool: loads the canonical event and checks the organiser's right."""

    section = ""
    section_title = ""

    def dispatch(self, request, *args, **kwargs):
        self.event = event_for_organiser(event_id=kwargs["event_id"])
        if not user_can_manage_event(request.user, self.event):
            return forbidden(request, self.event)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.section_title or self.event.title

    def get_page_subtitle(self):
        return self.event.title if self.section_title else ""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, _index_crumb()]
        if self.section == "dashboard":
            return [*items, {"url": "", "label": self.event.title}]
        return [
            *items,
            {
                "url": reverse("events_admin:dashboard", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": str(self.section_title)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(event=self.event, section=self.section)
        return context

    def back_to(self, name: str) -> HttpResponse:
        return redirect(reverse(f"events_admin:{name}", args=[self.event.pk]))


def forbidden(request, event) -> HttpResponse:
    return TemplateResponse(
        request,
        "events/admin/forbidden.html",
        {
            "page_title": _("You cannot manage this event"),
            "header_title": _("You cannot manage this event"),
            "header_icon": "warning",
            "denied_event": event,
        },
        status=403,
    )


class DashboardView(EventView):
    template_name = "events/admin/dashboard.html"
    section = "dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = event_figures(event=self.event)
        context["statuses"] = RegistrationStatus
        return context


# --- participants ------------------------------------------------------------------------


class ParticipantsView(EventView):
    template_name = "events/admin/participants.html"
    section = "participants"
    section_title = gettext_lazy("Participants")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ParticipantFilterForm(self.request.GET or None, event=self.event)
        criteria = {}
        if form.is_bound:
            # A filter that does not validate is left out (and explained), never a 500:
            # cleaned_data keeps only the fields that validated.
            form.is_valid()
            criteria = form.cleaned_data
        registrations = participant_search(
            event=self.event,
            query=criteria.get("q") or "",
            status=criteria.get("status") or "",
            ticket_type=criteria.get("ticket_type"),
        )
        page = Paginator(registrations, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            form=form,
            page=page,
            export_form=ExportForm(),
            photo_ok=photo_consenting(page.object_list),
        )
        return context


class ParticipantCancelView(EventView):
    template_name = "events/admin/participant_cancel.html"
    section = "participants"
    section_title = gettext_lazy("Cancel a registration")

    @cached_property
    def registration(self):
        return registration_for_organiser(
            event=self.event, registration_id=self.kwargs["registration_id"]
        )

    def get(self, request, *args, **kwargs):
        if self.registration is None:
            messages.error(request, _("That registration is not in this event."))
            return self.back_to("participants")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        registration = self.registration
        if registration is None:
            messages.error(request, _("That registration is not in this event."))
            return self.back_to("participants")
        try:
            registration_cancel(registration=registration, actor=request.user)
        except RegistrationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.")
                % {"name": registration.name},
            )
        return self.back_to("participants")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration"] = self.registration
        return context


class ParticipantsCsvView(EventView):
    """The participant list as CSV. Health answers only when the form asks for them."""

    def get(self, request, *args, **kwargs):
        return self.export(include_health=False)

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        include_health = form.is_valid() and form.cleaned_data["include_health"]
        return self.export(include_health=include_health)

    def export(self, *, include_health: bool) -> HttpResponse:
        text, rows = participants_csv(event=self.event, include_health=include_health)
        participants_export_record(
            event=self.event,
            actor=self.request.user,
            include_health=include_health,
            rows=rows,
        )
        # The byte-order mark makes Excel read the file as UTF-8 (å, ä, ö).
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        filename = f"deltagare-{self.event.slug}-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


# --- messages ----------------------------------------------------------------------------


def _message_fingerprint(data: dict) -> str:
    ticket_type = data.get("ticket_type")
    parts = [
        data.get("audience") or "",
        str(ticket_type.pk) if ticket_type else "",
        data.get("subject") or "",
        data.get("body") or "",
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


class MessageView(EventView):
    template_name = "events/admin/message.html"
    section = "message"
    section_title = gettext_lazy("Message to participants")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=MessageForm(event=self.event))
        )

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST, event=self.event)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        fingerprint = _message_fingerprint(data)
        wants_send = request.POST.get("action") == "send"
        if wants_send and request.POST.get("previewed") == fingerprint:
            try:
                result = event_message_send(
                    event=self.event,
                    audience=data["audience"],
                    ticket_type=data.get("ticket_type"),
                    subject=data["subject"],
                    body=data["body"],
                    actor=request.user,
                    send_key=data["send_key"],
                )
            except OrganiserError as error:
                form.add_error(None, error.messages[0])
                return self.render_to_response(self.get_context_data(form=form))
            if result.already_sent:
                messages.warning(request, _("This message has already been sent."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "The message is on its way to %(n)s person.",
                        "The message is on its way to %(n)s people.",
                        result.recipients,
                    )
                    % {"n": result.recipients},
                )
            return self.back_to("message")
        # A preview: the count, and the message as it will be sent.
        recipients = message_recipients(
            event=self.event,
            audience=data["audience"],
            ticket_type=data.get("ticket_type"),
        ).count()
        context = self.get_context_data(
            form=form,
            preview=data,
            recipients=recipients,
            fingerprint=fingerprint,
            changed=wants_send and bool(request.POST.get("previewed")),
        )
        return self.render_to_response(context)


# --- payments ----------------------------------------------------------------------------


class PaymentsView(EventView):
    template_name = "events/admin/payments.html"
    section = "payments"
    section_title = gettext_lazy("Payments")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PaymentFilterForm(self.request.GET or None)
        status = form.cleaned_data["payment"] if form.is_valid() else ""
        bookings = bookings_to_invoice(event=self.event, payment_status=status)
        page = Paginator(bookings, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(form=form, page=page)
        return context


class PaymentMarkView(EventView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        booking = booking_for_organiser(
            event=self.event, booking_id=self.kwargs["booking_id"]
        )
        form = PaymentForm(request.POST)
        if booking is None or not form.is_valid():
            messages.error(request, _("That booking could not be changed."))
            return self.back_to("payments")
        paid = form.cleaned_data["paid"]
        service = booking_mark_paid if paid else booking_mark_unpaid
        try:
            service(booking=booking, actor=request.user)
        except OrganiserError as error:
            messages.error(request, error.messages[0])
        else:
            done = (
                _("The booking of %(name)s is marked as paid.")
                if paid
                else _("The booking of %(name)s is marked as unpaid.")
            )
            messages.success(request, done % {"name": booking.name})
        return self.back_to("payments")


# --- check-in ----------------------------------------------------------------------------

WELCOME = "welcome"
ALREADY = "already"
NOT_CONFIRMED = "not-confirmed"
NOT_FOUND = "not-found"


def _result_kind(result) -> str:
    if result.registration is None:
        return NOT_FOUND
    if result.newly_checked_in:
        return WELCOME
    if result.registration.status != RegistrationStatus.CONFIRMED:
        return NOT_CONFIRMED
    return ALREADY


class CheckInView(EventView):
    template_name = "events/admin/checkin.html"
    section = "checkin"
    section_title = gettext_lazy("Check-in")

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def post(self, request, *args, **kwargs):
        code_form = CheckInCodeForm()
        if "registration" in request.POST:
            person = CheckInPersonForm(request.POST)
            registration = (
                registration_for_organiser(
                    event=self.event,
                    registration_id=person.cleaned_data["registration"],
                )
                if person.is_valid()
                else None
            )
            code = registration.ticket_code if registration else ""
        else:
            code_form = CheckInCodeForm(request.POST)
            code = code_form.cleaned_data["code"] if code_form.is_valid() else ""
        if code:
            result = registration_check_in(
                event=self.event, code=code, actor=request.user
            )
            kind, message = _result_kind(result), result.message
            code_form = CheckInCodeForm()  # empty again for the next ticket
            if "registration" not in request.POST:
                # Ready for the next ticket: a handheld scanner types into the focus.
                code_form.fields["code"].widget.attrs["autofocus"] = True
        else:
            kind = NOT_FOUND
            message = (
                _("No ticket for this event has that code.")
                if "registration" in request.POST
                else _("Type or scan a ticket code.")
            )
        counts = checkin_counts(event=self.event)
        if self.wants_json():
            return JsonResponse({"kind": kind, "message": message, **counts})
        context = self.get_context_data(
            result={"kind": kind, "message": message},
            code_form=code_form,
            counts=counts,
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = CheckInSearchForm(self.request.GET or self.request.POST or None)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        found = None
        if query:
            found = list(
                participant_search(event=self.event, query=query)[: CHECKIN_RESULTS + 1]
            )
        context.setdefault("code_form", CheckInCodeForm())
        if "counts" not in context:  # a scan has counted already
            context["counts"] = checkin_counts(event=self.event)
        context.update(
            search_form=search,
            query=query,
            found=found[:CHECKIN_RESULTS] if found is not None else None,
            more_found=found is not None and len(found) > CHECKIN_RESULTS,
        )
        return context


class CheckInCountsView(EventView):
    """Checked in / confirmed as JSON, for the live counts on the check-in page."""

    def get(self, request, *args, **kwargs):
        response = JsonResponse(checkin_counts(event=self.event))
        response["Cache-Control"] = "no-store"
        return response


# --- badges ------------------------------------------------------------------------------


class BadgesView(EventView):
    template_name = "events/admin/badges.html"
    section = "badges"
    section_title = gettext_lazy("Badges")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = BadgeFilterForm(self.request.GET or None, event=self.event)
        data = form.cleaned_data if form.is_valid() else {}
        layout = data.get("layout") or LAYOUT_SHEET
        badges = []
        for registration in badge_registrations(
            event=self.event, ticket_type=data.get("ticket_type")
        ):
            label = _("Ticket code of %(name)s") % {"name": registration.name}
            registration.qr = mark_safe(  # noqa: S308 -- segno's markup, label escaped
                ticket_qr_svg(
                    registration, scale=4, border=2, label=label, svgclass="badge-qr"
                )
            )
            badges.append(registration)
        per_page = 1 if layout == LAYOUT_A6 else BADGES_PER_SHEET
        sheets = [badges[i : i + per_page] for i in range(0, len(badges), per_page)]
        context.update(
            form=form,
            layout=layout,
            sheets=sheets,
            count=len(badges),
            layout_a6=LAYOUT_A6,
        )
        return context
