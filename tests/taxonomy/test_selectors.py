"""Reads on the taxonomy: Swedish collation, glossary search and letters, theme list."""

import json

from django.utils import translation

import pytest

from motesplats.core.i18n import localized
from motesplats.taxonomy.models import GlossaryTerm, Theme, ThemeQuestion
from motesplats.taxonomy.selectors import (
    SWEDISH_ALPHABET,
    glossary_letters,
    glossary_search,
    initial_letter,
    swedish_sort_key,
    theme_list,
)
from motesplats.taxonomy.services import DATA_DIR

pytestmark = pytest.mark.django_db

SHIPPED_THEME_SLUGS = [
    "barnets-rattigheter",
    "jamlik-halsa",
    "framtidens-arbete",
    "trygghet-i-offentliga-rum",
    "digital-inkludering",
]


def _slugs(terms):
    return [t.slug for t in terms]


def _term(**fields):
    defaults = {
        "slug": "provterm",
        "term_sv": "Provterm",
        "term_en": "Sample term",
        "definition_sv": "En definition.",
        "definition_en": "A definition.",
    }
    return GlossaryTerm.objects.create(**{**defaults, **fields})


# --- Swedish collation --------------------------------------------------------------


def test_swedish_sort_key_puts_a_ring_a_umlaut_o_umlaut_after_z():
    words = ["Ål", "Äpple", "Öga", "Zebra", "apa"]
    assert sorted(words, key=swedish_sort_key) == ["apa", "Zebra", "Ål", "Äpple", "Öga"]


def test_swedish_sort_key_ignores_case():
    assert swedish_sort_key("sroi") == swedish_sort_key("SROI")
    assert swedish_sort_key("öga") == swedish_sort_key("Öga")


def test_swedish_sort_key_sorts_e_acute_as_e_and_u_umlaut_as_y():
    assert swedish_sort_key("Élan") == swedish_sort_key("Elan")
    assert swedish_sort_key("Über") == swedish_sort_key("Yber")
    assert sorted(["Ödla", "Élan", "Eld"], key=swedish_sort_key) == [
        "Élan",
        "Eld",
        "Ödla",
    ]


def test_swedish_sort_key_puts_a_shorter_word_before_its_compound():
    # "social innovation" comes before "socialt företag" in every Swedish collation
    # (ICU/CLDR sv as well as glibc sv_SE): the word "social" ends before "socialt".
    words = ["socialt företag", "social innovation", "socialt entreprenörskap"]
    assert sorted(words, key=swedish_sort_key) == [
        "social innovation",
        "socialt entreprenörskap",
        "socialt företag",
    ]


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Ängel", "Ä"),
        ("ängel", "Ä"),
        ("Åtgärd", "Å"),
        ("överenskommelse", "Ö"),
        ("Élan", "E"),
        ("élan", "E"),
        ("Über", "Y"),
        ("3D", "#"),
        ("(IOP)", "#"),
        ("", "#"),
        ("sroi", "S"),
    ],
)
def test_initial_letter_folds_to_the_swedish_alphabet(text, letter):
    assert initial_letter(text) == letter


# --- Glossary search ----------------------------------------------------------------


def test_glossary_search_empty_query_returns_every_term_sorted_the_swedish_way(sv):
    terms = glossary_search()
    assert len(terms) == GlossaryTerm.objects.count()
    assert len(terms) >= 50
    names = [t.term_sv for t in terms]
    assert names == sorted(names, key=swedish_sort_key)
    # The one Ö term in the shipped glossary comes last, after every other letter.
    assert terms[-1].slug == "overenskommelse-mellan-offentlig-och-ideburen-sektor"
    assert terms[0].slug == "agenda-2030"


def test_glossary_search_whitespace_query_is_the_same_as_no_query(sv):
    assert _slugs(glossary_search(query="   ")) == _slugs(glossary_search())


@pytest.mark.parametrize("query", ["sroi", "SROI", "Sroi", "  sroi  "])
def test_glossary_search_is_case_insensitive_and_trims(sv, query):
    assert "sroi" in _slugs(glossary_search(query=query))


def test_glossary_search_matches_swedish_term(sv):
    assert _slugs(glossary_search(query="förändringsteori")) == ["forandringsteori"]


