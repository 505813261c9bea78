"""Search quality on the demo site, measured with the judged query set in queries.json
(see README.md in this folder for how it was judged and what the measures mean)."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from motesplats.core.search import search

pytestmark = pytest.mark.django_db

QUERIES = json.loads((Path(__file__).parent / "queries.json").read_text("utf-8"))
PRECISION_AT_5 = 0.8
RECALL_AT_10 = 0.9


def identifier(entry) -> str:
    if entry.kind == "glossary":
        return f"glossary:{urlsplit(entry.url).fragment}"
    return urlsplit(entry.url).path.rstrip("/").rsplit("/", 1)[-1]


def measure(language: str) -> tuple[float, float, list[str]]:
    precisions, recalls, report = [], [], []
    for item in QUERIES[language]:
        relevant = set(item["relevant"])
        found = [identifier(h.entry) for h in search(item["q"], language=language).hits]
        k = min(5, len(relevant))
        precision = len(relevant & set(found[:k])) / k
        recall = len(relevant & set(found[:10])) / len(relevant)
        precisions.append(precision)
        recalls.append(recall)
        if precision < 1 or recall < 1:
            report.append(
                f"{item['q']!r}: P@5 {precision:.2f} R@10 {recall:.2f} "
                f"missing {sorted(relevant - set(found[:10]))} top {found[:k]}"
            )
    return sum(precisions) / len(precisions), sum(recalls) / len(recalls), report


def test_the_query_set_is_large_enough():
    assert len(QUERIES["sv"]) >= 30
    assert len(QUERIES["en"]) >= 10


@pytest.mark.parametrize("language", ["sv", "en"])
def test_precision_and_recall_meet_the_targets(language):
    precision, recall, report = measure(language)
    detail = "\n".join(report)
    assert precision >= PRECISION_AT_5, f"P@5 {precision:.3f}\n{detail}"
    assert recall >= RECALL_AT_10, f"R@10 {recall:.3f}\n{detail}"
