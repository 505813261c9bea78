"""Matchmaking's explanations and presentation, in the viewer's language.

Each reason the engine gives becomes one translatable fragment with placeholders
("same county (%(county)s)"); fragments are joined into one sentence. Sectors are
said the way people say them ("the non-profit sector", "academia").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from motesplats.actors import matching as engine
from motesplats.actors.enums import NeedOfferCategory, NeedOfferKind
from motesplats.actors.selectors.matching_data import Loaded, Vocabulary
from motesplats.core.i18n import current_language

# --- results ----------------------------------------------------------------------------


@dataclass
class Suggested:
    """One suggestion, ready for a template."""

    kind: str  # "need" | "offer" | "organisation" | "person" | "coalition"
    item: Any
    title: str
    explanation: str
    score: float
    details: dict[str, Any] = field(default_factory=dict)
    meta: list[str] = field(default_factory=list)
    reasons: tuple[engine.Reason, ...] = ()


@dataclass
class MatchResult:
    """The three groups, or why there are none (`missing`: "profile" or "themes")."""

    needs_offers: list[Suggested] = field(default_factory=list)
    actors: list[Suggested] = field(default_factory=list)
    coalitions: list[Suggested] = field(default_factory=list)
    missing: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.needs_offers or self.actors or self.coalitions)


# --- explanations -----------------------------------------------------------------------


def _name(names: tuple[str, str] | None) -> str:
    if not names:
        return ""
    sv, en = names
    return (en or sv) if current_language() == "en" else sv


def _lower_first(text: str) -> str:
    # "Digital inkludering" → "digital inkludering"; leave acronyms ("AI …") alone.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def county_short_name(names: tuple[str, str] | None) -> str:
    """ "Skåne" for Skåne län / Skåne County: the name people use in a sentence."""
    if not names:
        return ""
    sv, en = names
    if en.endswith(" County"):
        return en.removesuffix(" County")
    return sv.removesuffix(" län")


# The sector said the way people say it ("the non-profit sector", "academia"). The
# reference sectors have phrases of their own; a sector an editor adds later is
# named by its name (key "").
SECTOR_PHRASES = {
    engine.R_CROSS_SECTOR: {
        "offentlig": gettext_lazy("they are from the public sector"),
        "privat": gettext_lazy("they are from the private sector"),
        "ideburen": gettext_lazy("they are from the non-profit sector"),
        "akademi": gettext_lazy("they are from academia"),
        "": gettext_lazy("they are from another sector (%(sector)s)"),
    },
    engine.R_SECTOR_SOUGHT: {
        "offentlig": gettext_lazy("they are looking for partners in the public sector"),
        "privat": gettext_lazy("they are looking for partners in the private sector"),
        "ideburen": gettext_lazy(
            "they are looking for partners in the non-profit sector"
        ),
        "akademi": gettext_lazy("they are looking for partners in academia"),
        "": gettext_lazy("they are looking for partners from %(sector)s"),
    },
    engine.R_SECTOR_MISSING: {
        "offentlig": gettext_lazy("no member from the public sector yet"),
        "privat": gettext_lazy("no member from the private sector yet"),
        "ideburen": gettext_lazy("no member from the non-profit sector yet"),
        "akademi": gettext_lazy("no member from academia yet"),
        "": gettext_lazy("no member from %(sector)s yet"),
    },
}


def _sector_phrase(reason: str, slug: str, vocabulary: Vocabulary) -> str:
    phrases = SECTOR_PHRASES[reason]
    if slug in phrases:
        return str(phrases[slug])
    return str(phrases[""]) % {
        "sector": _lower_first(_name(vocabulary.sectors.get(slug)))
    }


def _quoted(text: str) -> str:
    return _("“%(text)s”") % {"text": text}


def explain(suggestion: engine.Suggestion, vocabulary: Vocabulary) -> str:
    """A sentence from the reasons that counted, in the active language."""
    group = suggestion.kind
    parts = []
    for reason in suggestion.reasons:
        code, values = reason.code, reason.values
        if code == engine.R_THEMES:
            names = [_lower_first(_name(vocabulary.themes.get(t))) for t in values]
            themes = get_text_list(names, _("and"))
            if group in ("organisation", "person"):
                parts.append(_("you both work on %(themes)s") % {"themes": themes})
            else:
                parts.append(
                    ngettext(
                        "same theme: %(themes)s", "same themes: %(themes)s", len(names)
                    )
                    % {"themes": themes}
                )
        elif code == engine.R_QUESTIONS:
            first = _quoted(_name(vocabulary.questions.get(values[0])))
            parts.append(
                ngettext(
                    "a shared question in focus: %(question)s",
                    "%(count)d shared questions in focus, among them %(question)s",
                    len(values),
                )
                % {"count": len(values), "question": first}
            )
        elif code in (
            engine.R_CROSS_SECTOR,
            engine.R_SECTOR_SOUGHT,
            engine.R_SECTOR_MISSING,
        ):
            parts.append(_sector_phrase(code, values[0], vocabulary))
        elif code == engine.R_SAME_COUNTY:
            county = county_short_name(vocabulary.counties.get(values[0]))
            if group == "coalition":
                text = _("members in the same county (%(county)s)")
            else:
                text = _("same county (%(county)s)")
            parts.append(text % {"county": county})
        elif code == engine.R_NEIGHBOUR_COUNTY:
            county = county_short_name(vocabulary.counties.get(values[0]))
            parts.append(_("neighbouring county (%(county)s)") % {"county": county})
        elif code == engine.R_NATIONWIDE:
            parts.append(_("open to the whole country"))
        elif code == engine.R_TEXT and values:
            parts.append(_("words in common: %(words)s") % {"words": ", ".join(values)})
    sentence = "; ".join(parts)
    return f"{sentence[:1].upper()}{sentence[1:]}." if sentence else ""


def present(suggestions: engine.Suggestions, loaded: Loaded, limit: int) -> MatchResult:
    vocabulary = loaded.vocabulary
    result = MatchResult()
    for suggestion in suggestions.needs_offers[:limit]:
        item = suggestion.item
        result.needs_offers.append(
            Suggested(
                kind=item.kind,
                item=item,
                title=item.title,
                explanation=explain(suggestion, vocabulary),
                score=suggestion.score,
                reasons=suggestion.reasons,
                meta=[
                    m
                    for m in (
                        str(NeedOfferKind(item.kind).label),
                        str(NeedOfferCategory(item.category).label),
                        item.organisation_name,
                    )
                    if m
                ],
            )
        )
    for suggestion in suggestions.actors[:limit]:
        item = suggestion.item
        details = loaded.details.get(item.key, {})
        if item.kind == "organisation":
            meta = [
                _name(vocabulary.sectors.get(item.sector)),
                county_short_name(vocabulary.counties.get(item.county)),
            ]
        else:
            meta = [item.subtitle, details.get("organisation_name", "")]
        result.actors.append(
            Suggested(
                kind=item.kind,
                item=item,
                title=item.name,
                explanation=explain(suggestion, vocabulary),
                score=suggestion.score,
                reasons=suggestion.reasons,
                details=details,
                meta=[m for m in meta if m],
            )
        )
    for suggestion in suggestions.coalitions[:limit]:
        item = suggestion.item
        details = loaded.details.get(item.key, {})
        result.coalitions.append(
            Suggested(
                kind="coalition",
                item=item,
                title=_name((item.name, details.get("name_en", ""))),
                explanation=explain(suggestion, vocabulary),
                score=suggestion.score,
                reasons=suggestion.reasons,
                details=details,
                meta=[_name(vocabulary.themes.get(item.theme))],
            )
        )
    return result
