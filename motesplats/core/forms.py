"""Form helpers shared by every app."""

from django import forms


def error_summary(
    form: forms.Form, *formsets: tuple[forms.BaseFormSet, str]
) -> list[dict[str, str]]:
    """Every error of the form and its formsets, each with the id of its field."""
    entries: list[dict[str, str]] = []

    def add(target, prefix_label: str = "") -> None:
        for error in target.non_field_errors():
            entries.append({"id": "", "text": f"{prefix_label}{error}"})
        for name, errors in target.errors.items():
            if name == "__all__" or name not in target.fields:
                continue
            field = target[name]
            anchor = field.auto_id
            subwidgets = field.subwidgets
            if getattr(field.field.widget, "allow_multiple_selected", False) or (
                isinstance(field.field.widget, forms.RadioSelect)
            ):
                anchor = subwidgets[0].id_for_label if subwidgets else anchor
            for error in errors:
                entries.append(
                    {"id": anchor, "text": f"{prefix_label}{field.label}: {error}"}
                )

    add(form)
    for formset, label in formsets:
        # A formset's own errors ("add at least one") point at its first field.
        first = formset.forms[0] if formset.forms else None
        anchor = first[next(iter(first.fields))].auto_id if first else ""
        for error in formset.non_form_errors():
            entries.append({"id": anchor, "text": str(error)})
        for index, subform in enumerate(formset.forms, start=1):
            if subform.errors:
                add(subform, f"{label} {index} – ")
    return entries
