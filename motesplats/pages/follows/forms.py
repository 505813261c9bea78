from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowKind, Frequency

LANGUAGES = [("sv", "Svenska"), ("en", "English")]


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=FollowKind.choices)
    key = forms.CharField(max_length=200)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(max_length=2000, required=False)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if any(ord(c) < 32 for c in key):
            raise forms.ValidationError(_("That cannot be followed."))
        return key.strip()


class DigestSettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often do you want e-mail about what you follow?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGES)
