"""The registration form: the person booking, one fieldset per participant, invoicing.

A booking is one `BookingForm` (who books, how many participants, invoice details,
the waiting-list choice and the submission key) and one `ParticipantForm` per
participant (ticket, name, e-mail, organisation, sector, county, the event's
questions). `RegistrationForms` validates them together and turns them into the
arguments of `booking_create`. Without JavaScript, "Change the number of participants"
posts the form, which comes back with that many fieldsets and everything kept.
"""

import re
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from motesplats.actors.validators import normalize_org_number
from motesplats.core.forms import form_error_entries
from motesplats.events.enums import QuestionKind
from motesplats.events.models import RegistrationQuestion
from motesplats.events.registration_selectors import RegistrationState, TicketOffer
from motesplats.events.services.changes import TEXT_ANSWER_MAX
from motesplats.events.services.registration import Invoice, Participant
from motesplats.taxonomy.models import Region, Sector

# However many tickets a booking may hold, one form never asks for more people.
MAX_PARTICIPANTS = 20
MOTIVATION_MAX = 2000


# --- prices ----------------------------------------------------------------------


def format_sek(amount: Decimal) -> str:
    """`450 kr` / `SEK 450`; öre only when there are any."""
    places = 0 if amount == amount.to_integral_value() else 2
    number = number_format(
        amount, decimal_pos=places, use_l10n=True, force_grouping=True
    )
    return _("SEK %(amount)s") % {"amount": number}


def price_text(ticket) -> str:
    if not ticket.is_paid:
        return _("Free of charge")
    return _("%(price)s incl. VAT (of which VAT %(vat)s)") % {
        "price": format_sek(ticket.price),
        "vat": format_sek(ticket.vat_amount),
    }


def places_text(offer: TicketOffer, *, waiting_list: bool) -> str:
    if offer.left is None:
        return ""
    if offer.sold_out:
        return (
            _("Fully booked – you can join the waiting list")
            if waiting_list
            else _("Fully booked")
        )
    return ngettext("%(n)s place left", "%(n)s places left", offer.left) % {
        "n": offer.left
    }


# --- widgets ---------------------------------------------------------------------


class ChoiceGroup(forms.RadioSelect):
    template_name = "events/widgets/choice_group.html"


