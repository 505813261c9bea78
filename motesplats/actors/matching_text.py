"""Text for matchmaking: light Swedish normalisation and TF-IDF vectors.

Plain Python (no Django). Lowercase, letters only, a small Swedish and English
stop-word list and naive stripping of Swedish inflections, so that "föreningarna"
and "föreningen" meet; then TF-IDF with postings term → (documents, weights).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping

import numpy as np

MAX_SEEKER_TERMS = 40  # the seeker's strongest terms used to find candidates
MAX_DF_SHARE = 0.5  # terms in more than this share of documents find no candidates
SHARED_WORDS_SHOWN = 3


_STOP_WORDS = """
    alla allt att av bara blev bli blir de dem den denna deras dess det detta dig din
    dina ditt du där då efter eller en ett fick från får för genom ha hade har hon hos
    hur här i in inom inte jag kan kunde man med mellan men mer mig min mina mitt mot
    mycket många ni nu när någon något några och om oss på samma sedan sig sin sina
    sitt själv ska skulle som så till under upp ut utan vad var vara varför vi vid
    vilka vilken vill än är även åt över också andra annat hela nya ny vår våra vårt
    er era ert där dit
    a about all also an and any are as at be been but by can do for from has have how
    in into is it its more not of on or our so than that the their them they this
    through to up was we what when which who will with you your
"""
# Words every description of this field uses ("we seek … together"): in common they
# say nothing about two actors, so they are no reason to suggest one to the other.
_GENERIC_WORDS = """
    söker söka sök sökes behöver tillsammans arbetar arbeta jobbar gör göra bland
    både just olika finns fler flera mest bra egen egna annan nytt idag redan kring
    runt inför via genom
    seek seeking seeks looking together work works working new other many both area
    areas well
"""
STOP_WORDS = frozenset(_STOP_WORDS.split() + _GENERIC_WORDS.split())
# Longest first; one suffix is stripped per word, keeping a stem of at least 3 letters.
_SUFFIXES = """arnas ernas ornas heten heter andet arna erna orna ande ende aste ades
het ast are ade ens ets ar er or en et es a e s"""
SUFFIXES = tuple(
    sorted(
        _SUFFIXES.split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, word) pairs of a text: lowercased letters, stop words and 1–2 letter
    words dropped."""
    out = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        out.append((stem(word), word))
    return out


class TextIndex:
    """TF-IDF vectors of one collection, with postings term → (docs, weights)."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        counts: list[Counter] = []
        surface: dict[str, Counter] = defaultdict(Counter)
        df: Counter = Counter()
        for text in texts:
            pairs = tokens(text)
            tf = Counter(s for s, _ in pairs)
            for s, w in pairs:
                surface[s][w] += 1
            counts.append(tf)
            df.update(tf.keys())
        self.idf = {
            term: math.log((self.size + 1) / (n + 1)) + 1.0 for term, n in df.items()
        }
        self.df = df
        # The word shown for a stem: its commonest spelling in this collection.
        self.word = {term: c.most_common(1)[0][0] for term, c in surface.items()}
        self.vectors: list[dict[str, float]] = []
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(
            lambda: ([], [])
        )
        for doc, tf in enumerate(counts):
            vector = self._weigh(tf)
            self.vectors.append(vector)
            for term, weight in vector.items():
                docs, weights = postings[term]
                docs.append(doc)
                weights.append(weight)
        self.postings = {
            term: (np.array(docs, dtype=np.int64), np.array(weights))
            for term, (docs, weights) in postings.items()
        }
        self.common = max(2, int(self.size * MAX_DF_SHARE))

    def _weigh(self, tf: Mapping[str, int]) -> dict[str, float]:
        vector = {
            term: (1.0 + math.log(n)) * self.idf[term]
            for term, n in tf.items()
            if term in self.idf
        }
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {t: w / norm for t, w in vector.items()} if norm else {}

    def query(self, text: str) -> dict[str, float]:
        """The seeker's vector in this collection's IDF, strongest terms only."""
        vector = self._weigh(Counter(s for s, _ in tokens(text)))
        if len(vector) > MAX_SEEKER_TERMS:
            top = heapq.nlargest(MAX_SEEKER_TERMS, vector.items(), key=lambda i: i[1])
            vector = dict(top)
        return vector

    def similarity(self, query: Mapping[str, float], doc: int) -> float:
        vector = self.vectors[doc]
        return sum(w * vector[t] for t, w in query.items() if t in vector)

    def similarities(self, query: Mapping[str, float]) -> np.ndarray:
        """Cosine of the query with every document, term at a time over postings.

        Terms in more than half of the documents are skipped: they say little and
        would touch most postings (their share of a cosine is small by IDF)."""
        scores = np.zeros(self.size)
        for term, weight in query.items():
            if self.df.get(term, 0) > self.common:
                continue
            docs, weights = self.postings[term]
            scores[docs] += weight * weights
        return scores

    def shared_words(self, query: Mapping[str, float], doc: int) -> tuple[str, ...]:
        vector = self.vectors[doc]
        shared = sorted(
            ((query[t] * vector[t], t) for t in query if t in vector), reverse=True
        )
        return tuple(self.word[t] for _, t in shared[:SHARED_WORDS_SHOWN])
