"""Reads on the taxonomy."""

from django.db.models import Prefetch, Q, QuerySet

from motesplats.core.i18n import current_language

from .models import GlossaryTerm, Theme, ThemeQuestion

# Swedish alphabetical order: Å, Ä and Ö are letters of their own after Z.
SWEDISH_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
_RANK = {letter: i for i, letter in enumerate(SWEDISH_ALPHABET)}
_FOLD = str.maketrans({"É": "E", "È": "E", "Ü": "Y", "Æ": "Ä", "Ø": "Ö"})


def swedish_sort_key(text: str) -> tuple[int, ...]:
    """Sort key for Swedish collation: Å, Ä, Ö after Z; É as E, Ü as Y."""
    folded = text.upper().translate(_FOLD)
    return tuple(_RANK.get(ch, len(SWEDISH_ALPHABET) + ord(ch)) for ch in folded)


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
    qs = GlossaryTerm.objects.all()
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(term_sv__icontains=query)
            | Q(term_en__icontains=query)
            | Q(definition_sv__icontains=query)
            | Q(definition_en__icontains=query)
        )
    terms = sorted(qs, key=lambda t: swedish_sort_key(str(t.term)))
    if letter:
        terms = [t for t in terms if initial_letter(str(t.term)) == letter.upper()]
    return terms


def glossary_letters(terms: list[GlossaryTerm]) -> list[str]:
    """Letters that have at least one term, in the order of the active alphabet."""
    present = {initial_letter(str(t.term)) for t in terms}
    alphabet = SWEDISH_ALPHABET if current_language() == "sv" else SWEDISH_ALPHABET[:26]
    return [ch for ch in alphabet if ch in present] + (["#"] if "#" in present else [])
