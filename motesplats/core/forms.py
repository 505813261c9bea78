"""Form helpers shared by every app: the error summary at the top of a form.

Each entry is `{"id": <id of the input to jump to, or "">, "text": <message>}`, for
`components/error_summary.html`.
"""

from django import forms


def _anchor(field: forms.BoundField) -> str:
    """The id a link should jump to: the first option of a radio or checkbox group."""
    widget = field.field.widget
    if getattr(widget, "allow_multiple_selected", False) or isinstance(
        widget, forms.RadioSelect
    ):
        subwidgets = field.subwidgets
        return subwidgets[0].id_for_label if subwidgets else field.auto_id
    return field.auto_id


def form_error_entries(form: forms.Form, prefix: str = "") -> list[dict[str, str]]:
    """Every error of one form, each message led by `prefix` and its field's label.

    A prefixed form (one of several on the page) points its own errors at its first
    visible field, so that the link lands in the right part of the page.
    """
    entries: list[dict[str, str]] = []
    first = next((n for n in form.fields if not form[n].is_hidden), None)
    for error in form.non_field_errors():
        anchor = _anchor(form[first]) if first and prefix else ""
        entries.append({"id": anchor, "text": f"{prefix}{error}"})
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        for error in errors:
            entries.append(
                {"id": _anchor(field), "text": f"{prefix}{field.label}: {error}"}
            )
    return entries


def error_summary(
    form: forms.Form, *formsets: tuple[forms.BaseFormSet, str]
) -> list[dict[str, str]]:
    """Every error of the form and of its formsets (each given with its label)."""
    entries = form_error_entries(form)
    for formset, label in formsets:
        # A formset's own errors ("add at least one") point at its first field.
        first = formset.forms[0] if formset.forms else None
        anchor = first[next(iter(first.fields))].auto_id if first else ""
        for error in formset.non_form_errors():
            entries.append({"id": anchor, "text": str(error)})
        for index, subform in enumerate(formset.forms, start=1):
            if subform.errors:
                entries += form_error_entries(subform, f"{label} {index} – ")
    return entries
