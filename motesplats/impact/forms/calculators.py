"""What the three calculator forms share: number fields that read Swedish and English
notation, percentages converted exactly to shares, line formsets that skip empty lines
and grow by one line without JavaScript.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from motesplats.impact.calculations._decimal import quantize
from motesplats.impact.calculations.limits import FORM_MAX_LINES

HUNDRED = Decimal(100)
# Spaces people type or paste between thousands: space, no-break, narrow no-break, thin.
_GROUPING = (" ", "\xa0", "\u202f", "\u2009", "'", "_")
_MINUS_SIGNS = ("\u2212", "\u2013")  # minus sign and en dash, as pasted from documents


def read_number(text: str) -> Decimal:
    """Read `1 234,5`, `1234.5`, `1,234.5` or `1.234,5` as a Decimal (ValueError if not
    a finite number): the last comma or point is the decimal mark, the others group."""
    value = text.strip()
    for space in _GROUPING:
        value = value.replace(space, "")
    for sign in _MINUS_SIGNS:
        value = value.replace(sign, "-")
    last = max(value.rfind(","), value.rfind("."))
    if last >= 0:
        whole, decimals = value[:last], value[last + 1 :]
        value = whole.replace(",", "").replace(".", "") + "." + decimals
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


class NumberField(forms.DecimalField):
    """A decimal typed in a text box, in the reader's notation; shown localised."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 12})
        )
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # No min/max/step attributes: the text box is not a number input and the
        # limits are explained in the help text and checked on the server.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return read_number(str(value))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


class WholeNumberField(forms.IntegerField):
    """A whole number in a text box; spaces between thousands are fine."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 8})
        )
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        for space in _GROUPING:
            text = text.replace(space, "")
        if not text.lstrip("-").isdigit() or len(text) > 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class PercentField(NumberField):
    """A share typed as a percentage (0–100). `share()` gives it as 0–1, exactly."""

    def __init__(self, *args, maximum=HUNDRED, **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", maximum)
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(*args, **kwargs)

    @staticmethod
    def share(percent: Decimal | None) -> Decimal:
        return Decimal(0) if percent is None else percent / HUNDRED


def share_to_percent(share: Decimal) -> Decimal:
    """0.035 → 3.5 (exact; trailing zeros dropped for display in a text box)."""
    percent = share * HUNDRED
    return (
        percent.quantize(Decimal(1))
        if percent == percent.to_integral()
        else (percent.normalize())
    )


# --------------------------------------------------------------------------- display


def number(value, places: int | None = 2) -> str:
    """A figure in the reader's notation (Swedish: 1 234,50), rounded half-up once."""
    value = Decimal(value)
    if places is not None:
        value = quantize(value, places)
    if value == 0:
        value = abs(value)  # no "-0,00"
    return number_format(value, places, use_l10n=True, force_grouping=True)


def percent(share) -> str:
    """A share 0–1 as a percentage without trailing zeros: 0.035 → 3,5."""
    value = quantize(Decimal(share) * 100, 4).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return number(value, None)


# --------------------------------------------------------------------------- lines


class LineForm(forms.Form):
    """One line of a table of inputs. A line counts as filled in when any of its
    `content_fields` has a value; defaults elsewhere (0 %, one year) do not make an
    empty line count, so an added line left empty is simply ignored."""

    content_fields: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        if not self.is_bound:
            return False
        return any(
            str(self[name].data or "").strip()
            for name in self.content_fields
            if name in self.fields
        )


class LineFormSet(forms.BaseFormSet):
    """Lines with per-line initial values when re-shown unbound (after "add a line"
    or "load the example")."""

    def __init__(self, *args, rows=None, lines: int | None = None, **kwargs):
        self.rows = list(rows or [])
        super().__init__(*args, **kwargs)
        if lines is None:
            lines = len(self.rows)
        if not self.is_bound:
            # min_num lines are always shown; `extra` adds the rest.
            self.extra = max(0, min(lines, self.max_num) - self.min_num)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not self.is_bound and index is not None and index < len(self.rows):
            kwargs["initial"] = self.rows[index]
        return kwargs

    @property
    def filled_forms(self) -> list[forms.Form]:
        """The valid lines that have content, in order."""
        return [
            form
            for form in self.forms
            if form.has_changed() and form.is_valid() and form.cleaned_data
        ]

    @property
    def can_add(self) -> bool:
        return self.total_form_count() < self.max_num


def line_formset(form_class, *, min_num: int = 1):
    return forms.formset_factory(
        form_class,
        formset=LineFormSet,
        extra=0,
        min_num=min_num,
        validate_min=True,
        max_num=FORM_MAX_LINES,
        absolute_max=FORM_MAX_LINES,
        validate_max=True,
    )


def raw_values(form_class, data, prefix: str = "") -> dict[str, str]:
    """What was posted for one form, as initial values to show it again unbound."""
    values = {}
    for name in form_class.base_fields:
        key = f"{prefix}-{name}" if prefix else name
        if key in data:
            values[name] = data.get(key)
    return values


def unbound_lines(formset_class, data, prefix: str, add: bool, **kwargs):
    """The posted lines shown again without errors, plus one empty line if `add`."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "1"))
    except ValueError:
        total = 1
    total = max(1, min(total, FORM_MAX_LINES))
    rows = [
        raw_values(formset_class.form, data, f"{prefix}-{index}")
        for index in range(total)
    ]
    if add and total < FORM_MAX_LINES:
        total += 1
    return formset_class(prefix=prefix, rows=rows, lines=total, **kwargs)


def add_calculation_error(form: forms.Form, field: str | None, message) -> None:
    """Put a refusal from a calculator on the form (on `field` when it has one)."""
    form.add_error(field if field in form.fields else None, message)


REFUSED = _("These values cannot be used in the calculation. Check them and try again.")
# Decimal arithmetic refuses figures past its precision (InvalidOperation, Overflow):
# values that extreme get a message, not a server error.
TOO_LARGE = _(
    "The figures are too large or too small to calculate exactly. Check the amounts "
    "and shares."
)