def test_glossary_search_matches_english_term(sv):
    assert _slugs(glossary_search(query="theory of change")) == ["forandringsteori"]


def test_glossary_search_matches_swedish_and_english_definitions(sv):
    _term(
        slug="kvarnhjul",
        term_sv="Kvarnhjul",
        term_en="Mill wheel",
        definition_sv="Ett ord med bokstäverna qwxsvensk i sig.",
        definition_en="A word with the letters qwxenglish in it.",
    )
    assert _slugs(glossary_search(query="qwxsvensk")) == ["kvarnhjul"]
    assert _slugs(glossary_search(query="QWXENGLISH")) == ["kvarnhjul"]
    assert _slugs(glossary_search(query="qwxnothing")) == []


def test_glossary_search_is_case_insensitive_for_swedish_letters(sv):
    # A visitor starting the word with a capital letter, as at the start of a sentence.
    slug = "overenskommelse-mellan-offentlig-och-ideburen-sektor"
    assert slug in _slugs(glossary_search(query="överenskommelse"))
    assert slug in _slugs(glossary_search(query="Överenskommelse"))


def test_glossary_search_results_are_sorted_the_swedish_way(sv):
    terms = glossary_search(query="effekt")
    assert len(terms) >= 2
    names = [t.term_sv for t in terms]
    assert names == sorted(names, key=swedish_sort_key)
    assert "effektmatning" in _slugs(terms)


def test_glossary_search_letter_keeps_terms_starting_with_that_letter(sv):
    terms = glossary_search(letter="S")
    expected = sorted(
        (t for t in GlossaryTerm.objects.all() if t.term_sv[:1].upper() == "S"),
        key=lambda t: swedish_sort_key(t.term_sv),
    )
    assert _slugs(terms) == _slugs(expected)
    assert "sroi" in _slugs(terms)


def test_glossary_search_letter_is_case_insensitive_and_knows_o_umlaut(sv):
    expected = ["overenskommelse-mellan-offentlig-och-ideburen-sektor"]
    assert _slugs(glossary_search(letter="Ö")) == expected
    assert _slugs(glossary_search(letter="ö")) == expected


def test_glossary_search_letter_uses_the_active_language(en):
    # "effektmätning" is "impact measurement" in English: I, not E.
    assert "effektmatning" in _slugs(glossary_search(letter="I"))
    assert "effektmatning" not in _slugs(glossary_search(letter="E"))
    with translation.override("sv"):
        assert "effektmatning" in _slugs(glossary_search(letter="E"))


def test_glossary_search_combines_query_and_letter(sv):
    assert _slugs(glossary_search(query="effekt", letter="E")) == [
        t.slug for t in glossary_search(query="effekt") if t.term_sv[:1] in "eE"
    ]
    assert "effektmatning" in _slugs(glossary_search(query="effekt", letter="E"))
    assert glossary_search(query="effekt", letter="Ö") == []


@pytest.mark.parametrize("query", ["%", "_", "\\", "'; DROP TABLE x; --"])
def test_glossary_search_treats_wildcards_literally(sv, query):
    expected = [
        t.slug
        for t in glossary_search()
        if query in t.term_sv + t.term_en + t.definition_sv + t.definition_en
    ]
    assert _slugs(glossary_search(query=query)) == expected


def test_glossary_search_finds_nothing_for_nonsense(sv):
    assert glossary_search(query="zzzzqqq") == []
    assert glossary_search(letter="%") == []


# --- Glossary letters ---------------------------------------------------------------


def test_glossary_letters_in_swedish_include_a_ring_a_umlaut_o_umlaut(sv):
    terms = [
        GlossaryTerm(term_sv="Åtgärd", term_en="Action"),
        GlossaryTerm(term_sv="Ärende", term_en="Case"),
        GlossaryTerm(term_sv="Öppenhet", term_en="Openness"),
        GlossaryTerm(term_sv="Zon", term_en="Zone"),
        GlossaryTerm(term_sv="Agenda", term_en="Agenda"),
        GlossaryTerm(term_sv="3D-skrivare", term_en="3D printer"),
    ]
    assert glossary_letters(terms) == ["A", "Z", "Å", "Ä", "Ö", "#"]


