"""`{% registration_box page %}`: where an event's registration stands, for its page.

A fixed number of queries whatever the number of ticket types: the canonical page
(for a translation), the ticket types, the places taken, the raffle (raffles only)
and, for a signed-in member, their registrations.
"""

from decimal import Decimal

from django import template

from motesplats.events.forms.registration import format_sek, price_text
from motesplats.events.registration_selectors import (
    TicketOffer,
    member_link_key,
    registration_state,
    registrations_of_member,
)

register = template.Library()


@register.inclusion_tag("events/includes/registration_box.html", takes_context=True)
def registration_box(context, page, show_link: bool = True) -> dict:
    state = registration_state(event=page)
    request = context.get("request")
    user = getattr(request, "user", None)
    member = registrations_of_member(event=state.event, user=user)
    return {
        "page": page,
        "state": state,
        "show_link": show_link,
        "member_registrations": [(r, member_link_key(r, user)) for r in member],
        "request": request,
    }


@register.filter
def offer_price(offer: TicketOffer) -> str:
    """ "450 kr inkl. moms (varav moms 90 kr)", or "Kostnadsfri"."""
    return price_text(offer.ticket)


@register.filter
def sek(amount) -> str:
    """An amount in kronor: "1 250 kr" / "SEK 1,250"."""
    return format_sek(Decimal(amount))
