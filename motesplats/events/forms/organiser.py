"""Forms of the organisers' tools in the admin.

Django gives an invalid field `aria-invalid` and `aria-describedby="<id>_helptext
<id>_error"`; the admin templates print the help and the errors under those ids.
"""

import secrets
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import TicketType
from motesplats.events.reports import (
    AUDIENCE_CONFIRMED,
    AUDIENCE_TICKET,
    AUDIENCE_WAITING,
)
from motesplats.events.services.organiser import BODY_MAX, SUBJECT_MAX


class AccessibleFormMixin:
    """The errors of a form for the summary at the top of the page."""

    def error_list(self) -> list[dict]:
        """For the error summary: each message with the id of the field it links to."""
        summary = []
        for name, errors in self.errors.items():
            target = ""
            if name in self.fields:
                target = self[name].auto_id
                if self.fields[name].widget.use_fieldset:
                    target = f"{target}_0"  # the first choice of a group

            summary += [{"id": target, "text": error} for error in errors]
        return summary


def _ticket_types(event) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=TicketType.objects.filter(event=event.canonical),
        required=False,
        label=_("Ticket type"),
        empty_label=_("All ticket types"),
    )


class ParticipantFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search by name, e-mail or organisation"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *RegistrationStatus.choices],
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"] = _ticket_types(event)
        self.fields["q"].widget.attrs.update({"autocomplete": "off"})


class ExportForm(AccessibleFormMixin, forms.Form):
    include_health = forms.BooleanField(
        label=_("Include dietary needs / health answers (for the caterer)"),
        required=False,
        help_text=_(
            "Health-related answers are special category data: download them only "
            "when you need them, share them only with those who must know, and "
            "delete the file after the event. The download is logged."
        ),
    )


class MessageForm(AccessibleFormMixin, forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to"),
        widget=forms.RadioSelect,
        choices=[
            (AUDIENCE_CONFIRMED, _("All confirmed participants")),
            (AUDIENCE_TICKET, _("Confirmed participants with one ticket type")),
            (AUDIENCE_WAITING, _("Everyone on the waiting list")),
        ],
        initial=AUDIENCE_CONFIRMED,
        error_messages={"required": _("Choose who gets the message.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Write a subject.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text. Each person gets an e-mail of their own; nobody sees the "
            "others' addresses."
        ),
        error_messages={"required": _("Write the message.")},
    )
    send_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        ticket_types = _ticket_types(event)
        ticket_types.empty_label = _("Choose a ticket type")
        ticket_types.help_text = _("Only when sending to one ticket type.")
        self.fields["ticket_type"] = ticket_types
        self.order_fields(["audience", "ticket_type", "subject", "body", "send_key"])

    def clean(self):
        data = super().clean()
        if data.get("audience") == AUDIENCE_TICKET and not data.get("ticket_type"):
            self.add_error("ticket_type", _("Choose a ticket type."))
        if not data.get("send_key"):
            data["send_key"] = secrets.token_urlsafe(16)
        return data


def ticket_code_from(raw: str) -> str:
    """The ticket code in what a scanner read: the code itself, or a link ending in it
    (…/<code>/ or …?code=<code>)."""
    text = (raw or "").strip()
    if "/" not in text and "?" not in text:
        return text
    parts = urlsplit(text)
    query = parse_qs(parts.query)
    if query.get("code"):
        return query["code"][0].strip()
    segments = [s for s in parts.path.split("/") if s]
    return segments[-1] if segments else ""


class CheckInCodeForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=500,
        help_text=_("Type the code, or scan the QR code with a handheld scanner."),
        error_messages={"required": _("Type or scan a ticket code.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "class": "checkin-code",
            }
        )

    def clean_code(self) -> str:
        code = ticket_code_from(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type or scan a ticket code."))
        return code


class CheckInPersonForm(forms.Form):
    registration = forms.IntegerField(min_value=1)


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find by name, e-mail or organisation"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"autocomplete": "off"})


class PaymentFilterForm(forms.Form):
    payment = forms.ChoiceField(
        label=_("Payment"),
        required=False,
        choices=[
            ("", _("All invoiced bookings")),
            ("invoice_pending", _("Unpaid")),
            ("paid", _("Paid")),
        ],
    )


class PaymentForm(forms.Form):
    paid = forms.TypedChoiceField(
        choices=[("1", "paid"), ("0", "unpaid")],
        coerce=lambda value: value == "1",
    )


LAYOUT_SHEET = "sheet"
LAYOUT_A6 = "a6"


class BadgeFilterForm(AccessibleFormMixin, forms.Form):
    layout = forms.ChoiceField(
        label=_("Paper"),
        required=False,
        choices=[
            (LAYOUT_SHEET, _("A4 sheets, eight badges each (2 × 4)")),
            (LAYOUT_A6, _("A6, one badge per page")),
        ],
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"] = _ticket_types(event)
        self.order_fields(["ticket_type", "layout"])
