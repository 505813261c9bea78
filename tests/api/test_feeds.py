"""RSS 2.0 and Atom 1.0 feeds: they parse as a feed reader parses them (feedparser, no
bozo), hold the elements the formats require, give the website's items for the same
filter, never show drafts or private pages, and are cached until content changes."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import feedparser
import pytest

from motesplats.events.models import EventPage
from motesplats.knowledge.models import KnowledgePage
from tests.events.factories import make_event

from .feeds_helpers import draft_article, private_article, url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCOPES = [
    ("feeds:all_{}", {}),
    ("feeds:node_{}", {"value": "malmo"}),
    ("feeds:theme_{}", {"value": "jamlik-halsa"}),
    *[
        ("feeds:kind_{}", {"value": k})
        for k in ("innovation", "article", "resource", "film", "events")
    ],
]


def get_feed(client, name: str, language: str = "sv", **kwargs):
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200, response.content[:300]
    return response


def check_atom(content: bytes) -> ET.Element:
    """The Atom 1.0 rules (RFC 4287 §4.1) a reader relies on."""
    root = ET.fromstring(content)  # noqa: S314 -- our own output
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None
        assert root.find(f"{ATOM}{name}").text
    links = {
        link.get("rel", "alternate"): link.get("href")
        for link in root.findall(f"{ATOM}link")
    }
    assert links.get("self", "").startswith("http")
    assert links.get("alternate", "").startswith("http")
    feed_author = root.find(f"{ATOM}author/{ATOM}name")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        assert (
            entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
        )
        # An entry needs an author unless the feed has one; ours have both.
        assert (
            entry.find(f"{ATOM}author/{ATOM}name") is not None
            or feed_author is not None
        )
        assert entry.find(f"{ATOM}author/{ATOM}name").text
    return root


def check_rss(content: bytes) -> ET.Element:
    """RSS 2.0: channel title, link and description; each item a title, link and guid."""
    root = ET.fromstring(content)  # noqa: S314 -- our own output
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.find(name).text, name
    for item in channel.findall("item"):
        for name in ("title", "link", "guid", "pubDate", "description"):
            element = item.find(name)
            assert element is not None, name
            assert element.text, name
        assert item.find("guid").get("isPermaLink") == "false"
    return root


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "kwargs"), SCOPES)
def test_atom_feeds_parse_without_errors_and_follow_the_rules(
    client, name, kwargs, language
):
    response = get_feed(client, name.format("atom"), language, **kwargs)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == language
    check_atom(response.content)
    for entry in parsed.entries:
        assert entry.link.startswith("http")
        assert f"/{language}/" in entry.link
        assert entry.published_parsed
        assert entry.updated_parsed
        assert entry.author


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "kwargs"), SCOPES)
def test_rss_feeds_parse_without_errors_and_follow_the_rules(
    client, name, kwargs, language
):
    response = get_feed(client, name.format("rss"), language, **kwargs)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    check_rss(response.content)


def test_entries_carry_summary_dates_node_and_themes(client):
    parsed = feedparser.parse(
        get_feed(client, "feeds:theme_atom", value="jamlik-halsa").content
    )
    assert parsed.entries
    for entry in parsed.entries:
        page = KnowledgePage.objects.filter(
            translation_key=entry.id.split("/")[-2]
        ).first() or (
            EventPage.objects.get(
                translation_key=entry.id.split("/")[-2], locale__language_code="sv"
            )
        )
        assert entry.title == page.title
        assert entry.summary == page.summary
        assert entry.author == page.node.name_sv
        assert "Jämlik hälsa" in [tag.term for tag in entry.tags]


def test_ids_are_stable_when_the_slug_changes(client):
    event = make_event(title="Träff om trygghet")
    before = {
        e.title: e.id
        for e in feedparser.parse(
            get_feed(client, "feeds:kind_atom", value="events").content
        ).entries
    }
    event.slug = "nytt-namn"
    event.save_revision().publish()
    after = feedparser.parse(
        get_feed(client, "feeds:kind_atom", value="events").content
    )
    entry = next(e for e in after.entries if e.title == "Träff om trygghet")
    assert entry.id == before["Träff om trygghet"]
    assert entry.link.endswith("/nytt-namn/")


def test_feed_holds_the_websites_items_for_the_same_filter(client):
    """The node feed's knowledge entries are the knowledge bank's ?node=malmo items."""
    listing = client.get("/sv/kunskapsbanken/?node=malmo")
    website = [page.get_full_url() for page in listing.context["items"].object_list]
    parsed = feedparser.parse(
        get_feed(client, "feeds:node_atom", value="malmo").content
    )
    knowledge = [e.link for e in parsed.entries if ":events/" not in e.id]
    assert knowledge
    shown = min(len(knowledge), len(website))  # the website shows 20 a page
    assert knowledge[:shown] == website[:shown]


def test_drafts_and_private_pages_never_appear(client):
    draft = draft_article()
    private = private_article()
    unpublished = make_event(title="Avpublicerad träff")
    unpublished.unpublish()
    for name, kwargs in SCOPES:
        for fmt in ("atom", "rss"):
            body = get_feed(client, name.format(fmt), **kwargs).content.decode()
            assert draft.title not in body
            assert private.title not in body
            assert "Avpublicerad träff" not in body


def test_a_new_publication_shows_at_once_despite_the_cache(client):
    first = get_feed(client, "feeds:kind_atom", value="events").content
    assert get_feed(client, "feeds:kind_atom", value="events").content == first
    make_event(title="Alldeles ny träff")
    assert (
        b"Alldeles ny tr" in get_feed(client, "feeds:kind_atom", value="events").content
    )


def test_cached_feed_costs_no_database_query(client, django_assert_max_num_queries):
    get_feed(client, "feeds:node_atom", value="malmo")
    with django_assert_max_num_queries(0):
        get_feed(client, "feeds:node_atom", value="malmo")


def test_etag_gives_304(client):
    response = get_feed(client, "feeds:all_atom")
    assert (
        response["Cache-Control"].startswith("public")
        or "public" in response["Cache-Control"]
    )
    again = client.get(url("feeds:all_atom"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert response["Last-Modified"]


@pytest.mark.parametrize(
    "path",
    [
        "feeds:node_atom",
        "feeds:theme_rss",
        "feeds:kind_atom",
        "feeds:node_ics",
        "feeds:theme_ics",
    ],
)
@pytest.mark.parametrize("value", ["finns-inte", "x" * 80, "events-"])
def test_unknown_scopes_are_404(client, path, value):
    assert client.get(url(path, value=value)).status_code == 404


def test_feed_limit_keeps_the_newest(client):
    for n in range(3):
        make_event(title=f"Träff nummer {n}", starts_in=timedelta(days=40 + n))
    parsed = feedparser.parse(
        get_feed(client, "feeds:kind_atom", value="events").content
    )
    assert parsed.entries[0].title == "Träff nummer 2"
    assert len(parsed.entries) <= 30


@pytest.mark.parametrize("extra", [0, 6])
def test_query_count_of_an_uncached_feed_is_flat(
    client, django_assert_max_num_queries, extra
):
    for n in range(extra):
        make_event(title=f"Extra träff {n}", node="malmo")
    with django_assert_max_num_queries(40):
        get_feed(client, "feeds:node_atom", value="malmo")


def test_index_page_lists_every_feed_with_copyable_addresses(client):
    for language in ("sv", "en"):
        response = client.get(url("feeds:index", language))
        assert response.status_code == 200
        html = response.content.decode()
        for name, kwargs in SCOPES:
            assert (
                f'value="http://testserver{url(name.format("atom"), language, **kwargs)}"'
                in html
            )
        assert "webcal://testserver" in html
        assert "readonly" in html