class TicketChoice(forms.RadioSelect):
    """Radio buttons that show each ticket's description, price and places left."""

    template_name = "events/widgets/ticket_choice.html"

    def __init__(self, *args, offers=None, waiting_list=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {str(o.ticket.pk): o for o in (offers or [])}
        self.waiting_list = waiting_list

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        offer = self.offers.get(str(value))
        if offer is not None:
            option["ticket"] = offer.ticket
            option["price"] = price_text(offer.ticket)
            option["places"] = places_text(offer, waiting_list=self.waiting_list)
            option["sold_out"] = offer.sold_out
            if offer.sold_out and not self.waiting_list:
                option["attrs"]["disabled"] = True
        return option


# --- the person booking, and invoicing ----------------------------------------------


class BookingForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        help_text=gettext_lazy(
            "The confirmation and the link to change or cancel the booking go here."
        ),
    )
    count = forms.IntegerField(
        label=gettext_lazy("Number of participants"),
        min_value=1,
        help_text=gettext_lazy("You can register colleagues in the same booking."),
    )
    shown = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )
    join_waiting_list = forms.BooleanField(
        label=gettext_lazy(
            "Put participants on the waiting list if their ticket is fully booked"
        ),
        required=False,
        initial=True,
    )
    invoice_organisation = forms.CharField(
        label=gettext_lazy("Organisation to invoice"), max_length=200, required=False
    )
    invoice_org_number = forms.CharField(
        label=gettext_lazy("Organisation number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Ten digits, e.g. 556677-8899."),
    )
    invoice_reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("The reference or order number the invoice must carry."),
    )
    invoice_address = forms.CharField(
        label=gettext_lazy("Invoice address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invoice_email = forms.EmailField(
        label=gettext_lazy("E-mail for the invoice"),
        max_length=254,
        required=False,
        help_text=gettext_lazy("Leave empty to have it sent to your own address."),
    )

    INVOICE_FIELDS = (
        "invoice_organisation",
        "invoice_org_number",
        "invoice_reference",
        "invoice_address",
        "invoice_email",
    )

    def __init__(self, *args, state: RegistrationState, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state
        self.limit = limit
        self.fields["count"].validators.append(_max_participants_validator(limit))
        self.fields["count"].widget.attrs.update({"min": 1, "max": limit})
        if not state.waiting_list:
            del self.fields["join_waiting_list"]
        if not any(o.ticket.is_paid for o in state.offers):
            for name in self.INVOICE_FIELDS:
                del self.fields[name]

    @property
    def has_invoice(self) -> bool:
        return "invoice_organisation" in self.fields

    def invoice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.INVOICE_FIELDS if name in self.fields]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_submission_key(self) -> str:
        return valid_submission_key(self.cleaned_data.get("submission_key"))

    def clean_invoice_org_number(self) -> str:
        value = self.cleaned_data.get("invoice_org_number", "").strip()
        return normalize_org_number(value) if value else ""


def valid_submission_key(value) -> str:
    """The posted key if the server could have made it, else a new one.

    An edited or truncated key is replaced: the form still works, only the protection
    against a double click is lost for that submission.
    """
    try:
        return str(uuid.UUID(str(value or "").strip()))
    except ValueError:
        return str(uuid.uuid4())


def _max_participants_validator(limit: int):
    def check(value):
        if value is not None and value > limit:
            raise ValidationError(
                ngettext(
                    "At most %(n)s participant can be registered in one booking.",
                    "At most %(n)s participants can be registered in one booking.",
                    limit,
                )
                % {"n": limit},
                code="too_many",
            )

    return check


# --- one participant ---------------------------------------------------------------


def question_field(question: RegistrationQuestion, language: str) -> forms.Field:
    common = {
        "label": question.label,
        "required": question.required,
        "help_text": question.help,
    }
    if question.kind == QuestionKind.CHOICE:
        choices = list(enumerate(question.choice_list(language)))
        return forms.TypedChoiceField(
            choices=[(str(i), text) for i, text in choices],
            coerce=int,
            empty_value=None,
            widget=ChoiceGroup,
            **common,
        )
    if question.kind == QuestionKind.BOOLEAN:
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=ChoiceGroup,
            **common,
        )
    return forms.CharField(max_length=TEXT_ANSWER_MAX, **common)


def stored_answer(question: RegistrationQuestion, value):
    """A cleaned form value as it is stored (see `changes.clean_answer`)."""
    if value is None or value == "":
        return None
    if question.kind == QuestionKind.CHOICE:
        swedish = question.choice_list("sv")
        shown = question.choice_list("en")
        if value < len(swedish):
            return swedish[value]
        return shown[value] if value < len(shown) else None
    if question.kind == QuestionKind.TEXT:
        return value.strip() or None
    return value


def form_value(question: RegistrationQuestion, stored):
    """A stored answer as the form's initial value."""
    if stored is None:
        return None
    if question.kind == QuestionKind.CHOICE:
        swedish = question.choice_list("sv")
        return str(swedish.index(stored)) if stored in swedish else None
    if question.kind == QuestionKind.BOOLEAN:
        return "yes" if stored else "no"
    return stored


def answer_text(question: RegistrationQuestion, stored, language: str) -> str:
    """A stored answer as read in `language`."""
    if stored is None or stored == "":
        return ""
    if question.kind == QuestionKind.BOOLEAN:
        return _("Yes") if stored else _("No")
    if question.kind == QuestionKind.CHOICE:
        swedish = question.choice_list("sv")
        shown = question.choice_list(language)
        if stored in swedish and swedish.index(stored) < len(shown):
            return shown[swedish.index(stored)]
    return str(stored)


_QUESTION_KEY = re.compile(r"^q\d+$")


