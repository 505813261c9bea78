"""Text analysis for search: the same steps for what is indexed and what is asked.

A word becomes index terms in three steps:

1. Lower-cased and split on anything that is not a letter or a digit.
2. Stemmed with the Snowball stemmer of the document's language, so that "barnen",
   "barnens" and "barns" all become "barn".
3. Folded to ASCII (å and ä to a, ö to o, é to e ...), so that a query typed on a
   keyboard without Swedish letters still matches.

Every word is indexed twice: folded stem and folded surface form. The Swedish stemmer
is not always consistent ("bostad" gives "bost", "bostaden" gives "bostad"); matching
either form on both sides covers those gaps.

Compound words ("ungdomsarbetslöshet") are handled when searching: a query term also
matches the index terms that end or begin with it (see `backend._compounds`), because
a Swedish compound is a kind of its last part.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORD_LENGTH = 40

LANGUAGES = {"sv": "swedish", "en": "english"}
NEUTER_ADJECTIVE_ENDINGS = ("alt", "ellt", "iellt", "ivt", "iskt")

STOPWORDS_DIR = Path(__file__).resolve().parent / "stopwords"


def _stopword_file(language: str) -> frozenset[str]:
    lines = (STOPWORDS_DIR / f"{language}.txt").read_text("utf-8").splitlines()
    return frozenset(
        w for line in lines if not line.startswith("#") for w in line.split()
    )


# Words too common to say anything about a document; they are not indexed or searched.
STOPWORDS = {language: _stopword_file(language) for language in LANGUAGES}


def fold(text: str) -> str:
    """ASCII-fold: "Åsa-Nisse Ödeshög" → "asa-nisse odeshog" (lower case as well)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Letters that do not decompose into a base letter and a mark.
    return folded.translate(_EXTRA_FOLDS)


_EXTRA_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ð": "d", "þ": "th"})


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order (duplicates kept)."""
    return [w for w in WORD_RE.findall(text.lower()) if len(w) <= MAX_WORD_LENGTH]


@lru_cache(maxsize=200_000)
def _stem(language: str, word: str) -> str:
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer(LANGUAGES.get(language, "swedish"))


@lru_cache(maxsize=200_000)
def word_terms(language: str, word: str) -> tuple[str, ...]:
    """Index terms of one lower-cased word: its folded stem and its folded form."""
    stem = fold(_stem(language, word))
    surface = fold(word)
    if language == "sv" and len(word) > 5 and word.endswith(NEUTER_ADJECTIVE_ENDINGS):
        # The stemmer keeps the neuter -t of adjectives: "socialt" ≠ "social".
        stem = fold(_stem(language, word[:-1]))
    return (stem,) if stem == surface else (stem, surface)


# The same words typed without å, ä and ö ("pa", "nar") are stopwords too.
_FOLDED_STOPWORDS = {
    language: frozenset(fold(w) for w in stopwords)
    for language, stopwords in STOPWORDS.items()
}


def is_stopword(language: str, word: str) -> bool:
    return fold(word) in _FOLDED_STOPWORDS.get(language, _FOLDED_STOPWORDS["sv"])


def terms(language: str, text: str) -> list[str]:
    """Index terms of a text, in order: what is stored in the index for it."""
    result: list[str] = []
    for word in words(text):
        if not is_stopword(language, word):
            result.extend(word_terms(language, word))
    return result


def query_words(language: str, query: str) -> list[str]:
    """The words of a query that are searched for (no stopwords, no repeats)."""
    seen: dict[str, None] = {}
    for word in words(query):
        if not is_stopword(language, word):
            seen.setdefault(word, None)
    return list(seen)
