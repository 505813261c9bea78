"""schema.org JSON-LD: parses as JSON, has the keys each type needs, is escaped so no
page text can end the script element, and never leaks the meeting link."""

import json
import re
from datetime import datetime

import pytest

from motesplats.actors.models import Organisation
from motesplats.events.enums import EventFormat
from motesplats.knowledge.models import ArticlePage, InnovationPage
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    return [json.loads(block) for block in BLOCK.findall(response.content.decode())]


def only(client, path: str) -> dict:
    (data,) = json_ld(client, path)
    assert data["@context"] == "https://schema.org"
    return data


def test_event(client):
    event = make_event(
        title="Träff med biljetter",
        address="Storgatan 1",
        tickets=[{"name_sv": "Ordinarie", "price": "450"}],
    )
    data = only(client, event.url)
    assert data["@type"] == "Event"
    for key in ("name", "startDate", "endDate", "location", "organizer", "url"):
        assert data[key], key
    assert datetime.fromisoformat(data["startDate"]).utcoffset() is not None
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["streetAddress"] == "Storgatan 1"
    assert data["organizer"]["@type"] == "Organization"
    (offer,) = data["offers"]
    assert offer["price"] == "450.00"
    assert offer["priceCurrency"] == "SEK"


def test_hybrid_event_has_a_virtual_location_without_the_meeting_link(client):
    secret = "https://meet.example.org/hemligt-rum-9"
    event = make_event(format=EventFormat.HYBRID, online_url=secret)
    response = client.get(event.url)
    assert secret not in response.content.decode()
    data = only(client, event.url)
    types = sorted(location["@type"] for location in data["location"])
    assert types == ["Place", "VirtualLocation"]
    virtual = next(loc for loc in data["location"] if loc["@type"] == "VirtualLocation")
    assert virtual["url"] == data["url"]
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")


def test_article(client):
    page = ArticlePage.objects.live().filter(locale__language_code="sv").first()
    data = only(client, page.url)
    assert data["@type"] in {"Article", "NewsArticle"}
    for key in ("headline", "datePublished", "author", "publisher", "url"):
        assert data[key], key
    assert len(data["headline"]) <= 110


def test_innovation_case(client):
    page = InnovationPage.objects.live().filter(locale__language_code="en").first()
    data = only(client, page.url)
    assert data["@type"] == "CreativeWork"
    assert data["additionalType"] == "https://schema.org/Project"
    assert data["inLanguage"] == "en"
    assert data["creator"]
    for key in ("name", "description", "url", "datePublished"):
        assert data[key], key


def test_approved_organisation_only(client):
    organisation = Organisation.objects.filter(status="approved").first()
    data = only(client, f"/sv/organisationer/{organisation.slug}/")
    assert data["@type"] == "Organization"
    assert data["name"] == organisation.name
    assert "email" not in json.dumps(data)
    assert data["url"]


def test_other_pages_have_none(client):
    assert json_ld(client, "/sv/") == []


def test_text_cannot_end_the_script_element(client):
    title = "</script><script>alert(1)</script> & <b>"
    event = make_event(title=title)
    html = client.get(event.url).content.decode()
    (raw,) = BLOCK.findall(html)
    assert "<" not in raw
    assert ">" not in raw
    assert "&" not in raw.replace("\\u0026", "")
    assert json.loads(raw)["name"] == title
