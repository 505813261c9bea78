"""Writes on the taxonomy: loading the shipped vocabulary, idempotently."""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from motesplats.core.audit import log_action

from . import reference
from .models import (
    AreaType,
    GlossaryTerm,
    Region,
    SdgGoal,
    Sector,
    Theme,
    ThemeQuestion,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def taxonomy_load_reference(*, actor: Any = None) -> dict[str, int]:
    """Create or update counties, goals, sectors, area types, themes and glossary.

    Rows are matched on their natural keys (code, number, slug), so running it again
    changes nothing; rows an editor added are left alone.
    """
    for code, name_sv, name_en, letter, iso_code, seat in reference.COUNTIES:
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "letter": letter,
                "iso_code": iso_code,
                "seat": seat,
            },
        )
    for number, name_sv, name_en in reference.SDG_GOALS:
        SdgGoal.objects.update_or_create(
            number=number, defaults={"name_sv": name_sv, "name_en": name_en}
        )
    for order, (slug, name_sv, name_en, desc_sv, desc_en) in enumerate(
        reference.SECTORS
    ):
        Sector.objects.update_or_create(
            slug=slug,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "description_sv": desc_sv,
                "description_en": desc_en,
                "sort_order": order,
            },
        )
    for order, (slug, name_sv, name_en) in enumerate(reference.AREA_TYPES):
        AreaType.objects.update_or_create(
            slug=slug,
            defaults={"name_sv": name_sv, "name_en": name_en, "sort_order": order},
        )
    themes = _load_themes()
    terms = _load_glossary()
    counts = {
        "counties": Region.objects.count(),
        "goals": SdgGoal.objects.count(),
        "sectors": Sector.objects.count(),
        "area_types": AreaType.objects.count(),
        "themes": themes,
        "glossary_terms": terms,
    }
    log_action(action="taxonomy.reference.loaded", actor=actor, data=counts)
    return counts


def _load_themes() -> int:
    for row in _read("themes.json"):
        theme, created = Theme.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
                "description_sv": row["description_sv"],
                "description_en": row["description_en"],
                "sort_order": row["sort_order"],
            },
        )
        if created:
            ThemeQuestion.objects.bulk_create(
                ThemeQuestion(
                    theme=theme, text_sv=q["sv"], text_en=q["en"], sort_order=i
                )
                for i, q in enumerate(row["questions"])
            )
    return Theme.objects.count()


def _load_glossary() -> int:
    themes = {t.slug: t for t in Theme.objects.all()}
    for row in _read("glossary.json"):
        term, created = GlossaryTerm.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "term_sv": row["term_sv"],
                "term_en": row["term_en"],
                "definition_sv": row["definition_sv"],
                "definition_en": row["definition_en"],
                "source": row.get("source", ""),
            },
        )
        if created:
            term.themes.set([themes[s] for s in row.get("themes", []) if s in themes])
    return GlossaryTerm.objects.count()
