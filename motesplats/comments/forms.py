"""Forms for writing and reporting comments."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import (
    BODY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REPORT_TEXT_MAX_LENGTH,
    ReportReason,
)
from .pow import payload_check, payload_consume
from .selectors import comment_reply_target
from .text import clean_text

HONEYPOT_ERROR = _(
    "The form could not be sent because the field “Leave this field empty” was filled "
    "in. Empty it and send again."
)
POW_MISSING = _(
    "Sending a comment as a guest needs JavaScript: your browser does a short "
    "calculation that stops spam, and nothing is sent to anyone else. Turn on "
    "JavaScript, or log in to comment as a member."
)
POW_INVALID = _(
    "The automatic spam check did not succeed or has expired. Send the comment again."
)


class HoneypotMixin(forms.Form):
    # Hidden from people by the stylesheet and from assistive technology by the
    # template; bots that fill in every field reveal themselves.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(HONEYPOT_ERROR, code="honeypot")
        return ""


class CommentForm(HoneypotMixin):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text. Web addresses become links. Be kind and keep to the topic."
        ),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("Shown with your comment."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["name", "email", "body", "website"]

    def __init__(self, *args, page, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.is_guest = not getattr(user, "is_authenticated", False)
        if not self.is_guest:
            for name in ("name", "email", "altcha"):
                del self.fields[name]
        else:
            days = settings.RETENTION_COMMENT_GUEST_EMAIL_DAYS
            self.fields["email"].help_text = _(
                "Never shown. We send you a link to confirm your comment and delete "
                "the address after %(days)s days."
            ) % {"days": days}
        for field in self.fields.values():
            if field.required:
                field.widget.attrs["required"] = True
        self.reply_target = None

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError(_("Write a comment."), code="required")
        return body

    def clean_name(self) -> str:
        name = " ".join(clean_text(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Write your name."), code="required")
        return name

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        if not value:
            return None
        target = comment_reply_target(page=self.page, pk=value)
        if target is None:
            raise forms.ValidationError(
                _("You can reply to a published comment on this page, not to a reply."),
                code="parent",
            )
        self.reply_target = target
        return target

    def clean(self):
        cleaned = super().clean()
        if "parent" in self.errors:
            # A hidden field: its message goes to the top of the form.
            self.add_error(None, self.errors.pop("parent"))
        if self.is_guest and not self.errors:
            payload = self.data.get("altcha", "")
            if not payload:
                raise forms.ValidationError(POW_MISSING, code="pow_missing")
            checked = payload_check(payload)
            # Consumed last, so a form with other errors does not burn the work.
            if checked is None or not payload_consume(checked):
                raise forms.ValidationError(POW_INVALID, code="pow_invalid")
        return cleaned


class ReportForm(HoneypotMixin):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("More about the problem (optional)"),
        required=False,
        max_length=REPORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = ["reason", "text", "website"]

    def clean_text(self) -> str:
        return clean_text(self.cleaned_data.get("text", "")).strip()
