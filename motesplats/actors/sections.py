"""Sections other apps add to a coalition's page, without actors importing them.

Apps higher in the layers (events) register a function in their AppConfig.ready():

    register_coalition_section(fn)

where `fn(coalition, request)` returns `(title, template_name, context)` or None when
it has nothing to show. The coalition page renders every section in registration order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

SectionFn = Callable[[Any, HttpRequest], tuple[str, str, dict] | None]

_sections: list[SectionFn] = []


@dataclass(frozen=True)
class CoalitionSection:
    title: str
    template_name: str
    context: dict
    anchor: str


def register_coalition_section(fn: SectionFn) -> SectionFn:
    """Add `fn` once (a second registration of the same function is ignored)."""
    if fn not in _sections:
        _sections.append(fn)
    return fn


def unregister_coalition_section(fn: SectionFn) -> None:
    if fn in _sections:
        _sections.remove(fn)


def coalition_sections(coalition: Any, request: HttpRequest) -> list[CoalitionSection]:
    """The sections that have something to show for `coalition`, in order."""
    shown = []
    for index, fn in enumerate(_sections, start=1):
        result = fn(coalition, request)
        if result is None:
            continue
        title, template_name, context = result
        shown.append(
            CoalitionSection(
                title=str(title),
                template_name=template_name,
                context=context,
                anchor=f"section-{index}",
            )
        )
    return shown
