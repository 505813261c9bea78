"""What every resource of the API shares: parameters, small schemas, the list
response (JSON or CSV), language and errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.dateparse import parse_datetime

from wagtail.models import Locale

from ninja import Field, Query, Schema
from pydantic import AwareDatetime, BeforeValidator

from motesplats.api.http import request_language, set_last_modified
from motesplats.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    BadCursor,
    Order,
    changed_since,
    paginate,
    paginate_list,
    sync_order,
)
from motesplats.core.spreadsheet import csv_safe

# A CSV download holds at most this many rows (the whole list, not one page).
CSV_MAX_ROWS = 10_000
CSV_LIST_SEPARATOR = "; "


class ApiError(Exception):
    """An answer other than 200, with a message: `{"detail": message}`."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(str(detail))
        self.status = status
        self.detail = detail


# --- schemas ------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where: the parameter or field.")
    msg: str = Field(description="What is wrong with it.")


class ValidationErrorOut(Schema):
    detail: list[FieldError] = Field(description="One message per wrong input.")


class Ref(Schema):
    """A term of the shared vocabulary, in the request's language."""

    id: str = Field(description="Stable identifier (the term's slug or code).")
    name: str = Field(description="Name in the request's language.")


class FacetValueOut(Schema):
    value: str = Field(description="The value to pass as the filter parameter.")
    label: str = Field(description="Its label in the request's language.")
    count: int = Field(description="Items matching it together with the other filters.")
    selected: bool = Field(description="Whether the request filters on it.")


class FacetOut(Schema):
    key: str = Field(description="The filter parameter, e.g. `theme`.")
    label: str = Field(description="The filter's name in the request's language.")
    values: list[FacetValueOut] = Field(description="Values with their counts.")


def facets_out(facets: Iterable) -> list[dict]:
    return [
        {
            "key": f.key,
            "label": str(f.label),
            "values": [
                {
                    "value": v.value,
                    "label": str(v.label),
                    "count": v.count,
                    "selected": v.selected,
                }
                for v in f.values
            ],
        }
        for f in facets
    ]


# --- parameters -----------------------------------------------------------------------------


def _iso_datetime(value: Any) -> Any:
    """ISO 8601 with a zone only (not a number of seconds, which pydantic would also
    read). `+01:00` typed into a URL arrives as ` 01:00`: it is read as meant."""
    if isinstance(value, datetime):
        return value
    text = str(value).strip().replace(" ", "+")
    parsed = parse_datetime(text) if len(text) <= 40 else None
    if parsed is None:
        raise ValueError(
            "Give a date and time in ISO 8601, e.g. 2026-01-31T12:00:00+01:00"
        )
    if parsed.tzinfo is None:
        raise ValueError("Add a time zone, e.g. +01:00 or Z")
    # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError("Give a date between the years 1 and 9999") from None


Since = Annotated[AwareDatetime, BeforeValidator(_iso_datetime)]
Lang = Literal["sv", "en"]
Format = Literal["json", "csv"]

LANG = Query(
    None,
    description=(
        "Language of the answer: `sv` or `en`. Without it the Accept-Language "
        "header decides; Swedish by default."
    ),
)
CURSOR = Query(
    None,
    description="Opaque cursor from a previous answer's `next`; leave out for page 1.",
    max_length=2000,
)
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–100).")
FORMAT = Query(
    "json",
    description=(
        "`csv` for the whole list (up to 10,000 rows, same filters) as a CSV file "
        "(UTF-8, header row); `json` (default) for one page."
    ),
)
UPDATED_SINCE = Query(
    None,
    description=(
        "ISO 8601 date and time with a zone, e.g. `2026-01-31T12:00:00+01:00`: only "
        "items changed at or after it, oldest change first (incremental sync)."
    ),
)


# --- language and pages ---------------------------------------------------------------------


def language_of(request: HttpRequest, lang: str | None) -> str:
    return request_language(request, lang)


