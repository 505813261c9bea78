"""Shared exact-decimal helpers for the impact calculators: one rounding rule
(ROUND_HALF_UP), one way of reading numbers and one way of checking shares."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ROUNDING = ROUND_HALF_UP
ROUNDING_NAME = "ROUND_HALF_UP"

MONEY_PLACES = 2
RATIO_PLACES = 2
BREAK_EVEN_PLACES = 4

ZERO = Decimal(0)
ONE = Decimal(1)


def to_decimal(value, field: str) -> Decimal:
    """Read ``value`` (Decimal, int, str or float) as a finite Decimal.

    Floats go through ``str`` so 0.1 becomes Decimal("0.1"), not its binary expansion.
    Raises ``ValueError`` naming ``field`` for text, booleans, NaN or infinity."""
    if isinstance(value, bool):
        raise ValueError(f"{field} must be a number, not a boolean")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(str(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{field} must be a number, got {value!r}") from None
    else:
        raise ValueError(f"{field} must be a number, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{field} must be a finite number")
    return result


def quantize(value: Decimal, places: int) -> Decimal:
    """Round ``value`` half-up to ``places`` decimals."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def check_share(value, field: str) -> Decimal:
    """Read a share (deadweight, attribution, …) and check it lies in 0–1."""
    result = to_decimal(value, field)
    if result < ZERO or result > ONE:
        raise ValueError(f"{field} must be between 0 and 1")
    return result


def check_whole(value, field: str, minimum: int) -> int:
    """A whole number (not a bool) of at least `minimum`, else a ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field} must be a whole number")
    if value < minimum:
        raise ValueError(f"{field} must be at least {minimum}")
    return value
