"""Forms for surveys: answering one, and building one in the admin.

The answer form has one field per question, named `q<id>`; an unknown `q…` name in the
posted data (a tampered or stale form) is refused as a whole. Building: once a
question has answers, its kind, its scale and its answered options are fixed, and it
cannot be removed, so that the results stay true to what people answered.
"""

import re
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from motesplats.actors.enums import QuestionKind, SurveyStatus
from motesplats.actors.models import Survey, SurveyQuestion
from motesplats.actors.services.surveys import (
    CHOICE_KINDS,
    TEXT_MAX_LENGTH,
    AnswerInput,
    option_lines,
)

FIELD_PREFIX = "q"
_FIELD_NAME = re.compile(rf"^{FIELD_PREFIX}\d+$")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_OPTIONS = 30
MAX_SCALE_STEPS = 11


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def _scale_choices(question: SurveyQuestion) -> list[tuple[int, str]]:
    choices = []
    for value in range(question.scale_min, question.scale_max + 1):
        label = {
            question.scale_min: question.scale_min_label,
            question.scale_max: question.scale_max_label,
        }.get(value)
        choices.append((value, f"{value} – {label}" if label else str(value)))
    return choices


class SurveyAnswerForm(forms.Form):
    """One field per question, then consent to publishing free text."""

    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "submission_key", new_submission_key()
        )
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field(question)
        if any(q.kind == QuestionKind.TEXT for q in self.questions):
            self.fields["may_publish_text"] = forms.BooleanField(
                label=_("My free-text answers may be published"),
                help_text=_(
                    "Published without your name or anything else about you. "
                    "If you leave this unticked, only the editors read them."
                ),
                required=False,
            )

    @staticmethod
    def field_name(question: SurveyQuestion) -> str:
        return f"{FIELD_PREFIX}{question.pk}"

    def _field(self, question: SurveyQuestion) -> forms.Field:
        common = {
            "label": question.text,
            "help_text": question.help,
            "required": question.is_required,
            "error_messages": {
                "required": _("Answer this question."),
                "invalid_choice": _("Choose one of the options given."),
            },
        }
        if question.kind == QuestionKind.SINGLE:
            return forms.TypedChoiceField(
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == QuestionKind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if question.kind == QuestionKind.SCALE:
            return forms.TypedChoiceField(
                choices=_scale_choices(question),
                coerce=int,
                widget=forms.RadioSelect,
                **common,
            )
        common["error_messages"]["max_length"] = _(
            "Write at most %(limit_value)d characters (you wrote %(show_value)d)."
        )
        return forms.CharField(
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            **common,
        )

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        if not KEY_PATTERN.match(key):
            raise ValidationError(
                _("The form is incomplete; reload the page."), code="key"
            )
        return key

    def clean(self) -> dict:
        cleaned = super().clean()
        known = set(self.fields)
        posted = {name for name in (self.data or {}) if _FIELD_NAME.match(name)}
        if posted - known:
            raise ValidationError(
                _(
                    "The form does not match this survey's questions any more. "
                    "Reload the page and answer again."
                ),
                code="tampered",
            )
        if not self.errors and not any(a for a in self.answers_or_empty()):
            raise ValidationError(
                _("Answer at least one question before you send."), code="empty"
            )
        return cleaned

    def answers_or_empty(self) -> list[AnswerInput]:
        data = getattr(self, "cleaned_data", {})
        answers = []
        for question in self.questions:
            value = data.get(self.field_name(question))
            if question.kind == QuestionKind.SINGLE:
                answer = AnswerInput(
                    question.pk, choice_ids=(value,) if value not in (None, "") else ()
                )
            elif question.kind == QuestionKind.MULTIPLE:
                answer = AnswerInput(question.pk, choice_ids=tuple(value or ()))
            elif question.kind == QuestionKind.SCALE:
                answer = AnswerInput(
                    question.pk, scale_value=value if value not in (None, "") else None
                )
            else:
                answer = AnswerInput(question.pk, text=(value or "").strip())
            answers.append(answer if not answer.is_empty else None)
        return answers

    def answers(self) -> list[AnswerInput]:
        return [a for a in self.answers_or_empty() if a is not None]


# --- the admin ---------------------------------------------------------------------------


def _has_answers(question: SurveyQuestion) -> bool:
    return bool(question.pk) and question.answers.exists()


class SurveyAdminForm(WagtailAdminModelForm):
    """A survey's own fields; anonymity is fixed once answers have come, and an open
    survey has a question."""

    def is_valid(self) -> bool:
        # After the questions' formset is checked, which happens after `clean`.
        valid = super().is_valid()
        if valid and self.cleaned_data.get("status") == SurveyStatus.OPEN:
            formset = self.formsets["questions"]
            kept = [
                form
                for form in formset.forms
                if form not in formset.deleted_forms
                and (form.instance.pk or form.has_changed())
            ]
            if not kept:
                self.add_error(
                    "status",
                    ValidationError(
                        _("An open survey needs at least one question."),
                        code="no_questions",
                    ),
                )
                return False
        return valid

    def clean(self) -> dict:
        cleaned = super().clean()
        survey = self.instance
        if (
            survey.pk
            and "is_anonymous" in self.changed_data
            and survey.responses.exists()
        ):
            self.add_error(
                "is_anonymous",
                ValidationError(
                    _(
                        "The survey has answers: whether it is anonymous cannot "
                        "change, since people answered on that promise."
                    ),
                    code="anonymity_fixed",
                ),
            )
        return cleaned


class SurveyQuestionAdminForm(WagtailAdminModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        lines_sv = option_lines(cleaned.get("choices_sv", ""))
        lines_en = option_lines(cleaned.get("choices_en", ""))
        if kind in CHOICE_KINDS:
            self._check_options(lines_sv, lines_en)
        elif lines_sv or lines_en:
            self.add_error(
                "choices_sv",
                ValidationError(
                    _("Only single and multiple choice questions have options."),
                    code="no_options",
                ),
            )
        if kind == QuestionKind.SCALE:
            low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
            if low is not None and high is not None:
                if low >= high:
                    self.add_error(
                        "scale_max",
                        ValidationError(
                            _("The scale must end above where it starts."),
                            code="scale_order",
                        ),
                    )
                elif high - low + 1 > MAX_SCALE_STEPS:
                    self.add_error(
                        "scale_max",
                        ValidationError(
                            _("A scale has at most %(n)d steps.")
                            % {"n": MAX_SCALE_STEPS},
                            code="scale_size",
                        ),
                    )
        if _has_answers(self.instance):
            self._check_answered(kind, lines_sv)
        return cleaned

    def _check_options(self, lines_sv: list[str], lines_en: list[str]) -> None:
        if len(lines_sv) < 2:
            self.add_error(
                "choices_sv",
                ValidationError(
                    _("Write at least two options, one per line."), code="too_few"
                ),
            )
        elif len(lines_sv) > MAX_OPTIONS:
            self.add_error(
                "choices_sv",
                ValidationError(
                    _("Write at most %(n)d options.") % {"n": MAX_OPTIONS},
                    code="too_many",
                ),
            )
        folded = [line.casefold() for line in lines_sv]
        if len(set(folded)) != len(folded):
            self.add_error(
                "choices_sv",
                ValidationError(
                    _("Each option must be different from the others."),
                    code="duplicate",
                ),
            )
        if any(len(line) > 200 for line in lines_sv + lines_en):
            self.add_error(
                "choices_sv",
                ValidationError(
                    _("An option may be at most 200 characters long."),
                    code="too_long",
                ),
            )
        if lines_en and len(lines_en) != len(lines_sv):
            self.add_error(
                "choices_en",
                ValidationError(
                    _(
                        "Write as many English options as Swedish ones, in the same "
                        "order, or leave the English options empty."
                    ),
                    code="en_count",
                ),
            )

    def _check_answered(self, kind: str | None, lines_sv: list[str]) -> None:
        """What answers depend on stays as it was."""
        before = SurveyQuestion.objects.get(pk=self.instance.pk)
        if kind and kind != before.kind:
            self.add_error(
                "kind",
                ValidationError(
                    _("The question has answers: its kind cannot change."),
                    code="kind_fixed",
                ),
            )
        if before.kind == QuestionKind.SCALE and (
            self.cleaned_data.get("scale_min") != before.scale_min
            or self.cleaned_data.get("scale_max") != before.scale_max
        ):
            self.add_error(
                "scale_max",
                ValidationError(
                    _("The question has answers: its scale cannot change."),
                    code="scale_fixed",
                ),
            )
        answered = before.choices.filter(chosen__isnull=False).distinct()
        missing = [str(c.text_sv) for c in answered if c.text_sv not in lines_sv]
        if missing and kind in CHOICE_KINDS:
            self.add_error(
                "choices_sv",
                ValidationError(
                    _(
                        "These options have answers and must stay as they are "
                        "(you may add new ones and change the order): %(options)s"
                    )
                    % {"options": "; ".join(f"“{m}”" for m in missing)},
                    code="answered_option",
                ),
            )


class SurveyQuestionFormSet(BaseChildFormSet):
    """Questions with answers cannot be removed."""

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if _has_answers(form.instance):
                raise ValidationError(
                    _(
                        "“%(question)s” has answers and cannot be removed. Close the "
                        "survey or make a new one instead."
                    )
                    % {"question": form.instance.text_sv},
                    code="answered_question",
                )
