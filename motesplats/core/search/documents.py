"""What an object tells the search index about itself."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import strip_tags

# Fields that summarise an object: ranked below the title, above the body text.
SUMMARY_FIELDS = frozenset({"summary", "intro", "search_description", "need"})
MAX_BODY_CHARS = 30_000


@dataclass
class SearchDocument:
    """One object in one language, ready to be analysed and stored."""

    language: str
    kind: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    node: str = ""
    themes: tuple[str, ...] = field(default_factory=tuple)
    date: datetime.date | None = None
    # Found by search but not shown in excerpts: places, organisations, theme names.
    keywords: str = ""


def plain_text(value) -> str:
    """Readable text of a field value: HTML tags removed, entities decoded."""
    if value is None:
        return ""
    if hasattr(value, "stream_block"):  # a StreamField value
        parts = value.stream_block.get_searchable_content(value)
        return " ".join(plain_text(p) for p in parts)
    text = str(value)
    if "<" in text:
        # Block-level tags separate words even when the source has no spaces.
        text = strip_tags(re.sub(r"<(/?(p|li|h\d|br|div|td|th)\b)", r" <\1", text))
    return " ".join(unescape(text).split())


def page_text(page) -> tuple[str, str]:
    """Summary and body text of a Wagtail page, from its declared search fields."""
    summary: list[str] = []
    body: list[str] = []
    for search_field in getattr(page, "search_fields", []):
        name = getattr(search_field, "field_name", "")
        if name in {"title", ""} or not hasattr(search_field, "boost"):
            continue
        text = plain_text(getattr(page, name, None))
        if text:
            (summary if name in SUMMARY_FIELDS else body).append(text)
    return " ".join(summary), " ".join(body)[:MAX_BODY_CHARS]
