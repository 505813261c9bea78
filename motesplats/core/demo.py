"""Helpers for building demo content in the page tree."""

from typing import Any

from wagtail.models import Locale, Page


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
