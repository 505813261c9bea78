"""Sitemaps: an index at /sitemap.xml pointing at one sitemap per language, each entry
paired with its translation by hreflang, the public non-page routes included, nothing
unpublished; robots.txt points at the index."""

from xml.etree import ElementTree as ET

import pytest

from motesplats.actors.models import Organisation
from motesplats.actors.selectors.organisations import organisations_approved

from .feeds_helpers import draft_article, private_article, url

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 -- our own output


def entries(client, language: str) -> dict[str, dict[str, str]]:
    response = client.get(url("sitemap", language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = parse(response.content)
    found = {}
    for node in root.findall("s:url", NS):
        loc = node.find("s:loc", NS).text
        found[loc] = {
            link.get("hreflang"): link.get("href")
            for link in node.findall("xhtml:link", NS)
        }
    return found


def test_index_points_at_both_languages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locs = [n.text for n in parse(response.content).findall("s:sitemap/s:loc", NS)]
    assert [loc.rsplit("/", 2)[-2] for loc in locs] == ["sv", "en"]


def test_hreflang_pairs_are_symmetric(client):
    swedish = entries(client, "sv")
    english = entries(client, "en")
    paired = [loc for loc, alts in swedish.items() if "en" in alts]
    assert len(paired) > 20
    for loc in paired:
        alternates = swedish[loc]
        assert alternates["sv"] == loc
        assert alternates["x-default"] == loc
        assert english[alternates["en"]]["sv"] == loc


def test_every_sitemap_address_is_in_its_language(client):
    for language in ("sv", "en"):
        for loc in entries(client, language):
            assert f"/{language}/" in loc


def test_public_routes_and_approved_organisations_are_listed(client):
    swedish = entries(client, "sv")
    approved = organisations_approved().first()
    assert any(loc.endswith(f"/{approved.slug}/") for loc in swedish)
    hidden = Organisation.objects.exclude(status="approved").first()
    if hidden is not None:
        assert not any(loc.endswith(f"/{hidden.slug}/") for loc in swedish)
    for name in (
        "actors:organisation_list",
        "actors:coalition_list",
        "actors:need_list",
    ):
        assert any(loc.endswith(url(name)) for loc in swedish), name


def test_drafts_and_private_pages_are_not_listed(client):
    draft = draft_article()
    private = private_article()
    body = client.get(url("sitemap")).content.decode()
    assert f"/{draft.slug}/" not in body
    assert f"/{private.slug}/" not in body


def test_robots_txt_points_at_the_sitemap_index(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert any(
        line.startswith("Sitemap: http") and line.endswith("/sitemap.xml")
        for line in text.splitlines()
    )


def test_sitemap_query_count(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(url("sitemap"))