class ParticipantForm(forms.Form):
    ticket_type = forms.ChoiceField(label=gettext_lazy("Ticket"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )
    # Choices built once per page from lists read once (see `RegistrationForms`), so
    # the number of queries does not grow with the number of participants.
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), required=False)
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    health_consent = forms.BooleanField(
        label=gettext_lazy(
            "I consent to the organisers using my answers to the health questions "
            "to plan the event. The answers are deleted when the event is over."
        ),
        required=False,
    )
    motivation = forms.CharField(
        label=gettext_lazy("Why do you want to take part?"),
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "The places are drawn among the applications; the organisers read the "
            "motivations to make sure the participants come from every sector."
        ),
    )

    def __init__(
        self,
        *args,
        state: RegistrationState,
        questions: list[RegistrationQuestion],
        sectors,
        counties,
        language: str,
        number: int,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.state = state
        self.number = number
        self.language = language
        ticket = self.fields["ticket_type"]
        ticket.choices = [(str(o.ticket.pk), str(o.ticket.name)) for o in state.offers]
        ticket.widget = TicketChoice(
            choices=ticket.choices,
            offers=state.offers,
            waiting_list=state.waiting_list,
        )
        ticket.error_messages["invalid_choice"] = _("Choose one of the tickets shown.")
        if len(state.offers) == 1 and not self.is_bound:
            self.initial.setdefault("ticket_type", str(state.offers[0].ticket.pk))
        self.sectors = {str(s.pk): s for s in sectors}
        self.counties = {str(c.pk): c for c in counties}
        self.fields["sector"].choices = [
            ("", _("Choose a sector")),
            *((key, str(s.name)) for key, s in self.sectors.items()),
        ]
        self.fields["county"].choices = [
            ("", _("Choose a county")),
            *((key, str(c.name)) for key, c in self.counties.items()),
        ]
        if state.is_raffle:
            # The draw can reserve places per sector, so an application names one.
            self.fields["sector"].required = True
        else:
            del self.fields["motivation"]
        self.questions = {q.key: q for q in questions}
        self.question_names: list[str] = []
        self.health_names: list[str] = []
        for question in questions:
            self.fields[question.key] = question_field(question, language)
            if question.is_health_data:
                self.health_names.append(question.key)
            else:
                self.question_names.append(question.key)
        if not self.health_names:
            del self.fields["health_consent"]

    # Sections of the fieldset, for the template.
    def person_fields(self) -> list[forms.BoundField]:
        names = ["name", "email", "organisation", "sector", "county"]
        return [self[n] for n in names]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.question_names]

    def health_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.health_names]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_sector(self):
        return self.sectors.get(self.cleaned_data.get("sector") or "")

    def clean_county(self):
        return self.counties.get(self.cleaned_data.get("county") or "")

    def clean(self) -> dict:
        cleaned = super().clean()
        # Answers to questions the event does not ask (removed since the form was
        # shown, or made up) are refused rather than silently dropped.
        prefix = f"{self.prefix}-" if self.prefix else ""
        for key in self.data:
            if not key.startswith(prefix):
                continue
            name = key[len(prefix) :]
            if _QUESTION_KEY.match(name) and name not in self.fields:
                raise ValidationError(
                    _(
                        "The form has answers to questions this event does not ask "
                        "(they may have been changed). Check the answers and send "
                        "the form again."
                    ),
                    code="unknown_question",
                )
        if self.health_names and not cleaned.get("health_consent"):
            answered = [
                n for n in self.health_names if cleaned.get(n) not in (None, "")
            ]
            if answered:
                self.add_error(
                    "health_consent",
                    ValidationError(
                        _(
                            "Tick the box to consent, or leave the health questions "
                            "unanswered."
                        ),
                        code="consent",
                    ),
                )
        return cleaned

    def answers(self, names: list[str]) -> dict:
        result = {}
        for name in names:
            value = stored_answer(self.questions[name], self.cleaned_data.get(name))
            if value is not None:
                result[name] = value
        return result


# --- the whole form ----------------------------------------------------------------


def booking_limit(state: RegistrationState) -> int:
    """How many participants one booking may hold: the most any ticket allows."""
    most = max((o.ticket.max_per_booking for o in state.offers), default=1)
    return max(1, min(most, MAX_PARTICIPANTS))


def _as_int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _carried_initial(form: forms.Form) -> dict:
    """What a bound form holds, as the initial values of an unbound one."""
    return {name: form[name].data for name in form.fields}


