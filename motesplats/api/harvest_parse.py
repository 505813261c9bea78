"""Reading what a peer sends: API v1 pages and items, RSS and Atom feeds.

Everything from outside is checked here. A page that is not what it should be is a
`FetchError` (the run fails, nothing changes); one bad item is an `InvalidItem` (it is
logged and skipped, the others go on). What comes out is a `RemoteItem`: plain,
validated values in the shape of a local knowledge page.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import html
import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import escape, strip_tags

import feedparser
import nh3
from pydantic import AwareDatetime, BaseModel, ConfigDict, StringConstraints
from pydantic import Field as PydanticField
from pydantic import ValidationError as PydanticError

from motesplats.knowledge.enums import (
    ArticleType,
    EvidenceLevel,
    KnowledgeKind,
    Maturity,
    ResourceType,
)

from .harvest_fetch import FetchError

SUMMARY_MAX = 600
TITLE_MAX = 255
# What a harvested body may keep: the rich-text features of the local editor.
BODY_TAGS = {"p", "h3", "h4", "ul", "ol", "li", "a", "b", "strong", "i", "em", "br"}
BODY_ATTRIBUTES = {"a": {"href"}}
_HEADING = re.compile(r"<(/?)h[12](\s[^>]*)?>", re.IGNORECASE)
_url = URLValidator(schemes=["http", "https"])


class InvalidItem(ValueError):
    """One remote item that cannot be imported; the others go on."""


@dataclass
class RemoteItem:
    """One remote item, checked, in the shape of a local knowledge page."""

    remote_id: str
    kind: str
    title: str
    summary: str
    url: str = ""
    remote_node: str = ""
    updated_at: datetime.datetime | None = None
    themes: list[str] = field(default_factory=list)
    goals: list[int] = field(default_factory=list)
    year: int | None = None
    # The fields of its kind (need, body_html, video_url, ...).
    fields: dict[str, Any] = field(default_factory=dict)

    def content_hash(self) -> str:
        """What the local page is made of; the time of the change is not part of it,
        so a peer that republishes without changes causes no new revision here."""
        data = asdict(self)
        data.pop("updated_at")
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_body(value: str) -> str:
    """Remote HTML as local rich text: only the editor's tags, no scripts or styles."""
    value = _HEADING.sub(lambda m: f"<{m.group(1)}h3>", value or "")
    return nh3.clean(
        value,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    ).strip()


