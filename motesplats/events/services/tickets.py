"""Ticket QR codes: what check-in staff scan is the registration's `ticket_code`."""

import io

from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.translation import gettext as _

import segno

from motesplats.events.models import Registration

# Medium error correction survives a creased printout or a cracked phone screen.
_ERROR = "m"


def _qr(registration: Registration) -> segno.QRCode:
    return segno.make_qr(registration.ticket_code, error=_ERROR, boost_error=False)


def ticket_label(registration: Registration) -> str:
    return _("Ticket QR code, ticket code %(code)s") % {
        "code": registration.ticket_code
    }


def ticket_qr_svg(
    registration: Registration,
    *,
    scale: int = 5,
    border: int = 4,
    label: str = "",
    svgclass: str = "ticket-qr",
) -> str:
    """The ticket as an inline SVG image, named for screen readers (by its code unless
    `label` is given). No styles in it, so the strict CSP holds.

    It has a viewBox as well as a size, so a style sheet can scale it to the screen.
    """
    qr = _qr(registration)
    buffer = io.BytesIO()
    qr.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=scale,
        border=border,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass=svgclass,
        lineclass=None,
    )
    svg = buffer.getvalue().decode("utf-8")
    width, height = qr.symbol_size(scale=scale, border=border)
    label = escape(label or ticket_label(registration))
    attributes = (
        f'role="img" aria-label="{label}" focusable="false" '
        f'width="{width}" height="{height}" '
    )
    return svg.replace("<svg ", f"<svg {attributes}", 1)


def ticket_qr_png(registration: Registration, *, scale: int = 8) -> bytes:
    """The ticket as a PNG image, for mail attachments and download."""
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="png", scale=scale, dark="#000", light="#fff")
    return buffer.getvalue()


_LINK_SALT = "motesplats.events.participant-link"


def participant_key(registration: Registration) -> str:
    """The key of one participant's own self-service link.

    Derived from the ticket code with the site's secret, so it is not printed on the
    ticket: whoever sees a ticket can check it in, not cancel it.
    """
    digest = salted_hmac(_LINK_SALT, f"{registration.pk}:{registration.ticket_code}")
    return f"{registration.pk}-{digest.hexdigest()[:32]}"