class RegistrationForms:
    """The booking form and its participant forms, validated together."""

    def __init__(
        self,
        *,
        state: RegistrationState,
        questions: list[RegistrationQuestion],
        language: str,
        data=None,
        initial: dict | None = None,
        participant_initial: dict | None = None,
    ):
        self.state = state
        self.questions = questions
        self.language = language
        self.limit = booking_limit(state)
        self.data = data
        self.sectors = list(Sector.objects.order_by("sort_order", "name_sv"))
        self.counties = list(Region.objects.order_by("code"))
        self.recount_message = ""
        if data is None:
            initial = {
                "count": 1,
                "shown": 1,
                "submission_key": str(uuid.uuid4()),
                **(initial or {}),
            }
            self.booking = self._booking_form(initial=initial)
            self.participants = [
                self._participant(1, initial=participant_initial or {})
            ]
            return
        shown = min(max(_as_int(data.get("shown"), 1), 1), self.limit)
        self.booking = self._booking_form(data=data)
        self.participants = [
            self._participant(n, data=data) for n in range(1, shown + 1)
        ]
        self.shown = shown

    def _booking_form(self, **kwargs) -> BookingForm:
        return BookingForm(state=self.state, limit=self.limit, **kwargs)

    def _participant(self, number: int, **kwargs) -> ParticipantForm:
        return ParticipantForm(
            prefix=f"p{number}",
            state=self.state,
            questions=self.questions,
            sectors=self.sectors,
            counties=self.counties,
            language=self.language,
            number=number,
            **kwargs,
        )

    # --- changing the number of participants ---------------------------------------

    def wants_recount(self) -> bool:
        """True when the visitor asked for another number of participant fieldsets."""
        if self.data is None:
            return False
        if self.data.get("action") == "count":
            return True
        count = _as_int(self.data.get("count"), self.shown)
        return 1 <= count <= self.limit and count != self.shown

    def recount(self) -> bool:
        """Show the number of fieldsets asked for, keeping what was typed.

        Returns False, with the error on the count field, when the number cannot be
        shown; the fieldsets stay as they were.
        """
        error = None
        try:
            count = self.booking.fields["count"].clean(self.booking["count"].data)
        except ValidationError as exc:
            error, count = exc, len(self.participants)
        carried = _carried_initial(self.booking)
        carried["submission_key"] = valid_submission_key(
            self.booking["submission_key"].data
        )
        carried["shown"] = count
        if error is None:
            carried["count"] = count
        explicit = self.data.get("action") == "count"
        previous = len(self.participants)
        people = [_carried_initial(p) for p in self.participants]
        self.booking = self._booking_form(initial=carried)
        self.participants = [
            self._participant(n, initial=people[n - 1] if n <= len(people) else {})
            for n in range(1, count + 1)
        ]
        self.data = None
        if error is not None:
            self.booking.cleaned_data = {}
            self.booking.add_error("count", error)
            return False
        if not explicit:
            self.recount_message = _(
                "The number of participants changed: fill in the new fieldsets "
                "and send the form again."
            )
        elif count > previous:
            self.recount_message = ngettext(
                "The form now has room for %(n)s participant.",
                "The form now has room for %(n)s participants.",
                count,
            ) % {"n": count}
        else:
            self.recount_message = ngettext(
                "The form now has %(n)s participant.",
                "The form now has %(n)s participants.",
                count,
            ) % {"n": count}
        return True

    # --- validation ---------------------------------------------------------------

    def is_valid(self) -> bool:
        valid = self.booking.is_valid()
        for participant in self.participants:
            valid = participant.is_valid() and valid
        if not valid:
            return False
        self._check_together()
        return not self.has_errors()

    def has_errors(self) -> bool:
        return bool(self.booking.errors) or any(p.errors for p in self.participants)

    def _check_together(self) -> None:
        seen: dict[str, int] = {}
        per_ticket: dict[str, int] = {}
        paid = False
        for participant in self.participants:
            email = participant.cleaned_data["email"]
            if email in seen:
                participant.add_error(
                    "email",
                    ValidationError(
                        _(
                            "Participant %(n)s has the same address. Each participant "
                            "needs an e-mail address of their own."
                        )
                        % {"n": seen[email]},
                        code="duplicate_email",
                    ),
                )
            seen.setdefault(email, participant.number)
            ticket_id = participant.cleaned_data["ticket_type"]
            offer = self.state.offer_for(int(ticket_id))
            if offer is None:
                continue
            per_ticket[ticket_id] = per_ticket.get(ticket_id, 0) + 1
            if per_ticket[ticket_id] > offer.ticket.max_per_booking:
                participant.add_error(
                    "ticket_type",
                    ValidationError(
                        ngettext(
                            "At most %(n)s ticket of the kind “%(ticket)s” per booking.",
                            "At most %(n)s tickets of the kind “%(ticket)s” per booking.",
                            offer.ticket.max_per_booking,
                        )
                        % {"n": offer.ticket.max_per_booking, "ticket": offer.ticket},
                        code="too_many",
                    ),
                )
            paid = paid or offer.ticket.is_paid
        if paid and self.booking.has_invoice:
            for name in (
                "invoice_organisation",
                "invoice_org_number",
                "invoice_address",
            ):
                if not self.booking.cleaned_data.get(name) and name not in (
                    self.booking.errors
                ):
                    self.booking.add_error(
                        name,
                        ValidationError(
                            _("Required for paid tickets: they are invoiced."),
                            code="invoice",
                        ),
                    )

    # --- for the service --------------------------------------------------------------

    def service_arguments(self, *, user) -> dict:
        data = self.booking.cleaned_data
        member_email = (getattr(user, "email", "") or "").lower()
        participants = []
        any_paid = False
        for form in self.participants:
            cleaned = form.cleaned_data
            ticket = self.state.offer_for(int(cleaned["ticket_type"])).ticket
            any_paid = any_paid or ticket.is_paid
            health = form.answers(form.health_names)
            participants.append(
                Participant(
                    ticket_type=ticket,
                    name=cleaned["name"],
                    email=cleaned["email"],
                    organisation=cleaned.get("organisation", ""),
                    sector=cleaned.get("sector"),
                    county=cleaned.get("county"),
                    answers=form.answers(form.question_names),
                    health_answers=health,
                    health_consent=bool(health and cleaned.get("health_consent")),
                    motivation=cleaned.get("motivation", ""),
                    user=user
                    if member_email and cleaned["email"] == member_email
                    else None,
                )
            )
        invoice = None
        if any_paid and self.booking.has_invoice:
            invoice = Invoice(
                organisation=data["invoice_organisation"],
                org_number=data["invoice_org_number"],
                reference=data.get("invoice_reference", ""),
                address=data["invoice_address"],
                email=data.get("invoice_email") or data["email"],
            )
        return {
            "name": data["name"],
            "email": data["email"],
            "participants": participants,
            "invoice": invoice,
            "submission_key": data["submission_key"],
            "join_waiting_list": data.get("join_waiting_list", False),
        }

    # --- for the template -----------------------------------------------------------

    def error_summary(self) -> list[dict[str, str]]:
        entries = form_error_entries(self.booking)
        for participant in self.participants:
            label = _("Participant %(n)s") % {"n": participant.number}
            entries += form_error_entries(participant, f"{label} – ")
        return entries


