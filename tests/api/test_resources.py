"""The API's resources: the same items as the website for the same filters, nothing
unpublished or private, both languages, and a query count that does not grow with
the page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest

from motesplats.actors.models import Coalition, NeedOffer, Organisation
from motesplats.events.models import EventIndexPage, EventPage
from motesplats.knowledge.models import CollectionPage, KnowledgePage
from motesplats.pages.models import GlossaryPage, NodeIndexPage, ThemeIndexPage

from .helpers import walk

pytestmark = pytest.mark.django_db


def site_url(name: str) -> str:
    with translation.override("sv"):
        return reverse(name)


def ids(items) -> set[str]:
    return {str(item["id"]) for item in items}


# --- the API and the website agree ------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "innovation", "area": "landsbygd"},
        {"theme": "jamlik-halsa", "kind": ["film", "article"]},
        {"goal": "10", "sort": "year"},
    ],
)
def test_knowledge_as_on_the_website(client, params):
    page = client.get("/sv/kunskapsbanken/", params)
    website = {
        str(p.translation_key) for p in page.context["items"].paginator.object_list
    }
    api = ids(walk(client, "/api/v1/knowledge", limit=100, **params))
    assert api == website


def test_knowledge_facets_on_request_as_on_the_website(client):
    params = {"kind": "innovation"}
    website = client.get("/sv/kunskapsbanken/", params).context["facets"]
    expected = {
        f.key: {v.value: v.count for v in f.values} for f in website if f.values
    }
    counted = client.get("/api/v1/knowledge", {**params, "facets": "true"}).json()
    assert {
        f["key"]: {v["value"]: v["count"] for v in f["values"]}
        for f in counted["facets"]
        if f["values"]
    } == expected
    # Counting is the slow part of a large bank: off unless asked for.
    assert client.get("/api/v1/knowledge", params).json()["facets"] == []


@pytest.mark.parametrize(
    "params", [{}, {"when": "past"}, {"when": "past", "kind": "summit"}]
)
def test_events_as_on_the_website(client, params):
    index = EventIndexPage.objects.live().get(locale__language_code="sv")
    page = client.get(index.url, params)
    website = {
        str(e.translation_key) for e in page.context["items"].paginator.object_list
    }
    assert ids(walk(client, "/api/v1/events", limit=100, **params)) == website


@pytest.mark.parametrize(
    ("name", "api", "params"),
    [
        ("actors:organisation_list", "/api/v1/organisations", {}),
        ("actors:organisation_list", "/api/v1/organisations", {"sector": "idburen"}),
        ("actors:coalition_list", "/api/v1/coalitions", {}),
        ("actors:coalition_list", "/api/v1/coalitions", {"kind": "alliance"}),
        ("actors:need_list", "/api/v1/needs-offers", {}),
        ("actors:need_list", "/api/v1/needs-offers", {"kind": "offer"}),
    ],
)
def test_actors_as_on_the_website(client, name, api, params):
    page = client.get(site_url(name), params)
    website = {str(o.uuid) for o in page.context["page_obj"].paginator.object_list}
    assert ids(walk(client, api, limit=100, **params)) == website


def test_vocabulary_as_on_the_website(client):
    themes = ThemeIndexPage.objects.live().get(locale__language_code="sv")
    shown = client.get(themes.url).context["theme_pages"]
    assert ids(walk(client, "/api/v1/themes")) == {p.theme.slug for p in shown}
    nodes = NodeIndexPage.objects.live().get(locale__language_code="sv")
    shown = client.get(nodes.url).context["node_pages"]
    assert ids(walk(client, "/api/v1/nodes")) == {p.node.slug for p in shown}
    glossary = GlossaryPage.objects.live().get(locale__language_code="sv")
    terms = client.get(glossary.url, {"q": "social"}).context["terms"]
    api = walk(client, "/api/v1/glossary", q="social", limit=3)
    assert [t["id"] for t in api] == [t.slug for t in terms]  # same order, A–Ö
    assert client.get("/api/v1/goals").json()["count"] == 17


def test_search_as_on_the_website(client):
    page = client.get(site_url("search"), {"q": "bostad", "theme": "jamlik-halsa"})
    result = page.context["result"]
    api = client.get("/api/v1/search", {"q": "bostad", "theme": "jamlik-halsa"}).json()
    assert api["count"] == result.total
    assert [hit["title"] for hit in api["items"]][:10] == [
        hit.entry.title for hit in result.hits
    ]


def test_collections_and_event_programme(client):
    collections = walk(client, "/api/v1/collections")
    assert len(collections) == (
        CollectionPage.objects.live().filter(locale__language_code="sv").count()
    )
    assert all(
        item["url"].startswith("http") for c in collections for item in c["items"]
    )
    summit = (
        EventPage.objects.live()
        .filter(locale__language_code="sv", sessions__isnull=False)
        .distinct()
        .first()
    )
    detail = client.get(f"/api/v1/events/{summit.translation_key}").json()
    assert detail["sessions"]
    for session in detail["sessions"]:
        for speaker in session["speakers"]:
            assert set(speaker) == {"name", "role", "title"}


def test_details_answer_for_every_list_item(client):
    for url in ["/api/v1/knowledge", "/api/v1/organisations", "/api/v1/needs-offers"]:
        for item in client.get(url, {"limit": 5}).json()["items"]:
            detail = client.get(f"{url}/{item['id']}")
            assert detail.status_code == 200
            assert detail.json()["id"] == item["id"]


# --- languages ----------------------------------------------------------------------------


def test_english_items_and_urls(client):
    data = client.get("/api/v1/knowledge", {"lang": "en", "kind": "resource"}).json()
    assert data["items"]
    assert all(
        "/en/" in item["url"] and item["language"] == "en" for item in data["items"]
    )
    assert "Impact measurement handbook" in {i["title"] for i in data["items"]}
    item = data["items"][0]
    swedish = client.get(f"/api/v1/knowledge/{item['id']}", {"lang": "sv"}).json()
    assert swedish["id"] == item["id"]
    assert "/sv/" in swedish["url"]


# --- nothing that is not public -------------------------------------------------------------


def test_unpublished_and_private_pages_never_appear(client):
    live = KnowledgePage.objects.live().filter(locale__language_code="sv")
    gone, private = list(live.order_by("pk")[:2])
    gone.unpublish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    listed = ids(walk(client, "/api/v1/knowledge", limit=100))
    for page in (gone, private):
        assert str(page.translation_key) not in listed
        assert (
            client.get(f"/api/v1/knowledge/{page.translation_key}").status_code == 404
        )
    search = client.get("/api/v1/search", {"q": gone.title}).json()
    assert gone.title not in {hit["title"] for hit in search["items"]}


def test_a_draft_change_is_not_shown(client):
    page = KnowledgePage.objects.live().filter(locale__language_code="sv").first()
    page = page.specific
    page.title = "Utkast som inte är publicerat"
    page.save_revision()  # saved, not published
    detail = client.get(f"/api/v1/knowledge/{page.translation_key}").json()
    assert detail["title"] != "Utkast som inte är publicerat"


def test_events_unpublished_never_appear(client):
    event = EventPage.objects.live().filter(locale__language_code="sv").first()
    event.unpublish()
    listed = ids(walk(client, "/api/v1/events", when="all", limit=100))
    assert str(event.translation_key) not in listed
    assert client.get(f"/api/v1/events/{event.translation_key}").status_code == 404


def test_only_public_actors(client):
    organisation = Organisation.objects.filter(status="approved").first()
    organisation.status = "proposed"
    organisation.save()
    coalition = Coalition.objects.filter(is_active=True).first()
    coalition.is_active = False
    coalition.save()
    need = NeedOffer.objects.filter(status="open").first()
    need.status = "closed"
    need.save()
    for url, obj in [
        ("/api/v1/organisations", organisation),
        ("/api/v1/coalitions", coalition),
        ("/api/v1/needs-offers", need),
    ]:
        assert str(obj.uuid) not in ids(walk(client, url, limit=100))
        assert client.get(f"{url}/{obj.uuid}").status_code == 404
    # Never people: no author, no members, no e-mail of a person.
    item = client.get("/api/v1/needs-offers").json()["items"][0]
    assert "author" not in item
    org = client.get("/api/v1/organisations").json()["items"][0]
    assert "proposed_by" not in org
    assert "org_number" not in org


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
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
    ],
)
def test_query_count_does_not_grow_with_the_page(client, url):
    separator = "&" if "?" in url else "?"
    client.get(f"{url}{separator}limit=1")
    with CaptureQueriesContext(connection) as few:
        client.get(f"{url}{separator}limit=2")
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{url}{separator}limit=100")
    assert len(response.json()["items"]) > 2 or url.endswith(("collections", "nodes"))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 40
