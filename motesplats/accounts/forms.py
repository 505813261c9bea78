"""Forms for the member's privacy pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .consents import PURPOSES


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=[(k, k) for k in PURPOSES])
    action = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])


class DeleteAccountForm(forms.Form):
    """Deleting needs the password (when the account has one) and a plain yes."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account and my personal data are erased and that "
            "this cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password