# --- self-service: correcting a participant's details ------------------------------------


class ParticipantChangeForm(forms.Form):
    """Name, organisation and the answers that are not health data."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )

    def __init__(
        self,
        *args,
        registration,
        questions: list[RegistrationQuestion],
        language: str,
        **kwargs,
    ):
        questions = [q for q in questions if not q.is_health_data]
        initial = {
            "name": registration.name,
            "organisation": registration.organisation,
        }
        for question in questions:
            initial[question.key] = form_value(
                question, (registration.answers or {}).get(question.key)
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = {q.key: q for q in questions}
        for question in questions:
            self.fields[question.key] = question_field(question, language)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict:
        cleaned = super().clean()
        for key in self.data:
            if _QUESTION_KEY.match(key) and key not in self.fields:
                raise ValidationError(
                    _(
                        "The form has answers to questions this event does not ask "
                        "(they may have been changed). Check the answers and send "
                        "the form again."
                    ),
                    code="unknown_question",
                )
        return cleaned

    def service_data(self) -> dict:
        answers = {
            key: stored_answer(question, self.cleaned_data.get(key))
            for key, question in self.questions.items()
        }
        return {
            "name": self.cleaned_data["name"],
            "organisation": self.cleaned_data.get("organisation", ""),
            "answers": {k: ("" if v is None else v) for k, v in answers.items()},
        }

    def error_summary(self) -> list[dict[str, str]]:
        return form_error_entries(self)
