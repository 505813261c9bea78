"""CSV: every list answers `format=csv` with the same filters (UTF-8, header row, the
whole list), and the website's knowledge bank and search results link to it."""

import csv
import io

from django.utils.html import escape

import pytest

from .helpers import walk

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/knowledge",
    "/api/v1/collections",
    "/api/v1/themes",
    "/api/v1/goals",
    "/api/v1/glossary",
    "/api/v1/nodes",
    "/api/v1/events?when=all",
    "/api/v1/organisations",
    "/api/v1/coalitions",
    "/api/v1/needs-offers",
    "/api/v1/search?q=bostad",
]


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_csv_with_the_whole_list(client, url):
    separator = "&" if "?" in url else "?"
    table = rows(client.get(f"{url}{separator}format=csv"))
    count = client.get(url).json()["count"]
    assert len(table) == count
    assert table, url  # the demo site has some of everything


def test_csv_has_the_same_items_and_filters_as_json(client):
    params = {"kind": "innovation", "area": "landsbygd"}
    table = rows(client.get("/api/v1/knowledge", {**params, "format": "csv"}))
    items = walk(client, "/api/v1/knowledge", limit=100, **params)
    assert [row["id"] for row in table] == [item["id"] for item in items]
    first = table[0]
    assert first["title"] == items[0]["title"]
    # Terms by name, lists joined with "; ".
    assert first["themes"] == "; ".join(t["name"] for t in items[0]["themes"])


def test_english_csv(client):
    table = rows(client.get("/api/v1/goals", {"lang": "en", "format": "csv"}))
    assert table[0]["name"] == "No Poverty"


def test_knowledge_bank_links_to_csv_with_its_filters(client):
    response = client.get("/sv/kunskapsbanken/", {"kind": "film", "sort": "title"})
    html = response.content.decode()
    link = escape("/api/v1/knowledge?kind=film&sort=title&lang=sv&format=csv")
    assert link in html
    table = rows(client.get("/api/v1/knowledge?kind=film&sort=title&format=csv"))
    assert {row["kind"] for row in table} == {"film"}


def test_search_results_link_to_csv_with_the_query_and_filters(client):
    response = client.get("/sv/sok/", {"q": "bostad", "kind": "resource"})
    html = response.content.decode()
    link = escape("/api/v1/search?q=bostad&kind=resource&lang=sv&format=csv")
    assert link in html
    table = rows(client.get("/api/v1/search?q=bostad&kind=resource&format=csv"))
    assert len(table) == response.context["result"].total
