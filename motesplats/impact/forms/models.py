"""The form for an impact model itself (title, summary, subject, themes, period).

The editing pages and the guided mode share this form; the guide shows a few of its
fields (`fields=`). The subject is one choice among what the member speaks for: an
organisation they administer, a coalition they coordinate, and (for the network's
editors) an innovation case. The service checks the same again.
"""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import (
    CoalitionRole,
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import Coalition, Organisation
from motesplats.impact.enums import ContentLanguage
from motesplats.impact.permissions import is_impact_editor
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Theme

SUBJECT_KINDS = ("organisation", "coalition", "innovation")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATE_ERRORS = {"invalid": _("Write the date as year-month-day, e.g. 2026-03-31.")}


def _innovation_pages():
    # Through the app registry: the impact app may not import the knowledge bank.
    page = apps.get_model("knowledge", "InnovationPage")
    return page.objects.live().order_by("title")


def subject_choices(user, current=None) -> list:
    """Grouped choices "<kind>:<pk>" for what `user` may attach a model to, plus the
    model's `current` subject so that editing never drops it silently."""
    organisations = Organisation.objects.filter(
        memberships__user=user,
        memberships__role=OrganisationRole.ADMIN,
        memberships__status=MembershipStatus.ACTIVE,
        status=OrganisationStatus.APPROVED,
    ).order_by("name")
    coalitions = Coalition.objects.filter(
        members__user=user,
        members__role=CoalitionRole.COORDINATOR,
        members__status=MembershipStatus.ACTIVE,
    ).order_by("name_sv")
    groups = {
        "organisation": [(f"organisation:{o.pk}", o.name) for o in organisations],
        "coalition": [(f"coalition:{c.pk}", str(c.name)) for c in coalitions],
        "innovation": (
            [(f"innovation:{p.pk}", p.title) for p in _innovation_pages()]
            if is_impact_editor(user)
            else []
        ),
    }
    if current is not None:
        kind, obj = current
        value = f"{kind}:{obj.pk}"
        if value not in dict(groups[kind]):
            name = getattr(obj, "title", None) or str(obj.name)
            groups[kind].insert(0, (value, name))
    labels = {
        "organisation": _("Organisations you administer"),
        "coalition": _("Coalitions you coordinate"),
        "innovation": _("Innovation cases"),
    }
    return [("", _("None yet"))] + [
        (labels[kind], groups[kind]) for kind in SUBJECT_KINDS if groups[kind]
    ]


def current_subject(model):
    for kind in SUBJECT_KINDS:
        obj = getattr(model, kind)
        if obj is not None:
            return kind, obj
    return None


class ImpactModelForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Homework help that keeps pupils in school”."),
        error_messages={"required": _("Give the model a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In a few sentences: the problem, what you do, what changes."),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=ContentLanguage.choices,
        initial=ContentLanguage.SV,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose Swedish or English.")},
    )
    subject = forms.ChoiceField(
        label=_("What the model is about"),
        required=False,
        help_text=_(
            "An organisation you administer or a coalition you coordinate. You can "
            "leave it empty for now."
        ),
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    node = forms.ModelChoiceField(
        label=_("Node"),
        queryset=Node.objects.none(),
        required=False,
        empty_label=_("No node"),
        help_text=_("The university node the work belongs to, if any."),
        error_messages={"invalid_choice": _("Choose a node from the list.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose themes from the list."),
            "invalid_pk_value": _("Choose themes from the list."),
        },
    )
    period_start = forms.DateField(
        label=_("Reporting period from"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    period_end = forms.DateField(
        label=_("Reporting period to"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, user, model=None, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_subject(model) if model is not None else None
        self.fields["subject"].choices = subject_choices(user, current)
        self.fields["node"].queryset = Node.objects.order_by("name_sv")
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True).order_by(
            "sort_order", "name_sv"
        )
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    @staticmethod
    def initial_for(model) -> dict:
        subject = current_subject(model)
        return {
            "title": model.title,
            "summary": model.summary,
            "language": model.language,
            "subject": f"{subject[0]}:{subject[1].pk}" if subject else "",
            "node": model.node_id,
            "themes": list(model.themes.all()),
            "period_start": model.period_start,
            "period_end": model.period_end,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("The reporting period must end after it starts.")
            )
        return data

    def _subject_fields(self) -> dict:
        kind, _sep, pk = (self.cleaned_data.get("subject") or "").partition(":")
        fields = dict.fromkeys(SUBJECT_KINDS)
        if kind == "organisation":
            fields["organisation"] = Organisation.objects.get(pk=pk)
        elif kind == "coalition":
            fields["coalition"] = Coalition.objects.get(pk=pk)
        elif kind == "innovation":
            fields["innovation"] = _innovation_pages().get(pk=pk)
        return fields

    def service_fields(self) -> tuple[dict, list | None]:
        """The model's fields for the services, and its themes (None: unchanged)."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "title",
                "summary",
                "language",
                "node",
                "period_start",
                "period_end",
            )
            if name in self.fields
        }
        if "subject" in self.fields:
            fields.update(self._subject_fields())
        themes = list(data["themes"]) if "themes" in self.fields else None
        return fields, themes
