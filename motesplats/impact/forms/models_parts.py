"""Forms for the parts of an impact model: stakeholders, steps, links, indicators,
measured values and stories. Shared by the editing pages and the guided mode.

Each form knows the model it belongs to (the choices of steps and stakeholders are the
model's own) and gives the services their keyword arguments (`service_fields`).
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.impact.enums import (
    LEVEL_RANK,
    ConsentMethod,
    EvidenceGrade,
    Level,
    StakeholderKind,
)
from motesplats.impact.forms.models import DATE_ERRORS, DateInput
from motesplats.impact.models import ChangeStep
from motesplats.impact.models.evidence import VALUE_DIGITS, VALUE_PLACES

# The version of the consent text a storyteller agrees to (recorded with each story).
STORY_CONSENT_VERSION = "impact-story-2025-1"
CHOICE_ERRORS = {
    "invalid_choice": _("Choose from the list."),
    "invalid_pk_value": _("Choose from the list."),
}


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_level_display()}: {obj.title}"


def _steps_of(model, levels=None):
    steps = ChangeStep.objects.filter(model=model)
    if levels:
        steps = steps.filter(level__in=levels)
    return sorted(steps, key=lambda s: (LEVEL_RANK[s.level], s.sort_order, s.pk))


def _step_queryset(model):
    """The model's steps in causal order (for the choice lists)."""
    rank = Case(
        *[When(level=level, then=Value(r)) for level, r in LEVEL_RANK.items()],
        output_field=IntegerField(),
    )
    return ChangeStep.objects.filter(model=model).order_by(rank, "sort_order", "pk")


class PartForm(forms.Form):
    """A form for one part of `model`; `service_fields()` gives the service kwargs."""

    def __init__(self, *args, model, **kwargs):
        self.model = model
        super().__init__(*args, **kwargs)

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)

    def is_blank(self) -> bool:
        """Whether nothing was typed (the guide then just moves on)."""
        return not any(
            str(v).strip()
            for k, v in self.data.items()
            if k in self.fields and k not in self.ignore_for_blank
        )

    ignore_for_blank: tuple[str, ...] = ()


class StakeholderForm(PartForm):
    name = forms.CharField(
        label=_("Stakeholder"),
        max_length=200,
        help_text=_("A group, for example “Pupils in years 7–9 in Rosengård”."),
        error_messages={"required": _("Name the stakeholder group.")},
    )
    description = forms.CharField(
        label=_("Who they are"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe the group, not individuals: age, situation, how many."),
    )
    kind = forms.ChoiceField(
        label=_("Role"),
        choices=StakeholderKind.choices,
        initial=StakeholderKind.BENEFICIAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role."), **CHOICE_ERRORS},
    )
    ignore_for_blank = ("kind",)

    @staticmethod
    def initial_for(part) -> dict:
        return {"name": part.name, "description": part.description, "kind": part.kind}


class StepForm(PartForm):
    level = forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a level."), **CHOICE_ERRORS},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Short, in a few words: what is put in, done or changed."),
        error_messages={"required": _("Write a title for the step.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stakeholder = forms.ModelChoiceField(
        label=_("Stakeholder"),
        queryset=None,
        required=False,
        empty_label=_("None in particular"),
        error_messages=CHOICE_ERRORS,
    )
    ignore_for_blank = ("level", "stakeholder")

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels or Level.values)
        self.fields["level"].choices = [
            (value, label) for value, label in Level.choices if value in self.levels
        ]
        if len(self.levels) == 1:
            # One level (a guide step): not asked, whatever is posted.
            del self.fields["level"]
        self.fields["stakeholder"].queryset = self.model.stakeholders.order_by(
            "sort_order", "pk"
        )
        if not self.fields["stakeholder"].queryset.exists():
            del self.fields["stakeholder"]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("level", self.levels[0])
        return data

    @staticmethod
    def initial_for(part) -> dict:
        return {
            "level": part.level,
            "title": part.title,
            "description": part.description,
            "stakeholder": part.stakeholder_id,
        }


