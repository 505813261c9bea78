"""Events for tests: a page under a node, ticket types, bookings. Fictional values."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from motesplats.core.demo import publish
from motesplats.events.enums import EventFormat, EventKind, RegistrationMode
from motesplats.events.models import EventPage, TicketType
from motesplats.events.services.registration import Participant, booking_create
from motesplats.nodes.models import NodePage

_counter = iter(range(1, 1_000_000))


def node_page(slug: str = "malmo") -> NodePage:
    return NodePage.objects.get(node__slug=slug, locale__language_code="sv")


def make_event(
    *,
    node: str = "malmo",
    title: str | None = None,
    capacity: int | None = None,
    tickets: list[dict] | None = None,
    starts_in: timedelta | None = None,
    hours: int = 3,
    mode: str = RegistrationMode.OPEN,
    waiting_list: bool = True,
    kind: str = EventKind.NETWORK_MEETING,
    format: str = EventFormat.ON_SITE,
    **fields,
) -> EventPage:
    """A published event with ticket types (default: one free ticket, no limit)."""
    n = next(_counter)
    if starts_in is None:
        # By default 30 days ahead at 10:00 local time: a start taken from the
        # current hour would run past midnight when the tests run in the evening.
        day = timezone.localtime() + timedelta(days=30)
        starts = day.replace(hour=10, minute=0, second=0, microsecond=0)
    else:
        starts = (timezone.now() + starts_in).replace(minute=0, second=0, microsecond=0)
    page = EventPage(
        title=title or f"Nätverksträff {n}",
        slug=f"test-event-{n}",
        kind=kind,
        format=format,
        summary="Ett nätverksmöte om sociala innovationer i kommunerna.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        venue_name="Orkanen",
        city="Malmö",
        capacity=capacity,
        registration_mode=mode,
        waiting_list=waiting_list,
        **fields,
    )
    node_page(node).add_child(instance=page)
    publish(page)
    for i, spec in enumerate(tickets or [{"name_sv": "Fri entré"}]):
        TicketType.objects.create(
            event=page,
            name_sv=spec.get("name_sv", f"Biljett {i + 1}"),
            name_en=spec.get("name_en", ""),
            price=Decimal(str(spec.get("price", "0"))),
            capacity=spec.get("capacity"),
            max_per_booking=spec.get("max_per_booking", 10),
            sort_order=i,
            kind=spec.get("kind", "paid" if spec.get("price") else "free"),
        )
    return page


def book(event: EventPage, *names: str, ticket: TicketType | None = None, **kwargs):
    """Book one registration per name (e-mail derived from the name)."""
    ticket = ticket or event.ticket_types.first()
    participants = [
        Participant(
            ticket_type=ticket,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@example.org",
        )
        for name in names
    ]
    return booking_create(
        event=event,
        name=names[0],
        email=participants[0].email,
        participants=participants,
        **kwargs,
    )
