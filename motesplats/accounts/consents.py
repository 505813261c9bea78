"""What a member can consent to, and the exact text they agree to.

A purpose's `version` changes whenever its text changes in substance; a consent given
to an older version is shown as such, and the member is asked again. Records are
append-only (`ConsentRecord`): giving and withdrawing each add a row with the time, the
version and the text as the member saw it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsentPurpose:
    key: str
    version: str
    label: str | Promise
    text: str | Promise
    # Where the member gives it besides the consents page (shown as a hint there).
    elsewhere: str | Promise = ""


NEWSLETTER = ConsentPurpose(
    key="newsletter",
    version="2026-11",
    label=_("The network's newsletter"),
    text=_(
        "Send me the network's newsletter by e-mail, about once a month: new knowledge, "
        "coming meetings and calls. I can stop it at any time on this page."
    ),
)
PUBLIC_PROFILE = ConsentPurpose(
    key="public_profile",
    version="2026-11",
    label=_("Showing my profile"),
    text=_(
        "Show the profile fields I choose to other members or to everyone, and let my "
        "public fields be used to suggest contacts. I choose field by field on my "
        "profile; withdrawing hides every field again."
    ),
    elsewhere=_("Also given when you show a field of your profile to others."),
)
PHOTOS = ConsentPurpose(
    key="photos",
    version="2026-11",
    label=_("Photos and films at meetings"),
    text=_(
        "The network may publish photos and films from its meetings in which I can be "
        "recognised. Organisers see on their participant lists who has not consented."
    ),
)

PURPOSES: dict[str, ConsentPurpose] = {
    p.key: p for p in (NEWSLETTER, PUBLIC_PROFILE, PHOTOS)
}
PURPOSE_CHOICES = [(p.key, p.label) for p in PURPOSES.values()]

# What each purpose's withdrawal must undo at once, registered by the apps that act on
# the consent (accounts cannot import them): e.g. actors hides the profile again.
_on_withdraw: dict[str, list[Callable[[Any], None]]] = {}


def on_withdraw(purpose: str, undo: Callable[[Any], None]) -> None:
    hooks = _on_withdraw.setdefault(purpose, [])
    if undo not in hooks:
        hooks.append(undo)


def withdraw_hooks(purpose: str) -> list[Callable[[Any], None]]:
    return list(_on_withdraw.get(purpose, []))
