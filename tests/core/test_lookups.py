"""Numbers too large for an integer column match nothing instead of failing."""

from django import forms

import pytest

from motesplats.taxonomy.models import Theme

pytestmark = pytest.mark.django_db

HUGE = 2**70


def test_in_lookup_drops_numbers_the_column_cannot_hold():
    theme = Theme.objects.order_by("pk").first()
    assert list(Theme.objects.filter(pk__in=[HUGE, -HUGE, theme.pk])) == [theme]
    assert not Theme.objects.filter(pk__in=[HUGE]).exists()
    assert not Theme.objects.filter(pk__in=[str(HUGE)]).exists()


def test_a_multiple_choice_field_refuses_a_huge_id_with_a_message():
    field = forms.ModelMultipleChoiceField(queryset=Theme.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        field.clean([str(HUGE)])
    assert error.value.code == "invalid_choice"
