"""The processing register (GDPR article 30), generated from the personal-data handlers.

Each handler says what it stores, why, on which legal basis and for how long; the
privacy page and the member's own data page show them as one table, so the register
cannot drift from what the code does.
"""

from typing import Any

from . import gdpr


def processing_register() -> list[dict[str, Any]]:
    return [
        {
            "name": h.name,
            "title": str(h.title) or h.name.replace("_", " ").capitalize(),
            "data": str(h.data),
            "purpose": str(h.purpose),
            "legal_basis": h.legal_basis_label(),
            "period": h.period_text(),
        }
        for h in sorted(gdpr.handlers(), key=lambda h: str(h.title or h.name))
    ]
