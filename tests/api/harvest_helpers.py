"""A fake peer for the harvester's tests: a Mötesplats API v1 (list with cursor pages and
`updated_since`, details, 404s) or a feed, in memory, with switches for failures."""

from __future__ import annotations

import datetime
import json
import uuid
from urllib.parse import parse_qs, urlsplit

from motesplats.api.harvest_fetch import FetchError, Response
from motesplats.api.models import PeerSource, SourceKind
from motesplats.nodes.models import Node

BASE = "https://peer.example.org"
T0 = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC)


def article(title: str, minutes: int = 0, **extra) -> dict:
    """A remote article as API v1 shows it in detail."""
    item_id = str(extra.pop("id", uuid.uuid4()))
    return {
        "id": item_id,
        "kind": "article",
        "kind_label": "Artikel",
        "title": title,
        "summary": f"Sammanfattning av {title}.",
        "url": f"{BASE}/sv/artiklar/{item_id}/",
        "language": "sv",
        "node": {"id": "peer-node", "name": "Nod Kiruna"},
        "themes": [],
        "goals": [3],
        "year": 2025,
        "published_at": T0.isoformat(),
        "updated_at": (T0 + datetime.timedelta(minutes=minutes)).isoformat(),
        "innovation": None,
        "article": {"article_type": "news", "body_html": f"<p>{title} i text.</p>"},
        "resource": None,
        "film": None,
        **extra,
    }


def innovation(title: str, minutes: int = 0, sector: str = "") -> dict:
    data = article(title, minutes)
    data["kind"] = "innovation"
    data["article"] = None
    data["innovation"] = {
        "need": "Ensamhet bland äldre.",
        "solution_html": "<p>Träffar <script>alert(1)</script>varje vecka.</p>",
        "organisations": [{"name": "Föreningen", "sector": {"id": sector, "name": ""}}],
        "county": None,
        "municipality": "Kiruna",
        "area_types": [],
        "maturity": "pilot",
        "evidence_level": "none",
        "evidence_links": [],
        "contact_organisation": "Föreningen",
        "website": "https://forening.example.org",
    }
    return data


def film(title: str, minutes: int = 0) -> dict:
    data = article(title, minutes)
    data["kind"] = "film"
    data["article"] = None
    data["film"] = {
        "video_url": "https://video.example.org/1",
        "duration_minutes": 4,
        "captions_url": "",
        "transcript": "Vad som sägs i filmen.",
        "research_and_partners": "",
    }
    return data


class FakePeer:
    """Answers like another Mötesplats would; `log` keeps every address asked for."""

    def __init__(self, *items: dict, page_size: int = 2) -> None:
        self.items = {item["id"]: item for item in items}
        self.page_size = page_size
        self.log: list[str] = []
        self.fail: Exception | None = None
        self.status: int | None = None
        self.body: bytes | None = None
        self.detail_body: dict[str, bytes] = {}

    def add(self, item: dict) -> dict:
        self.items[item["id"]] = item
        return item

    def get(self, url: str, *, accept: str = "") -> Response:
        self.log.append(url)
        if self.fail is not None:
            raise self.fail
        if self.status is not None:
            return Response(self.status, b"")
        if self.body is not None:
            return Response(200, self.body)
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path.rstrip("/")
        if path == "/api/v1/knowledge":
            return Response(200, json.dumps(self._list(query)).encode())
        item_id = path.rsplit("/", 1)[-1]
        if item_id in self.detail_body:
            return Response(200, self.detail_body[item_id])
        if item_id not in self.items:
            return Response(404, b'{"detail": "Not found"}')
        return Response(200, json.dumps(self.items[item_id]).encode())

    def _list(self, query: dict) -> dict:
        items = sorted(self.items.values(), key=lambda i: (i["updated_at"], i["id"]))
        since = query.get("updated_since")
        if since:
            since_at = datetime.datetime.fromisoformat(since)
            items = [
                i
                for i in items
                if datetime.datetime.fromisoformat(i["updated_at"]) >= since_at
            ]
        start = int(query.get("cursor", 0))
        page = items[start : start + self.page_size]
        following = None
        if start + self.page_size < len(items):
            rest = {**query, "cursor": start + self.page_size}
            following = "http://internal-name/api/v1/knowledge?" + "&".join(
                f"{k}={v}" for k, v in rest.items()
            )
        return {
            "items": [
                {k: i[k] for k in ("id", "kind", "title", "updated_at")} for i in page
            ],
            "next": following,
            "count": len(items),
            "facets": [],
        }


class FakeFeed:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.log: list[str] = []

    def get(self, url: str, *, accept: str = "") -> Response:
        self.log.append(url)
        return Response(200, self.body, "application/xml")


def down(message: str = "Could not reach peer: connection refused") -> FetchError:
    return FetchError(message)


def api_source(**fields) -> PeerSource:
    return PeerSource.objects.create(
        name=fields.pop("name", "Mötesplats Norr"),
        kind=fields.pop("kind", SourceKind.MOTESPLATS_API),
        base_url=fields.pop("base_url", BASE),
        node=fields.pop("node", None) or Node.objects.get(slug="malmo"),
        **fields,
    )
