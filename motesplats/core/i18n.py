"""Bilingual fields: taxonomy and records store Swedish and English side by side.

A model with `name_sv` and `name_en` reads `localized(obj, "name")`; English falls back
to Swedish when no translation is written, Swedish being the platform's first language.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PRIMARY_LANGUAGE = "sv"


def current_language() -> str:
    return (get_language() or PRIMARY_LANGUAGE).split("-")[0]


def localized(obj: object, field: str, language: str | None = None) -> str:
    language = language or current_language()
    value = getattr(obj, f"{field}_{language}", "") or ""
    if not value and language != PRIMARY_LANGUAGE:
        value = getattr(obj, f"{field}_{PRIMARY_LANGUAGE}", "") or ""
    return value


class LocalizedProperty:
    """Descriptor: `name = LocalizedProperty("name")` reads name_sv / name_en."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, obj: object, objtype: type | None = None) -> object:
        if obj is None:
            return self
        return localized(obj, self.field)


class BilingualNameMixin(models.Model):
    """Swedish and English names; `name` reads the active language."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    name = LocalizedProperty("name")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.name)
