"""Swedish organisation numbers: format, the legal-person digit and the Luhn check."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORG_NUMBER = re.compile(r"^(?:16)?([0-9]{6})-?([0-9]{4})$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_org_number(value: str) -> str:
    """`5566778899`, `556677-8899` or `16556677-8899` → `556677-8899`.

    A Swedish organisation number has ten digits with a Luhn check digit; for legal
    persons the third digit is at least 2 (which tells it from a personal identity
    number, so we never take one of those by mistake).
    """
    match = _ORG_NUMBER.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Write the organisation number as ten digits, e.g. 556677-8899."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValidationError(
            _(
                "That looks like a personal identity number. Give the "
                "organisation's number."
            ),
            code="personal",
        )
    if not luhn_ok(digits):
        raise ValidationError(
            _("The organisation number is not valid: check the digits."),
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"
