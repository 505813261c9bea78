"""Shared set-up for the 1:1 meeting tests: an event with slots and tables, people with
confirmed places and accounts, opted in or not. Fictional names."""

from datetime import timedelta

from motesplats.events.models import Registration
from motesplats.events.services.meetings import (
    meeting_optin,
    meeting_slots_create,
    meeting_tables_set,
)
from tests.factories import UserFactory

from .factories import book, make_event


def meeting_event(*, slots: int = 3, tables: int = 2, **kwargs):
    event = make_event(**kwargs)
    meeting_slots_create(
        event=event,
        first_start=event.starts_at + timedelta(hours=1),
        minutes=20,
        count=slots,
    )
    meeting_tables_set(event=event, count=tables)
    return event


def person(event, name: str, *, optin: bool = True, topic: str = "", user=True):
    """A confirmed registration with an account (and an opt-in unless told not to)."""
    book(event, name)
    registration = Registration.objects.get(event=event, name=name)
    account = None
    if user:
        account = UserFactory(email=registration.email)
        registration.user = account
        registration.save(update_fields=["user"])
    participant = None
    if optin:
        participant = meeting_optin(
            registration=registration,
            topic=topic or f"{name} om samverkan",
            consent=True,
        )
    return account, registration, participant
