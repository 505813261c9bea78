"""Highlighted excerpts: the passage of a document that best matches the query."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import WORD_RE, fold, word_terms

EXCERPT_WORDS = 32
TOKEN_RE = re.compile(rf"({WORD_RE.pattern})", re.UNICODE)


class _Matcher:
    """Does a word of the text match one of the query's terms, or contain one after
    its start (the last part of a compound: "ungdomsarbetslösheten" for
    "arbetslöshet")? Answers are kept: a text repeats its words."""

    def __init__(self, language: str, query_terms: frozenset[str]) -> None:
        self.language = language
        self.terms = query_terms
        parts = sorted((t for t in query_terms if len(t) >= 4), key=len, reverse=True)
        self.inner = re.compile("|".join(map(re.escape, parts))) if parts else None
        self.answers: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        lowered = word.lower()
        answer = self.answers.get(lowered)
        if answer is None:
            answer = any(t in self.terms for t in word_terms(self.language, lowered))
            if not answer and self.inner is not None:
                answer = self.inner.search(fold(lowered), 1) is not None
            self.answers[lowered] = answer
        return answer


@lru_cache(maxsize=16)
def _matcher(language: str, query_terms: frozenset[str]) -> _Matcher:
    return _Matcher(language, query_terms)


def highlight(text: str, language: str, query_terms: Collection[str]) -> SafeString:
    """The whole text, escaped, with matching words in <mark>."""
    parts = TOKEN_RE.split(text)
    matches = _matcher(language, frozenset(query_terms))
    out = []
    for i, part in enumerate(parts):
        if i % 2 and matches(part):
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
    matches = _matcher(language, frozenset(query_terms))
    hits = [n for n, i in enumerate(word_positions) if matches(parts[i])]
    best_start = 0
    if hits:
        # The window of EXCERPT_WORDS words starting at a hit with the most hits.
        best, last = -1, 0
        for index, first in enumerate(hits):
            last = max(last, index)
            while last + 1 < len(hits) and hits[last + 1] < first + EXCERPT_WORDS:
                last += 1
            if last - index + 1 > best:
                best, best_start = last - index + 1, max(0, first - 4)
    end = min(len(word_positions), best_start + EXCERPT_WORDS)
    start_index = word_positions[best_start]
    end_index = word_positions[end - 1] + 1
    passage = "".join(parts[start_index:end_index])
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if end < len(word_positions) else ""
    return mark_safe(  # noqa: S308 -- highlight() escapes the passage
        f"{prefix}{highlight(passage, language, query_terms)}{suffix}"
    )