def locale_for(language: str) -> Locale:
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:  # the site has no pages in this language yet
        raise ApiError(404, translation.gettext("No content in this language."))
    return locale


def page_url(request: HttpRequest, page) -> str:
    return page.get_full_url(request) or ""


def ref(obj, key: str = "slug") -> dict | None:
    if obj is None:
        return None
    return {"id": str(getattr(obj, key)), "name": str(obj.name)}


def refs(objects: Iterable, key: str = "slug") -> list[dict]:
    return [ref(obj, key) for obj in objects]


# --- list answers -----------------------------------------------------------------------------


def latest(values: Iterable[datetime | None]) -> datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def list_answer(
    request: HttpRequest,
    response: HttpResponse,
    queryset,
    order: Order,
    *,
    serialize: Callable[[Any], dict],
    language: str,
    cursor: str | None,
    limit: int,
    format: str,
    filename: str,
    columns: list[str],
    changed_field: str | None = None,
    updated_since: datetime | None = None,
    extra: dict | None = None,
    before_serialize: Callable[[list], Any] | None = None,
):
    """One page as `{"items", "next", "count"}` (plus `extra`), or the whole list as
    CSV. With `updated_since` the list is what changed since then, oldest first."""
    if changed_field:
        queryset = changed_since(queryset, changed_field, updated_since)
        if updated_since is not None:
            order = sync_order(changed_field)
    if format == "csv":
        items = list(queryset.order_by(*order.order_by())[:CSV_MAX_ROWS])
        if before_serialize:
            before_serialize(items)
        return csv_response(
            [serialize(item) for item in items], columns, filename, language
        )
    try:
        page = paginate(request, queryset, order, cursor=cursor, limit=limit)
    except BadCursor as exc:
        raise ApiError(422, [{"loc": ["query", "cursor"], "msg": str(exc)}]) from exc
    if before_serialize:
        before_serialize(page.items)
    response["Content-Language"] = language
    if changed_field:
        set_last_modified(
            response, latest(getattr(item, changed_field) for item in page.items)
        )
    return {
        "items": [serialize(item) for item in page.items],
        "next": page.next,
        "count": page.count,
        **(extra or {}),
    }


def sorted_list_answer(
    request: HttpRequest,
    response: HttpResponse,
    items: list,
    *,
    name: str,
    key: Callable[[Any], list],
    serialize: Callable[[Any], dict],
    language: str,
    cursor: str | None,
    limit: int,
    format: str,
    filename: str,
    columns: list[str],
):
    """Like `list_answer` for a list sorted in Python by `key` (unique per item)."""
    if format == "csv":
        return csv_response(
            [serialize(item) for item in items[:CSV_MAX_ROWS]],
            columns,
            filename,
            language,
        )
    try:
        page = paginate_list(
            request, items, name=name, key=key, cursor=cursor, limit=limit
        )
    except BadCursor as exc:
        raise ApiError(422, [{"loc": ["query", "cursor"], "msg": str(exc)}]) from exc
    response["Content-Language"] = language
    return {
        "items": [serialize(item) for item in page.items],
        "next": page.next,
        "count": page.count,
    }


def detail_answer(response: HttpResponse, data: dict, language: str, changed=None):
    response["Content-Language"] = language
    set_last_modified(response, changed)
    return data


# --- CSV ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _cell(value.get("name") or value.get("title") or value.get("id"))
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(_cell(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return csv_safe(value) if isinstance(value, str) else str(value)


def csv_response(
    rows: list[dict], columns: list[str], filename: str, language: str
) -> HttpResponse:
    """Rows as CSV with a header row; nested terms by name, lists joined with `; `."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Content-Language"] = language
    return response


CSV_RESPONSE = {
    200: {
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "description": "With `format=csv`: the whole list as CSV.",
                }
            }
        }
    }
}

LIST_ERRORS = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
DETAIL_ERRORS = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
