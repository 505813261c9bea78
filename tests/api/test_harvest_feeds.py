"""Harvest from RSS and Atom feeds (read with feedparser), and the real transport's
limits: a peer too slow or too big fails the run."""

import http.server
import threading
import time

import pytest

from motesplats.api.harvest import source_harvest
from motesplats.api.harvest_fetch import FetchError, UrllibTransport
from motesplats.api.models import HarvestedItem, SourceKind
from motesplats.knowledge.models import ArticlePage
from tests.api.harvest_helpers import FakeFeed, api_source

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Grannens nyheter</title><link>https://granne.example.org/</link>
<description>Nyheter</description>
<item><title>Nytt nätverk i Gävle</title><link>https://granne.example.org/1</link>
<guid>https://granne.example.org/1</guid>
<description>&lt;p&gt;Ett &lt;b&gt;nätverk&lt;/b&gt; startar.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
<pubDate>Mon, 12 Jan 2026 08:00:00 +0100</pubDate></item>
<item><title>{second}</title><link>https://granne.example.org/2</link>
<guid>https://granne.example.org/2</guid><description>Andra nyheten.</description>
<pubDate>Tue, 13 Jan 2026 08:00:00 +0100</pubDate></item>
<item><description>Utan rubrik och länk.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom-grannen</title><id>urn:uuid:feed</id><updated>2026-01-12T08:00:00Z</updated>
<entry><title>Rapport om delningsekonomi</title><id>urn:uuid:entry-1</id>
<link href="https://atom.example.org/rapport"/>
<updated>2026-01-12T08:00:00Z</updated>
<summary>Kort om rapporten.</summary>
<content type="html">&lt;h2&gt;Bakgrund&lt;/h2&gt;&lt;p&gt;Lång text.&lt;/p&gt;</content>
</entry></feed>"""


def _feed_source(name="Grannens flöde"):
    return api_source(
        name=name, kind=SourceKind.FEED, base_url="https://granne.example.org/rss"
    )


def test_an_rss_feed_becomes_news_articles_and_a_second_run_changes_nothing():
    source = _feed_source()
    feed = FakeFeed(RSS.format(second="Andra nyheten").encode())

    run = source_harvest(source=source, transport=feed)

    assert run.error == ""
    assert run.created == 2
    assert run.invalid == 1  # the entry without title or link
    record = HarvestedItem.objects.get(remote_id="https://granne.example.org/1")
    page = ArticlePage.objects.get(pk=record.page_id)
    assert page.live
    assert page.title == "Nytt nätverk i Gävle"
    assert page.article_type == "news"
    assert page.summary == "Ett nätverk startar."
    body = str(page.body)
    assert "<b>nätverk</b>" in body
    assert "script" not in body
    assert record.remote_url == "https://granne.example.org/1"

    again = source_harvest(source=source, transport=feed)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    feed.body = RSS.format(second="Andra nyheten, rättad").encode()
    changed = source_harvest(source=source, transport=feed)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)


def test_an_entry_that_drops_off_a_feed_is_not_unpublished():
    source = _feed_source()
    feed = FakeFeed(RSS.format(second="Andra").encode())
    source_harvest(source=source, transport=feed)
    feed.body = ATOM.encode()  # a feed shows only its latest entries

    run = source_harvest(source=source, transport=feed, full=True)

    assert run.deleted == 0
    assert all(
        r.page.live
        for r in HarvestedItem.objects.filter(source=source, page__isnull=False)
    )


def test_an_atom_feed_with_html_content():
    source = _feed_source("Atom-grannen")

    run = source_harvest(source=source, transport=FakeFeed(ATOM.encode()))

    assert run.created == 1
    page = ArticlePage.objects.get(
        pk=HarvestedItem.objects.get(remote_id="urn:uuid:entry-1").page_id
    )
    assert page.summary == "Kort om rapporten."
    assert "<h3>Bakgrund</h3>" in str(page.body)  # headings fit the local editor


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Not a feed</body></html>", b"\x00\xff garbage"]
)
def test_garbage_instead_of_a_feed_fails_the_run(body):
    source = _feed_source()
    run = source_harvest(source=source, transport=FakeFeed(body))
    assert "Not an RSS or Atom feed" in run.error
    assert not HarvestedItem.objects.filter(source=source).exists()


# --- the real transport, against a local server that misbehaves ---------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
            return
        if self.path == "/big":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 5000)
            return
        self.send_response(500 if self.path == "/error" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def misbehaving_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_transport_gives_up_on_a_slow_trickle(misbehaving_server):
    transport = UrllibTransport(timeout=1, max_bytes=1000)
    with pytest.raises(FetchError, match=r"Too slow|Timed out"):
        transport.get(f"{misbehaving_server}/slow")


def test_the_transport_refuses_a_too_large_answer(misbehaving_server):
    transport = UrllibTransport(timeout=5, max_bytes=1000)
    with pytest.raises(FetchError, match="larger than 1000"):
        transport.get(f"{misbehaving_server}/big")


def test_the_transport_reports_errors_and_404s(misbehaving_server):
    transport = UrllibTransport(timeout=5, max_bytes=1000)
    with pytest.raises(FetchError, match="HTTP 500"):
        transport.get(f"{misbehaving_server}/error")
    assert transport.get(f"{misbehaving_server}/nothing").status == 404
    with pytest.raises(FetchError, match="http"):
        transport.get("file:///etc/passwd")