class LinkForm(PartForm):
    source = StepChoiceField(
        label=_("This step"),
        queryset=None,
        empty_label=_("Choose a step"),
        error_messages={"required": _("Choose the step the link starts from.")}
        | CHOICE_ERRORS,
    )
    target = StepChoiceField(
        label=_("leads to this step"),
        queryset=None,
        empty_label=_("Choose a step"),
        error_messages={"required": _("Choose the step it leads to.")} | CHOICE_ERRORS,
    )
    assumption = forms.CharField(
        label=_("Assumption"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What must hold for the first step to lead to the second?"),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows that the assumption holds: studies, data, experience."),
    )
    evidence_url = forms.URLField(
        label=_("Link to the evidence"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Write a whole web address, e.g. https://…")},
    )
    evidence_grade = forms.ChoiceField(
        label=_("Evidence grade"),
        choices=EvidenceGrade.choices,
        initial=EvidenceGrade.NONE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an evidence grade."), **CHOICE_ERRORS},
    )
    ignore_for_blank = ("evidence_grade",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = _step_queryset(self.model)
        self.fields["source"].queryset = steps
        self.fields["target"].queryset = steps

    def clean(self):
        data = super().clean()
        source, target = data.get("source"), data.get("target")
        if source and target and source == target:
            self.add_error("target", _("A step cannot lead to itself."))
        return data

    @staticmethod
    def initial_for(part) -> dict:
        return {
            "source": part.source_id,
            "target": part.target_id,
            "assumption": part.assumption,
            "evidence": part.evidence,
            "evidence_url": part.evidence_url,
            "evidence_grade": part.evidence_grade,
        }


def _decimal(label, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        localize=True,
        error_messages={
            "required": _("Write the value."),
            "invalid": _("Write a number, e.g. 12 or 3,5."),
            "max_digits": _("The number is too large."),
            "max_decimal_places": _("Use at most four decimals."),
            "max_whole_digits": _("The number is too large."),
        },
        **kwargs,
    )


class IndicatorForm(PartForm):
    step = StepChoiceField(
        label=_("Measures this step"),
        queryset=None,
        empty_label=_("Choose a step"),
        error_messages={"required": _("Choose the step the indicator measures.")}
        | CHOICE_ERRORS,
    )
    name = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        help_text=_("What you count or measure, e.g. “Pupils who pass all subjects”."),
        error_messages={"required": _("Name the indicator.")},
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=60,
        help_text=_("For example: people, per cent, SEK."),
        error_messages={"required": _("Write the unit.")},
    )
    baseline = _decimal(
        _("Baseline"),
        required=False,
        help_text=_("The value before you started (leave empty if you do not know)."),
    )
    baseline_date = forms.DateField(
        label=_("Baseline measured on"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    target = _decimal(
        _("Target"), required=False, help_text=_("The value you aim to reach.")
    )
    higher_is_better = forms.BooleanField(
        label=_("Higher is better"),
        required=False,
        initial=True,
        help_text=_("Untick when the aim is to lower the value (e.g. absence)."),
    )
    description = forms.CharField(
        label=_("How it is measured"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    code = forms.CharField(
        label=_("Code in a framework"),
        max_length=40,
        required=False,
        help_text=_("Optional: an IRIS+ metric (PI4060) or an Agenda 2030 indicator."),
    )
    data_source = forms.CharField(
        label=_("Data source"), max_length=200, required=False
    )
    frequency = forms.CharField(
        label=_("Measured how often"), max_length=60, required=False
    )
    # The guide asks only for what a beginner needs.
    GUIDE_FIELDS = ("step", "name", "unit", "baseline", "target", "higher_is_better")
    ignore_for_blank = ("step", "higher_is_better")

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = _step_queryset(self.model)
        outcomes = _steps_of(self.model, [Level.OUTCOME, Level.IMPACT])
        if outcomes and not self.is_bound and not self.initial.get("step"):
            self.fields["step"].initial = outcomes[0].pk
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["higher_is_better"] = bool(data.get("higher_is_better"))
        return data

    @staticmethod
    def initial_for(part) -> dict:
        return {
            name: getattr(part, name)
            for name in (
                "name",
                "unit",
                "baseline",
                "baseline_date",
                "target",
                "higher_is_better",
                "description",
                "code",
                "data_source",
                "frequency",
            )
        } | {"step": part.step_id}


class IndicatorValueForm(PartForm):
    period_start = forms.DateField(
        label=_("Period from"),
        widget=DateInput(),
        error_messages={"required": _("Write when the period starts.")} | DATE_ERRORS,
    )
    period_end = forms.DateField(
        label=_("Period to"),
        widget=DateInput(),
        error_messages={"required": _("Write when the period ends.")} | DATE_ERRORS,
    )
    value = _decimal(
        _("Value"),
        help_text=_("A value already recorded for the same period is replaced."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class StoryForm(PartForm):
    step = StepChoiceField(
        label=_("The story shows this step"),
        queryset=None,
        empty_label=_("Choose a step"),
        error_messages={"required": _("Choose the step the story is about.")}
        | CHOICE_ERRORS,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the story a title.")},
    )
    text = forms.CharField(
        label=_("The story"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "In the teller’s own words if possible. Leave out names and details that "
            "could identify anyone."
        ),
        error_messages={"required": _("Write the story.")},
    )
    teller = forms.CharField(
        label=_("Told by"),
        max_length=120,
        help_text=_(
            "Describe the person without naming them, e.g. ‘participant, 19 years’."
        ),
        error_messages={"required": _("Describe who told the story.")},
    )
    consent = forms.BooleanField(
        label=_(
            "The person who told the story has agreed that it is stored and shown in "
            "this impact model, without their name."
        ),
        required=False,
    )
    consent_method = forms.ChoiceField(
        label=_("How consent was given"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how consent was given."),
            **CHOICE_ERRORS,
        },
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"),
        widget=DateInput(),
        error_messages={"required": _("Write the date consent was given.")}
        | DATE_ERRORS,
    )
    ignore_for_blank = ("step", "consent_method")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = _step_queryset(self.model)
        outcomes = _steps_of(self.model, [Level.OUTCOME, Level.IMPACT])
        if outcomes and not self.is_bound and not self.initial.get("step"):
            self.fields["step"].initial = outcomes[0].pk
        self.fields["consent"].help_text = _(
            "Consent text version %(version)s. Without consent the story is not saved; "
            "if the person withdraws it, delete the story."
        ) % {"version": STORY_CONSENT_VERSION}

    def clean_consent(self):
        if not self.cleaned_data.get("consent"):
            raise forms.ValidationError(
                _("A story can only be saved when the person who told it has agreed.")
            )
        return True

    def clean_consent_given_on(self):
        day = self.cleaned_data["consent_given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date of consent cannot be in the future.")
            )
        return day

    def service_fields(self) -> dict:
        return dict(self.cleaned_data) | {"consent_text_version": STORY_CONSENT_VERSION}

    @staticmethod
    def initial_for(part) -> dict:
        return {
            "step": part.step_id,
            "title": part.title,
            "text": part.text,
            "teller": part.teller,
            "consent": True,
            "consent_method": part.consent_method,
            "consent_given_on": part.consent_given_on,
        }
