"""Cursor pages: a walk sees every item exactly once, even when items are added
meanwhile; cursors cannot be forged or reused for another order; updated_since."""

import time
from datetime import timedelta

from django.utils import timezone

import pytest

from motesplats.knowledge.models import ArticlePage, KnowledgePage
from motesplats.nodes.models import NodePage

from .helpers import walk

pytestmark = pytest.mark.django_db

LIST = "/api/v1/knowledge"


def _live_sv():
    return KnowledgePage.objects.live().public().filter(locale__language_code="sv")


def _add_article(title: str) -> ArticlePage:
    parent = NodePage.objects.filter(locale__language_code="sv").first()
    page = ArticlePage(
        title=title,
        slug=f"api-test-{abs(hash(title)) % 10**8}",
        summary="En sammanfattning.",
        article_type="news",
        body=[],
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("sort", ["newest", "title", "year"])
def test_a_walk_sees_every_item_exactly_once(client, sort):
    items = walk(client, LIST, limit=7, sort=sort)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    expected = {
        str(key) for key in _live_sv().values_list("translation_key", flat=True)
    }
    assert set(ids) == expected


def test_items_added_during_a_walk_do_not_repeat_or_skip_others(client):
    before = {str(k) for k in _live_sv().values_list("translation_key", flat=True)}
    seen = []
    response = client.get(LIST, {"limit": 5, "sort": "title"})
    added = False
    while True:
        data = response.json()
        seen.extend(item["id"] for item in data["items"])
        if not added:
            # One sorts before the cursor, one after it.
            _add_article("AAA först i alfabetet")
            late = _add_article("ÖÖÖ sist i alfabetet")
            added = True
        if not data["next"]:
            break
        response = client.get(data["next"])
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
    assert str(late.translation_key) in seen


def test_cursor_is_signed_and_bound_to_its_order(client):
    data = client.get(LIST, {"limit": 2}).json()
    cursor = data["next"].split("cursor=")[1]
    tampered = client.get(LIST, {"limit": 2, "cursor": cursor[:-3] + "abc"})
    assert tampered.status_code == 422
    other_order = client.get(LIST, {"limit": 2, "sort": "title", "cursor": cursor})
    assert other_order.status_code == 422
    assert other_order.json()["detail"][0]["loc"] == ["query", "cursor"]


@pytest.mark.parametrize(
    ("path", "query"), [(LIST, {}), ("/api/v1/search", {"q": "barn"})]
)
def test_a_list_page_is_the_same_later_until_the_list_changes(
    client, monkeypatch, path, query
):
    """The next cursor carries no clock: the same page asked a minute later has the
    same body and ETag, so conditional requests keep answering 304."""
    query = {**query, "limit": 2}
    first = client.get(path, query)
    assert first.json()["next"]
    later = time.time() + 61
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    again = client.get(path, query)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert client.get(path, query, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_count_is_the_whole_list(client):
    data = client.get(LIST, {"limit": 3}).json()
    assert len(data["items"]) == 3
    assert data["count"] == _live_sv().count()


def test_updated_since_lists_changes_oldest_first(client):
    soon = timezone.now() + timedelta(days=1)
    pages = list(_live_sv().order_by("pk")[:2])
    KnowledgePage.objects.filter(pk=pages[0].pk).update(
        last_published_at=soon + timedelta(hours=2)
    )
    KnowledgePage.objects.filter(pk=pages[1].pk).update(
        last_published_at=soon + timedelta(hours=1)
    )
    since = soon.isoformat()
    data = client.get(LIST, {"updated_since": since}).json()
    assert [item["id"] for item in data["items"]] == [
        str(pages[1].translation_key),
        str(pages[0].translation_key),
    ]
    # `+` typed into a URL arrives as a space; it is read as meant.
    spaced = client.get(f"{LIST}?updated_since={since.replace('+', ' ')}")
    assert spaced.status_code == 200
    assert spaced.json()["count"] == 2


@pytest.mark.parametrize(
    "value", ["2026-01-01T10:00:00", "yesterday", "0.5", "2026-13-01T00:00:00Z"]
)
def test_updated_since_needs_a_date_time_with_a_zone(client, value):
    response = client.get(LIST, {"updated_since": value})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "updated_since"
    assert error["msg"]


@pytest.mark.parametrize(
    ("value", "status"),
    # Offsets PostgreSQL refuses are read in UTC (found by schemathesis); a date that
    # leaves the calendar in UTC is refused with a message.
    [("0141-04-07T18:26:25+17:04", 200), ("0001-01-01T00:30:00+01:00", 422)],
)
def test_updated_since_any_iso_offset_is_an_answer(client, value, status):
    assert client.get(LIST, {"updated_since": value}).status_code == status
