"""HTTP done right on the API: ETag and Last-Modified with 304, Cache-Control, CORS for
reads and preflight, gzip, the per-IP rate limit, errors as JSON, languages."""

import gzip
import json

from django.utils.http import http_date, parse_http_date

import pytest

from .helpers import body

pytestmark = pytest.mark.django_db

LIST = "/api/v1/knowledge"


def test_etag_is_strong_and_if_none_match_gives_304(client):
    first = client.get(LIST, {"kind": "film"})
    tag = first["ETag"]
    assert tag.startswith('"')
    assert not tag.startswith("W/")
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get(LIST, {"kind": "film"}, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    other = client.get(LIST, {"kind": "article"}, HTTP_IF_NONE_MATCH=tag)
    assert other.status_code == 200


def test_last_modified_and_if_modified_since(client):
    first = client.get(LIST)
    modified = first["Last-Modified"]
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    earlier = http_date(parse_http_date(modified) - 3600)
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # An ETag that does not match wins over a date that would (RFC 9110 §13.2.2).
    response = client.get(
        LIST, HTTP_IF_MODIFIED_SINCE=modified, HTTP_IF_NONE_MATCH='"other"'
    )
    assert response.status_code == 200


def test_cors_on_reads_and_preflight(client):
    response = client.get(LIST, HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="If-None-Match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    methods = preflight["Access-Control-Allow-Methods"]
    assert "GET" in methods
    assert "POST" not in methods
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_no_cors_for_posts_and_none_on_the_website(client):
    response = client.post(
        "/api/v1/impact/sroi",
        data=json.dumps({}),
        content_type="application/json",
        HTTP_ORIGIN="https://example.org",
    )
    assert "Access-Control-Allow-Origin" not in response
    page = client.get("/sv/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page
    assert page.get("Cache-Control") != "public, max-age=60"


def test_gzip_when_asked(client):
    plain = client.get(LIST)
    packed = client.get(LIST, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    # The compressed body is another representation with its own strong tag; either
    # tag still means "unchanged".
    assert packed["ETag"] != plain["ETag"]
    assert not packed["ETag"].startswith("W/")
    assert (
        client.get(
            LIST, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]
        ).status_code
        == 304
    )
    assert "Content-Encoding" not in plain


def test_rate_limit_per_ip_with_retry_after(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert client.get("/api/v1/goals").status_code == 200
    limited = client.get("/api/v1/goals")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "detail" in limited.json()
    # Another address has its own allowance.
    other = client.get("/api/v1/goals", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_rate_limit_message_in_swedish_and_english(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    client.get("/api/v1/goals")
    swedish = client.get("/api/v1/goals").json()["detail"]
    english = client.get("/api/v1/goals", {"lang": "en"}).json()["detail"]
    assert english.startswith("Too many requests")
    assert swedish  # Swedish once the catalogue has the message


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/no-such-thing", 404),
        ("/api/v1/knowledge/00000000-0000-0000-0000-000000000000", 404),
        ("/api/v1/events/00000000-0000-0000-0000-000000000000", 404),
        ("/api/v1/organisations/00000000-0000-0000-0000-000000000000", 404),
        ("/api/v1/themes/no-such-theme", 404),
        ("/api/v1/goals/99", 422),
        ("/api/v1/knowledge?limit=0", 422),
        ("/api/v1/knowledge?limit=101", 422),
        ("/api/v1/knowledge?lang=de", 422),
    ],
)
def test_errors_are_json_with_detail(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_method_not_allowed_is_json(client):
    response = client.delete(LIST)
    assert response.status_code == 405
    assert response.json()["detail"]


def test_head_answers_without_a_body(client):
    response = client.head(LIST)
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


def test_language_from_parameter_then_header(client):
    swedish = client.get("/api/v1/goals/1")
    assert swedish["Content-Language"] == "sv"
    assert body(swedish)["name"] == "Ingen fattigdom"
    header = client.get("/api/v1/goals/1", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert header["Content-Language"] == "en"
    assert body(header)["name"] == "No Poverty"
    both = client.get("/api/v1/goals/1", {"lang": "sv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert body(both)["name"] == "Ingen fattigdom"
    assert "Accept-Language" in header["Vary"]