def plain(value: str | None, limit: int | None = None) -> str:
    text = " ".join(html.unescape(strip_tags(value or "")).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def url_or_blank(value: str | None) -> str:
    value = (value or "").strip()
    try:
        _url(value)
    except ValidationError:
        return ""
    return value


# --- API v1 --------------------------------------------------------------------------------

Text = Annotated[str, StringConstraints(max_length=100_000)]
Short = Annotated[str, StringConstraints(max_length=500)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Ref(_Model):
    id: Short
    name: Short = ""


class _ListItem(_Model):
    id: uuid.UUID
    updated_at: AwareDatetime | None = None


class _Org(_Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    sector: _Ref


class _Link(_Model):
    title: Annotated[str, StringConstraints(max_length=200)] = ""
    url: Short = ""


class _Innovation(_Model):
    need: Text = ""
    solution_html: Text = ""
    organisations: list[_Org] = PydanticField(default_factory=list, max_length=50)
    county: _Ref | None = None
    municipality: Annotated[str, StringConstraints(max_length=100)] = ""
    area_types: list[_Ref] = PydanticField(default_factory=list, max_length=10)
    maturity: Literal[tuple(Maturity.values)]  # type: ignore[valid-type]
    evidence_level: Literal[tuple(EvidenceLevel.values)] = EvidenceLevel.NONE  # type: ignore[valid-type]
    evidence_links: list[_Link] = PydanticField(default_factory=list, max_length=50)
    contact_organisation: Annotated[str, StringConstraints(max_length=200)] = ""
    website: Short = ""


class _Article(_Model):
    article_type: Literal[tuple(ArticleType.values)] = ArticleType.NEWS  # type: ignore[valid-type]
    body_html: Text = ""


class _Resource(_Model):
    resource_type: Literal[tuple(ResourceType.values)]  # type: ignore[valid-type]
    chapters: list[Short] = PydanticField(default_factory=list, max_length=200)


class _Film(_Model):
    video_url: Short
    duration_minutes: int = PydanticField(ge=0, le=32767)
    captions_url: Short = ""
    transcript: Text = ""
    research_and_partners: Text = ""


class _Detail(_Model):
    id: uuid.UUID
    kind: Literal[tuple(KnowledgeKind.values)]  # type: ignore[valid-type]
    title: Annotated[str, StringConstraints(min_length=1, max_length=TITLE_MAX)]
    summary: Text = ""
    url: Short = ""
    node: _Ref | None = None
    themes: list[_Ref] = PydanticField(default_factory=list, max_length=50)
    goals: list[int] = PydanticField(default_factory=list, max_length=17)
    year: int | None = PydanticField(None, ge=1000, le=9999)
    updated_at: AwareDatetime | None = None
    innovation: _Innovation | None = None
    article: _Article | None = None
    resource: _Resource | None = None
    film: _Film | None = None


@dataclass(frozen=True)
class ListPage:
    items: list[tuple[str, datetime.datetime | None]]
    next: str | None
    invalid: list[str]


def parse_json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"Not JSON ({what}): {exc}") from exc


def parse_list_page(body: bytes) -> ListPage:
    """`{"items": [...], "next": ...}`: ids and change times; bad entries listed apart."""
    data = parse_json(body, "list")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FetchError("Not a list answer: no `items` list")
    following = data.get("next")
    if following is not None and not isinstance(following, str):
        raise FetchError("Not a list answer: `next` is not a string")
    items, invalid = [], []
    for raw in data["items"]:
        try:
            entry = _ListItem.model_validate(raw)
        except PydanticError as exc:
            invalid.append(f"list entry: {_first_error(exc)}")
            continue
        items.append((str(entry.id), entry.updated_at))
    return ListPage(items, following or None, invalid)


def parse_api_item(body: bytes) -> RemoteItem:
    """One knowledge item from `/api/v1/knowledge/{id}`."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidItem(f"not JSON: {exc}") from exc
    try:
        detail = _Detail.model_validate(data)
    except PydanticError as exc:
        raise InvalidItem(_first_error(exc)) from exc
    specific = getattr(detail, detail.kind)
    if specific is None:
        raise InvalidItem(f"no `{detail.kind}` fields")
    return RemoteItem(
        remote_id=str(detail.id),
        kind=detail.kind,
        title=plain(detail.title, TITLE_MAX),
        summary=plain(detail.summary, SUMMARY_MAX),
        url=url_or_blank(detail.url),
        remote_node=plain(detail.node.name if detail.node else ""),
        updated_at=detail.updated_at,
        themes=sorted({t.id for t in detail.themes}),
        goals=sorted({g for g in detail.goals if 1 <= g <= 17}),
        year=detail.year,
        fields=_kind_fields(detail.kind, specific),
    )


def _kind_fields(kind: str, specific: Any) -> dict[str, Any]:
    if kind == KnowledgeKind.INNOVATION:
        return {
            "need": plain(specific.need),
            "solution": clean_body(specific.solution_html),
            "organisations": [[o.name, o.sector.id] for o in specific.organisations],
            "county": specific.county.id if specific.county else "",
            "municipality": plain(specific.municipality, 100),
            "area_types": sorted({a.id for a in specific.area_types}),
            "maturity": specific.maturity,
            "evidence_level": specific.evidence_level,
            "evidence_links": [
                [plain(link.title, 200), url_or_blank(link.url)]
                for link in specific.evidence_links
                if url_or_blank(link.url)
            ],
            "contact_organisation": plain(specific.contact_organisation, 200),
            "website": url_or_blank(specific.website),
        }
    if kind == KnowledgeKind.ARTICLE:
        return {
            "article_type": specific.article_type,
            "body": clean_body(specific.body_html),
        }
    if kind == KnowledgeKind.RESOURCE:
        return {
            "resource_type": specific.resource_type,
            "table_of_contents": "\n".join(plain(c) for c in specific.chapters),
        }
    video_url = url_or_blank(specific.video_url)
    if not video_url:
        raise InvalidItem("film without a valid video address")
    transcript = (specific.transcript or "").strip()
    captions = url_or_blank(specific.captions_url)
    if not captions and not transcript:
        raise InvalidItem("film without captions or transcript")
    return {
        "video_url": video_url,
        "duration_minutes": specific.duration_minutes,
        "captions_url": captions,
        "transcript": transcript,
        "research_and_partners": (specific.research_and_partners or "").strip(),
    }


def _first_error(exc: PydanticError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}"[:300]


# --- RSS and Atom --------------------------------------------------------------------------


def parse_feed(body: bytes) -> tuple[list[RemoteItem], list[str]]:
    """Entries of an RSS or Atom feed as articles (news); bad entries listed apart."""
    parsed = feedparser.parse(body)
    version = parsed.get("version") or ""
    if not version:
        reason = parsed.get("bozo_exception") or "unknown format"
        raise FetchError(f"Not an RSS or Atom feed: {reason}")
    items, invalid = [], []
    for entry in parsed.entries:
        try:
            items.append(_feed_item(entry))
        except InvalidItem as exc:
            invalid.append(f"feed entry: {exc}")
    return items, invalid


def _feed_item(entry) -> RemoteItem:
    link = url_or_blank(entry.get("link"))
    remote_id = (entry.get("id") or link or "").strip()[:500]
    title = plain(entry.get("title"), TITLE_MAX)
    if not remote_id:
        raise InvalidItem("no id or link")
    if not title:
        raise InvalidItem(f"{remote_id}: no title")
    contents = entry.get("content") or []
    body_html = contents[0].get("value", "") if contents else ""
    summary_html = entry.get("summary") or ""
    body = clean_body(body_html or summary_html)
    # Read the stored keys directly: feedparser's own fallback between them warns.
    when = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
    updated_at = (
        datetime.datetime.fromtimestamp(calendar.timegm(when), tz=datetime.UTC)
        if when
        else None
    )
    return RemoteItem(
        remote_id=remote_id,
        kind=KnowledgeKind.ARTICLE,
        title=title,
        summary=plain(summary_html or body_html, SUMMARY_MAX) or title,
        url=link,
        updated_at=updated_at,
        year=updated_at.year if updated_at else None,
        fields={
            "article_type": ArticleType.NEWS,
            "body": body or f"<p>{escape(title)}</p>",
        },
    )
