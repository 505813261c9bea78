"""Loading the shipped vocabulary: idempotent, keeps editors' changes, audited."""

import json

from django.core.exceptions import ValidationError

import pytest

from motesplats.core.models import AuditEntry
from motesplats.taxonomy.models import (
    AreaType,
    GlossaryTerm,
    Region,
    SdgGoal,
    Sector,
    Theme,
    ThemeQuestion,
)
from motesplats.taxonomy.services import DATA_DIR, taxonomy_load_reference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COUNTY_CODES = {f"{n:02d}" for n in range(1, 26)} - {"02", "11", "15", "16"}
GLOSSARY_ROWS = json.loads((DATA_DIR / "glossary.json").read_text(encoding="utf-8"))


def _table_counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "goals": SdgGoal.objects.count(),
        "sectors": Sector.objects.count(),
        "area_types": AreaType.objects.count(),
        "themes": Theme.objects.count(),
        "questions": ThemeQuestion.objects.count(),
        "glossary": GlossaryTerm.objects.count(),
        "glossary_themes": GlossaryTerm.themes.through.objects.count(),
    }


def test_load_reference_returns_the_shipped_counts():
    counts = taxonomy_load_reference()
    assert counts == {
        "counties": 21,
        "goals": 17,
        "sectors": 4,
        "area_types": 2,
        "themes": 5,
        "glossary_terms": len(GLOSSARY_ROWS),
    }
    assert counts["glossary_terms"] >= 50


def test_load_reference_twice_changes_nothing():
    first = taxonomy_load_reference()
    before = _table_counts()
    second = taxonomy_load_reference()
    assert second == first
    assert _table_counts() == before


def test_load_reference_creates_the_21_counties_with_their_codes():
    taxonomy_load_reference()
    assert set(Region.objects.values_list("code", flat=True)) == COUNTY_CODES
    assert len(COUNTY_CODES) == 21
    skane = Region.objects.get(code="12")
    assert (skane.name_sv, skane.name_en, skane.letter, skane.iso_code, skane.seat) == (
        "Skåne län",
        "Skåne County",
        "M",
        "SE-M",
        "Malmö",
    )


def test_load_reference_creates_the_17_goals():
    taxonomy_load_reference()
    assert list(SdgGoal.objects.values_list("number", flat=True)) == list(range(1, 18))
    goal = SdgGoal.objects.get(number=3)
    assert goal.name_sv == "God hälsa och välbefinnande"
    assert goal.name_en == "Good Health and Well-being"


def test_load_reference_creates_sectors_and_area_types_in_order():
    taxonomy_load_reference()
    assert list(Sector.objects.values_list("slug", flat=True)) == [
        "offentlig",
        "privat",
        "ideburen",
        "akademi",
    ]
    assert list(AreaType.objects.values_list("slug", "name_en")) == [
        ("stad", "Urban"),
        ("landsbygd", "Rural"),
    ]


def test_load_reference_restores_a_county_name():
    # Counties are official reference data: a reload puts the official name back.
    Region.objects.filter(code="12").update(name_sv="Skåne")
    taxonomy_load_reference()
    assert Region.objects.get(code="12").name_sv == "Skåne län"


def test_load_reference_keeps_an_editors_theme_name_and_questions():
    theme = Theme.objects.get(slug="jamlik-halsa")
    theme.name_sv = "Hälsa på lika villkor"
    theme.save()
    theme.questions.all().delete()
    ThemeQuestion.objects.create(theme=theme, text_sv="Redaktörens egen fråga?")
    taxonomy_load_reference()
    theme.refresh_from_db()
    assert theme.name_sv == "Hälsa på lika villkor"
    assert list(theme.questions.values_list("text_sv", flat=True)) == [
        "Redaktörens egen fråga?"
    ]


