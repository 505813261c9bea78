"""Helpers for building demo content in the page tree."""

import json
from pathlib import Path
from typing import Any

from django.utils.html import escape

from wagtail.models import Locale, Page


def load_json(directory: Path, name: str) -> Any:
    """A demo data file of an app (UTF-8 JSON)."""
    return json.loads((directory / name).read_text(encoding="utf-8"))


def body_blocks(items: list) -> list[tuple[str, str]]:
    """StreamField body blocks from demo text: paragraphs (strings) grouped into one
    paragraph block, where an item {"heading": ...} starts a new section."""
    blocks: list[tuple[str, str]] = []
    paragraphs: list[str] = []
    for item in [*items, None]:
        if isinstance(item, str):
            paragraphs.append(f"<p>{escape(item)}</p>")
            continue
        if paragraphs:
            blocks.append(("paragraph", "".join(paragraphs)))
            paragraphs = []
        if item is not None:
            blocks.append(("heading", item["heading"]))
    return blocks


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def translate(page: Page, locale: Locale, **fields: Any) -> Page:
    """Copy `page` into `locale`, set the translated fields and publish it."""
    translated = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)
