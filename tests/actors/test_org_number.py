"""Swedish organisation numbers: formats, the check digit and personal numbers refused."""

from django.core.exceptions import ValidationError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motesplats.actors.demo.organisations import demo_org_number
from motesplats.actors.validators import luhn_ok, normalize_org_number


@pytest.mark.parametrize(
    "value",
    ["556677-8899", "5566778899", "16556677-8899", "165566778899", " 556677 8899 "],
)
def test_accepted_formats_normalise_to_one(value):
    assert luhn_ok("5566778899")
    assert normalize_org_number(value) == "556677-8899"


def test_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as error:
        normalize_org_number("556677-8898")
    assert error.value.code == "checksum"


def test_personal_identity_number_is_refused():
    # 811218-9876 passes the Luhn check but its third digit (1) marks a person.
    assert luhn_ok("8112189876")
    with pytest.raises(ValidationError) as error:
        normalize_org_number("811218-9876")
    assert error.value.code == "personal"


@pytest.mark.parametrize(
    "value",
    ["", "55667788", "556677-88990", "abcdef-ghij", "556677–8899", "٥٥٦٦٧٧٨٨٩٩"],
)
def test_malformed_numbers_are_refused_with_a_format_message(value):
    with pytest.raises(ValidationError) as error:
        normalize_org_number(value)
    assert error.value.code == "format"


def test_demo_numbers_are_valid_and_distinct():
    numbers = [demo_org_number(n) for n in range(1, 70)]
    assert len(set(numbers)) == len(numbers)
    assert all(normalize_org_number(n) == n for n in numbers)


@given(st.text(max_size=20))
def test_any_text_gives_a_number_or_a_clear_error(text):
    codes = set()
    result = ""
    try:
        result = normalize_org_number(text)
    except ValidationError as error:
        codes.add(error.code)
    assert codes <= {"format", "personal", "checksum"}
    if not codes:
        assert len(result) == 11
        assert result[6] == "-"
        assert luhn_ok(result.replace("-", ""))
