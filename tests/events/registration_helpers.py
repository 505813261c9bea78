"""Helpers for the registration tests: URLs, a valid form post, an English event."""

import re
import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

from motesplats.core.demo import translate
from motesplats.events.models import RegistrationQuestion
from motesplats.events.services.raffle import raffle_open
from motesplats.taxonomy.models import Region, Sector


def register_url(event, language: str = "sv") -> str:
    with translation.override(language):
        return reverse("events:register", kwargs={"event_id": event.pk})


def booking_url(token: str, language: str = "sv") -> str:
    with translation.override(language):
        return reverse("events:booking", kwargs={"token": token})


def action_url(name: str, token: str, registration, language: str = "sv") -> str:
    with translation.override(language):
        return reverse(
            f"events:{name}",
            kwargs={"token": token, "registration_id": registration.pk},
        )


def english(event, **fields):
    en = Locale.objects.get(language_code="en")
    fields.setdefault("title", f"Network meeting {event.pk}")
    fields.setdefault("summary", "A network meeting on social innovation.")
    return translate(event, en, **fields)


def question(event, label="Vilken kommun?", **fields) -> RegistrationQuestion:
    return RegistrationQuestion.objects.create(event=event, label_sv=label, **fields)


def participant(number: int, *, ticket, name: str, email: str, **extra) -> dict:
    data = {
        f"p{number}-ticket_type": str(ticket.pk),
        f"p{number}-name": name,
        f"p{number}-email": email,
        f"p{number}-organisation": "Exempelkommunen",
        f"p{number}-sector": str(Sector.objects.order_by("pk").first().pk),
        f"p{number}-county": str(Region.objects.get(code="12").pk),
    }
    data.update({f"p{number}-{k}": v for k, v in extra.items()})
    return data


def valid_post(event, *, people=None, key: str | None = None, **extra) -> dict:
    """A complete registration for one participant (or `people` = [(name, email)])."""
    ticket = event.ticket_types.first()
    people = people or [("Anna Berg", "anna.berg@example.org")]
    data = {
        "name": people[0][0],
        "email": people[0][1],
        "count": str(len(people)),
        "shown": str(len(people)),
        "submission_key": key or str(uuid.uuid4()),
        "join_waiting_list": "on",
    }
    for number, (name, email) in enumerate(people, start=1):
        data.update(participant(number, ticket=ticket, name=name, email=email))
    data.update(extra)
    return data


def token_from(response) -> str:
    match = re.search(r"/(?:bokning|booking)/([^/]+)/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def open_raffle(event, *, places: int = 5):
    """Open the raffle of a raffle event: applications are taken from then on."""
    return raffle_open(
        event=event,
        places=places,
        quotas={},
        applications_close_at=timezone.now() + timedelta(days=7),
        actor=None,
    )
