"""Forms for 1:1 meetings: opting in, marking others, filtering; organisers' slots,
tables and scheduler runs."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from motesplats.events.models import MeetingSlot, MeetingWish

WISH_CHOICES = [("", _("No mark")), *MeetingWish.choices]


class SlotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: MeetingSlot) -> str:
        start, end = timezone.localtime(obj.starts_at), timezone.localtime(obj.ends_at)
        return f"{date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


class MeetingOptInForm(forms.Form):
    topic = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two that others see next to your name."),
    )
    unavailable_slots = SlotChoiceField(
        label=_("Times when you cannot meet"),
        queryset=MeetingSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if you can meet at any of them."),
    )
    consent = forms.BooleanField(
        label=_(
            "Other participants in 1:1 meetings at this event may see my name, "
            "organisation and sector, and what I would like to talk about."
        ),
        error_messages={
            "required": _("Tick this to take part: others need to know who you are.")
        },
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable_slots"].queryset = MeetingSlot.objects.filter(
            event=event
        ).order_by("starts_at")


class MeetingMarkForm(forms.Form):
    target = forms.IntegerField(min_value=1, max_value=2**53)
    wish = forms.ChoiceField(choices=WISH_CHOICES, required=False)


class MeetingFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False)

    def __init__(self, *args, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.slug, str(s.name)) for s in sectors
        ]


class MeetingSlotsForm(forms.Form):
    """Organisers: a series of slots, e.g. 12 slots of 20 minutes from 13:00."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    first_start = forms.TimeField(
        label=_("First slot starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=240, initial=20
    )
    count = forms.IntegerField(
        label=_("Number of slots"), min_value=1, max_value=48, initial=12
    )
    pause_minutes = forms.IntegerField(
        label=_("Pause between slots (minutes)"),
        min_value=0,
        max_value=120,
        initial=0,
        required=False,
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        # Far-off years would overflow the time arithmetic; no event is there anyway.
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Choose a date within the event's days."))
        return value

    def start(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(
            datetime.combine(data["date"], data["first_start"]),
            timezone.get_current_timezone(),
        )


class MeetingTablesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=500)


class MeetingRunForm(forms.Form):
    time_limit_s = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=120,
        initial=30,
        help_text=_(
            "The scheduler stops at the best plan found by then and says how close "
            "to the best possible it is."
        ),
    )
