"""Forms for coalitions: the listing's filters, joining, and the coordinators' tools."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import CoalitionRole
from motesplats.actors.selectors.coalitions import FACETS, CoalitionFilters

PERSON = "person"


def coalition_filters_from(
    query, labels: dict[str, dict[str, str]]
) -> tuple[CoalitionFilters, list[str]]:
    """The chosen facet values that exist, and the keys of those that did not."""
    selected: dict[str, list[str]] = {}
    unknown: list[str] = []
    for facet in FACETS:
        known = labels[facet.key]
        values = []
        for value in query.getlist(facet.key)[:20]:
            if value in known:
                if value not in values:
                    values.append(value)
            elif facet.key not in unknown:
                unknown.append(facet.key)
        if values:
            selected[facet.key] = values
    return CoalitionFilters(selected=selected), unknown


class JoinForm(forms.Form):
    """Join as oneself or for an organisation one administers; an application may
    carry a message to the coordinators."""

    as_whom = forms.ChoiceField(
        label=_("Join as"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose yourself or one of your organisations.")
        },
    )
    message = forms.CharField(
        label=_("Message to the coordinators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would bring and why you want to take part (optional)."),
    )

    def __init__(self, *args, organisations=(), ask_message=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["as_whom"].choices = [
            (PERSON, _("Myself")),
            *[(str(o.pk), o.name) for o in organisations],
        ]
        self.fields["as_whom"].initial = PERSON
        if not organisations:
            # Nothing to choose: a person joins as themselves.
            self.fields["as_whom"].widget = forms.HiddenInput()
        if not ask_message:
            del self.fields["message"]

    def organisation(self):
        value = self.cleaned_data["as_whom"]
        return None if value == PERSON else self.organisations[value]


class CoalitionEditForm(forms.Form):
    purpose_sv = forms.CharField(
        label=_("Purpose (Swedish)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the purpose in Swedish.")},
    )
    purpose_en = forms.CharField(
        label=_("Purpose (English)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    questions = forms.ModelMultipleChoiceField(
        label=_("The theme's questions the coalition works on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose questions of the coalition's theme."),
            "invalid_pk_value": _("Choose questions of the coalition's theme."),
        },
    )

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = coalition.theme.questions.order_by(
            "sort_order", "pk"
        )
        self.fields["questions"].label_from_instance = lambda q: q.text


class QuestionForm(forms.Form):
    text_sv = forms.CharField(
        label=_("Question (Swedish)"),
        max_length=300,
        error_messages={"required": _("Write the question in Swedish.")},
    )
    text_en = forms.CharField(
        label=_("Question (English)"), max_length=300, required=False
    )


class UpdateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the update a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the update.")},
        help_text=_("Plain text. Followers get it by e-mail."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the document a title.")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, OpenDocument, Word (.docx), Excel (.xlsx), CSV or text; at most 10 MB."
        ),
        error_messages={"required": _("Choose a file.")},
    )


class ApplicationDecisionForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))]
    )


class RoleForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=CoalitionRole.choices)
