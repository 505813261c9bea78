"""The message form: subject, text and consent to share one's e-mail address."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    share_email = forms.BooleanField(
        label=_("The recipient may see my e-mail address and answer me directly"),
        required=False,
    )

    def clean_subject(self) -> str:
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise forms.ValidationError(_("Write a subject."))
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a message."))
        return body