def test_load_reference_keeps_an_editors_glossary_definition_and_themes():
    term = GlossaryTerm.objects.get(slug="sroi")
    term.definition_sv = "Redaktörens definition."
    term.save()
    term.themes.set([Theme.objects.get(slug="digital-inkludering")])
    taxonomy_load_reference()
    term.refresh_from_db()
    assert term.definition_sv == "Redaktörens definition."
    assert list(term.themes.values_list("slug", flat=True)) == ["digital-inkludering"]


def test_load_reference_leaves_editors_own_rows_alone():
    Theme.objects.create(slug="eget-tema", name_sv="Eget tema", description_sv="Text.")
    GlossaryTerm.objects.create(slug="eget-ord", term_sv="Eget ord", definition_sv="X")
    counts = taxonomy_load_reference()
    assert counts["themes"] == 6
    assert counts["glossary_terms"] == len(GLOSSARY_ROWS) + 1
    assert Theme.objects.filter(slug="eget-tema").exists()
    assert GlossaryTerm.objects.filter(slug="eget-ord").exists()


def test_load_reference_creates_a_missing_theme_with_its_questions():
    # Pages protect a theme from deletion; an editor changing its slug frees it.
    Theme.objects.filter(slug="digital-inkludering").update(slug="digitalt-gammalt")
    counts = taxonomy_load_reference()
    assert counts["themes"] == 6
    theme = Theme.objects.get(slug="digital-inkludering")
    assert theme.name_sv == "Digital inkludering"
    assert theme.questions.count() == 5
    assert list(theme.questions.values_list("sort_order", flat=True)) == [0, 1, 2, 3, 4]


def test_load_reference_links_glossary_terms_to_their_themes():
    GlossaryTerm.objects.filter(slug="jamlik-halsa").delete()
    taxonomy_load_reference()
    row = next(r for r in GLOSSARY_ROWS if r["slug"] == "jamlik-halsa")
    term = GlossaryTerm.objects.get(slug="jamlik-halsa")
    assert sorted(term.themes.values_list("slug", flat=True)) == sorted(row["themes"])
    assert row["themes"]


def test_load_reference_writes_an_audit_entry():
    before = AuditEntry.objects.filter(action="taxonomy.reference.loaded").count()
    counts = taxonomy_load_reference()
    entries = AuditEntry.objects.filter(action="taxonomy.reference.loaded")
    assert entries.count() == before + 1
    entry = entries.order_by("-id").first()
    assert entry.data == counts
    assert entry.actor is None
    assert entry.actor_label == "system"


def test_load_reference_records_the_actor():
    user = UserFactory()
    taxonomy_load_reference(actor=user)
    entry = (
        AuditEntry.objects.filter(action="taxonomy.reference.loaded")
        .order_by("-id")
        .first()
    )
    assert entry.actor == user
    assert entry.actor_label == f"user #{user.pk}"


# --- Validation ---------------------------------------------------------------------


def _region(code: str) -> Region:
    return Region(
        code=code,
        name_sv="Provlän",
        name_en="Test County",
        letter="Q",
        iso_code="SE-Q",
        seat="Provstad",
    )


@pytest.mark.parametrize("code", ["1", "123", "AB", "1a", " 1"])
def test_region_code_must_be_two_digits(code):
    with pytest.raises(ValidationError) as excinfo:
        _region(code).full_clean()
    assert set(excinfo.value.message_dict) == {"code"}


def test_region_with_a_two_digit_code_is_valid():
    _region("99").full_clean()


@pytest.mark.parametrize("number", [0, 18])
def test_sdg_goal_number_must_be_1_to_17(number):
    with pytest.raises(ValidationError) as excinfo:
        SdgGoal(number=number, name_sv="Mål").full_clean()
    assert set(excinfo.value.message_dict) == {"number"}


def test_sdg_goal_17_is_valid_but_taken():
    SdgGoal.objects.filter(number=17).delete()
    SdgGoal(number=17, name_sv="Genomförande").full_clean()
    SdgGoal.objects.create(number=17, name_sv="Genomförande")
    with pytest.raises(ValidationError) as excinfo:
        SdgGoal(number=17, name_sv="Dubblett").full_clean()
    assert set(excinfo.value.message_dict) == {"number"}
