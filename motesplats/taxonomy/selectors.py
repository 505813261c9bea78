"""Reads on the taxonomy."""

from django.db.models import Prefetch, QuerySet

from .models import GlossaryTerm, Theme, ThemeQuestion

# Swedish alphabetical order: Å, Ä and Ö are letters of their own after Z.
SWEDISH_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
_RANK = {letter: i for i, letter in enumerate(SWEDISH_ALPHABET)}
_FOLD = str.maketrans({"É": "E", "È": "E", "Ü": "Y", "Æ": "Ä", "Ø": "Ö"})


_SEPARATORS = {" ", "-", "/", "(", ")", ",", "."}


def _rank(ch: str) -> int:
    if ch in _SEPARATORS:
        return -20  # "social innovation" before "socialt företag"
    if ch.isdigit():
        return -10 + int(ch)  # digits before letters
    return _RANK.get(ch, len(SWEDISH_ALPHABET) + ord(ch))


def swedish_sort_key(text: str) -> tuple[int, ...]:
    """Sort key for Swedish collation: Å, Ä, Ö after Z; É as E, Ü as Y; spaces first."""
    return tuple(_rank(ch) for ch in text.upper().translate(_FOLD))


def initial_letter(text: str) -> str:
    letter = text[:1].upper().translate(_FOLD)
    return letter if letter in _RANK else "#"


def theme_list(*, active_only: bool = True) -> QuerySet[Theme]:
    qs = Theme.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.prefetch_related(
        Prefetch("questions", queryset=ThemeQuestion.objects.order_by("sort_order"))
    )


def glossary_search(*, query: str = "", letter: str = "") -> list[GlossaryTerm]:
    """Glossary terms matching `query` in either language, sorted A–Ö.

    `letter` keeps terms whose name in the active language starts with that letter.
    """
    terms = list(GlossaryTerm.objects.all())
    needle = query.strip().casefold()
    if needle:
        # Matched in Python: SQLite's LIKE folds case for ASCII only, so "Överens…"
        # would miss "överens…". A glossary holds hundreds of terms, not millions.
        terms = [
            t
            for t in terms
            if needle
            in f"{t.term_sv} {t.term_en} {t.definition_sv} {t.definition_en}".casefold()
        ]
    terms.sort(key=lambda t: swedish_sort_key(str(t.term)))
    if letter:
        terms = [t for t in terms if initial_letter(str(t.term)) == letter.upper()]
    return terms


def glossary_letters(terms: list[GlossaryTerm]) -> list[str]:
    """Letters that have at least one term, in the order of the active alphabet."""
    present = {initial_letter(str(t.term)) for t in terms}
    # Å, Ä and Ö appear in English too when a term has only its Swedish name.
    return [ch for ch in SWEDISH_ALPHABET if ch in present] + (
        ["#"] if "#" in present else []
    )
