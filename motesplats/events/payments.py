"""How bookings are paid: by invoice today, through a payment provider later.

Invoicing is built in: the booking keeps the organisation's invoice details and the
organisers mark payments in the admin. A card or Swish provider can be added without
touching the booking code by implementing `PaymentProvider` and naming the class in
`EVENTS_PAYMENT_PROVIDERS`; until one is configured, none is offered. There is
deliberately no pretend provider: a booking is never shown as paid unless an organiser
(or a real provider's confirmed callback) said so.
"""

from decimal import Decimal
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string


@runtime_checkable
class PaymentProvider(Protocol):
    """What a payment provider implements (see the module docstring)."""

    #: A short, stable identifier stored with the payment ("swish", "card" …).
    key: str
    #: The name shown to the person paying, in the active language.
    label: str

    def start(self, *, booking, amount: Decimal, return_url: str) -> str:
        """Create the payment at the provider; return the URL to send the payer to."""
        ...

    def confirm(self, *, request: HttpRequest) -> tuple[int, bool]:
        """Check the provider's callback; return (booking id, whether it is paid)."""
        ...


def payment_providers() -> list[PaymentProvider]:
    """The providers named in EVENTS_PAYMENT_PROVIDERS, checked; empty by default."""
    providers = []
    for path in getattr(settings, "EVENTS_PAYMENT_PROVIDERS", []):
        try:
            provider = import_string(path)()
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"EVENTS_PAYMENT_PROVIDERS: cannot import {path!r}"
            ) from exc
        if not isinstance(provider, PaymentProvider):
            raise ImproperlyConfigured(
                f"EVENTS_PAYMENT_PROVIDERS: {path!r} does not implement PaymentProvider"
            )
        providers.append(provider)
    return providers