def test_glossary_letters_in_english_keep_swedish_only_names_reachable(en):
    terms = [
        GlossaryTerm(term_sv="Åtgärd", term_en=""),
        GlossaryTerm(term_sv="Ärende", term_en="Case"),
        GlossaryTerm(term_sv="Öppenhet", term_en="Openness"),
        GlossaryTerm(term_sv="Zon", term_en="Zone"),
    ]
    # "Åtgärd" has no English name, so it is listed under Å on the English page.
    assert glossary_letters(terms) == ["C", "O", "Z", "Å"]


def test_glossary_letters_of_the_shipped_glossary(sv):
    letters = glossary_letters(glossary_search())
    assert letters == sorted(letters, key=SWEDISH_ALPHABET.index)
    assert letters[-1] == "Ö"
    assert {"A", "S", "E"} <= set(letters)
    with translation.override("en"):
        letters_en = glossary_letters(glossary_search())
    assert not {"Å", "Ä", "Ö"} & set(letters_en)
    # "2030 Agenda" starts with a digit: it is listed under "#", after the letters.
    assert letters_en[-1] == "#"
    assert letters_en[:-1] == sorted(letters_en[:-1])


# --- Themes -------------------------------------------------------------------------


def test_theme_list_returns_the_shipped_themes_in_order_with_questions():
    shipped = json.loads((DATA_DIR / "themes.json").read_text(encoding="utf-8"))
    themes = list(theme_list())
    assert [t.slug for t in themes] == SHIPPED_THEME_SLUGS
    assert [t.sort_order for t in themes] == sorted(t.sort_order for t in themes)
    for theme, row in zip(themes, shipped, strict=True):
        questions = list(theme.questions.all())
        assert 3 <= len(questions) <= 5
        assert [q.text_sv for q in questions] == [q["sv"] for q in row["questions"]]


def test_theme_list_prefetches_questions(django_assert_num_queries):
    with django_assert_num_queries(2):
        counts = [len(t.questions.all()) for t in theme_list()]
    assert len(counts) == 5


def test_theme_list_orders_questions_by_sort_order():
    theme = Theme.objects.get(slug="jamlik-halsa")
    first = theme.questions.order_by("sort_order").first()
    ThemeQuestion.objects.create(theme=theme, text_sv="Allra först?", sort_order=-1)
    questions = list(next(t for t in theme_list() if t.pk == theme.pk).questions.all())
    assert questions[0].text_sv == "Allra först?"
    assert questions[1].pk == first.pk


def test_theme_list_hides_inactive_themes_unless_asked():
    Theme.objects.filter(slug="jamlik-halsa").update(is_active=False)
    assert [t.slug for t in theme_list()] == [
        s for s in SHIPPED_THEME_SLUGS if s != "jamlik-halsa"
    ]
    assert [t.slug for t in theme_list(active_only=False)] == SHIPPED_THEME_SLUGS


# --- Localized names ----------------------------------------------------------------


def test_theme_name_follows_the_active_language():
    theme = Theme.objects.get(slug="jamlik-halsa")
    with translation.override("en"):
        assert theme.name == "Health equity"
        assert str(theme) == "Health equity"
    with translation.override("sv"):
        assert theme.name == "Jämlik hälsa"


def test_theme_name_falls_back_to_swedish_without_english():
    theme = Theme.objects.get(slug="jamlik-halsa")
    theme.name_en = ""
    with translation.override("en"):
        assert theme.name == "Jämlik hälsa"
        assert localized(theme, "name") == "Jämlik hälsa"


def test_localized_with_explicit_language_ignores_the_active_one(sv):
    theme = Theme.objects.get(slug="jamlik-halsa")
    assert localized(theme, "name", "en") == "Health equity"
    assert localized(theme, "description", "en") == theme.description_en
    assert theme.description == theme.description_sv


def test_theme_question_text_follows_the_active_language():
    question = ThemeQuestion(text_sv="Hur?", text_en="How?")
    with translation.override("en"):
        assert str(question) == "How?"
    with translation.override("sv"):
        assert str(question) == "Hur?"
    question.text_en = ""
    with translation.override("en"):
        assert str(question) == "Hur?"
