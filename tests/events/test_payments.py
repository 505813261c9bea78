"""The payment-provider interface: none by default, configured ones are checked."""

from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

import pytest

from motesplats.events.payments import PaymentProvider, payment_providers


class ExampleProvider:
    key = "example"
    label = "Exempel"

    def start(self, *, booking, amount: Decimal, return_url: str) -> str:
        return f"https://pay.example.org/{booking}?amount={amount}"

    def confirm(self, *, request) -> tuple[int, bool]:
        return (1, False)


class NotAProvider:
    key = "broken"


def test_no_provider_is_offered_by_default():
    assert payment_providers() == []


def test_a_configured_provider_is_loaded(settings):
    settings.EVENTS_PAYMENT_PROVIDERS = ["tests.events.test_payments.ExampleProvider"]
    [provider] = payment_providers()
    assert isinstance(provider, PaymentProvider)
    assert provider.key == "example"


@pytest.mark.parametrize(
    "path",
    ["tests.events.test_payments.NotAProvider", "tests.events.no_such_module.Provider"],
)
def test_a_wrong_provider_is_a_configuration_error(settings, path):
    settings.EVENTS_PAYMENT_PROVIDERS = [path]
    with pytest.raises(ImproperlyConfigured):
        payment_providers()
