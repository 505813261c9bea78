"""Highlighted excerpts: the passage of a document that best matches the query."""

from __future__ import annotations

import re
from collections.abc import Collection

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import WORD_RE, fold, word_terms

EXCERPT_WORDS = 32
TOKEN_RE = re.compile(rf"({WORD_RE.pattern})", re.UNICODE)


def term_matches(language: str, word: str, query_terms: Collection[str]) -> bool:
    """Does a word of the text match one of the query's terms (or end in one)?"""
    lowered = word.lower()
    for term in word_terms(language, lowered):
        if term in query_terms:
            return True
    folded = fold(lowered)
    # The last part of a compound: "ungdomsarbetslösheten" for "arbetslöshet".
    return any(len(t) >= 4 and t in folded and folded.find(t) > 0 for t in query_terms)


def highlight(text: str, language: str, query_terms: Collection[str]) -> SafeString:
    """The whole text, escaped, with matching words in <mark>."""
    parts = TOKEN_RE.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2 and term_matches(language, part, query_terms):
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
    return mark_safe("".join(out))  # noqa: S308 -- every part is escaped above


def excerpt(text: str, language: str, query_terms: Collection[str]) -> SafeString:
    """About EXCERPT_WORDS words around the densest cluster of matches."""
    parts = TOKEN_RE.split(text)
    word_positions = list(range(1, len(parts), 2))
    if not word_positions:
        return mark_safe("")
    hits = [
        n
        for n, i in enumerate(word_positions)
        if term_matches(language, parts[i], query_terms)
    ]
    best_start = 0
    if hits:
        best = -1
        for first in hits:
            count = sum(1 for h in hits if first <= h < first + EXCERPT_WORDS)
            if count > best:
                best, best_start = count, max(0, first - 4)
    end = min(len(word_positions), best_start + EXCERPT_WORDS)
    start_index = word_positions[best_start]
    end_index = word_positions[end - 1] + 1
    passage = "".join(parts[start_index:end_index])
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if end < len(word_positions) else ""
    return mark_safe(  # noqa: S308 -- highlight() escapes the passage
        f"{prefix}{highlight(passage, language, query_terms)}{suffix}"
    )
