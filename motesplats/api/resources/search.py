"""The site search (`motesplats.core.search`), as the website's search page uses it:
every kind of page, best match first, with the page's filters."""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema

from motesplats.api.pagination import BadCursor, next_url, sign_cursor, unsign_cursor
from motesplats.core.search import search
from motesplats.core.search.backend import FACETS

from .common import (
    CSV_RESPONSE,
    CURSOR,
    FORMAT,
    LANG,
    LIMIT,
    LIST_ERRORS,
    ApiError,
    Format,
    Lang,
    csv_response,
    language_of,
)

router = Router(tags=["search"])

# As the search page: queries are cut, facet values are slugs or ignored.
MAX_QUERY_LENGTH = 200
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
CURSOR_SALT = "motesplats.api.search"
# Search ranks a bounded set of best matches; deeper pages are not useful.
MAX_OFFSET = 1000


class HitOut(Schema):
    title: str = Field(description="Title of the page or term.")
    kind: str = Field(
        description="innovation, article, resource, film, collection, event, theme, "
        "glossary, node or page (the `kind` filter)."
    )
    summary: str = Field(description="Its summary (plain text).")
    url: str = Field(description="Where it is on the website.")
    node: str = Field(description="The node's slug, if any.")
    themes: list[str] = Field(description="Theme slugs.")
    date: dt.date | None = Field(description="Its date (published, held or started).")


class SearchOut(Schema):
    items: list[HitOut] = Field(description="One page of matches, best first.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many pages match.")
    suggestion: str = Field(description="A spelling suggestion when nothing matched.")


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        offset = unsign_cursor(cursor, CURSOR_SALT)
    except BadCursor as exc:
        raise ApiError(
            422,
            [{"loc": ["query", "cursor"], "msg": _("This cursor is not valid.")}],
        ) from exc
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise ApiError(
            422, [{"loc": ["query", "cursor"], "msg": _("This cursor is not valid.")}]
        )
    return offset


def hit_out(request: HttpRequest, entry) -> dict:
    return {
        "title": entry.title,
        "kind": entry.kind,
        "summary": entry.summary,
        "url": request.build_absolute_uri(entry.url),
        "node": entry.node,
        "themes": entry.themes.split(),
        "date": entry.date,
    }


@router.get(
    "/search",
    response={200: SearchOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Search the whole site, as its search page does",
)
def search_list(
    request: HttpRequest,
    response: HttpResponse,
    q: str = Query(
        ..., min_length=1, max_length=1000, description="What to search for."
    ),
    lang: Lang | None = LANG,
    kind: str | None = Query(None, max_length=100, description="Only this kind."),
    theme: str | None = Query(None, max_length=100, description="Only this theme."),
    node: str | None = Query(None, max_length=100, description="Only this node."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    query = " ".join(q.split())[:MAX_QUERY_LENGTH]
    values = {"kind": kind, "theme": theme, "node": node}
    filters = {
        key: value if value and SLUG_RE.fullmatch(value.strip()) else ""
        for key, value in values.items()
        if key in FACETS
    }
    if format == "csv":
        result = search(query, language=language, filters=filters, limit=MAX_OFFSET)
        rows = [hit_out(request, hit.entry) for hit in result.hits]
        return csv_response(rows, list(HitOut.model_fields), "search", language)
    offset = _offset(cursor)
    result = search(
        query, language=language, filters=filters, offset=offset, limit=limit
    )
    following = None
    end = offset + len(result.hits)
    if result.hits and end < min(result.total, MAX_OFFSET):
        following = next_url(request, sign_cursor(end, CURSOR_SALT))
    response["Content-Language"] = language
    return {
        "items": [hit_out(request, hit.entry) for hit in result.hits],
        "next": following,
        "count": result.total,
        "suggestion": result.suggestion,
    }
