"""Cursor pagination for the API's lists.

A cursor is the sort key and id of the last item a client has seen, signed (so a
client can neither forge nor garble one into a database error) and opaque. The next
page is "everything after that key" in a total order that always ends with the
primary key, so a walk through a list sees every item exactly once, even when items
are added or removed meanwhile; an item added behind the cursor is simply not seen
in that walk (offset pagination would instead repeat or skip items).

`updated_since` lists what changed since a moment, oldest change first, for
incremental sync: a client keeps the last change it saw and asks again from there
(ties are included, so keep items by id).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CURSOR_SALT = "motesplats.api.cursor"


class BadCursor(ValueError):
    """A cursor that was not made here, or not for this order."""


@dataclass(frozen=True)
class Order:
    """A total order: `fields` are (attribute, descending); the last one is unique."""

    name: str
    fields: tuple[tuple[str, bool], ...]

    def order_by(self) -> list:
        return [
            F(name).desc(nulls_last=True) if desc else F(name).asc(nulls_last=True)
            for name, desc in self.fields
        ]

    def key_of(self, item: Any) -> list:
        return [_plain(getattr(item, name)) for name, _desc in self.fields]

    def after(self, key: Sequence) -> Q:
        """Items strictly after `key` in this order (nulls come last either way)."""
        condition = Q(pk__in=[])
        equal = Q()
        for (name, desc), value in zip(self.fields, key, strict=True):
            if value is None:
                beyond = Q(pk__in=[])
                same = Q(**{f"{name}__isnull": True})
            else:
                beyond = Q(**{f"{name}__{'lt' if desc else 'gt'}": value}) | Q(
                    **{f"{name}__isnull": True}
                )
                same = Q(**{name: value})
            condition |= equal & beyond
            equal &= same
        return condition


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def sign_cursor(data: Any, salt: str = CURSOR_SALT) -> str:
    """`data` signed, without a timestamp: the same position always gives the same
    cursor, so a list page's body and ETag stay the same until the list changes."""
    return signing.Signer(salt=salt).sign_object(data, compress=True)


def unsign_cursor(cursor: str, salt: str = CURSOR_SALT) -> Any:
    """What `sign_cursor` signed; `BadCursor` for anything else."""
    try:
        return signing.Signer(salt=salt).unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadCursor(_("This cursor is not valid: start again without it.")) from exc


def encode_cursor(order: Order, key: list) -> str:
    return sign_cursor({"o": order.name, "k": key})


def decode_cursor(order: Order, cursor: str) -> list:
    data = unsign_cursor(cursor)
    if (
        not isinstance(data, dict)
        or data.get("o") != order.name
        or not isinstance(data.get("k"), list)
        or len(data["k"]) != len(order.fields)
    ):
        raise BadCursor(
            _("This cursor belongs to another order or list: start again without it.")
        )
    return data["k"]


@dataclass
class CursorPage:
    items: list
    next: str | None
    count: int


def next_url(request: HttpRequest, cursor: str) -> str:
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    order: Order,
    *,
    cursor: str | None,
    limit: int,
) -> CursorPage:
    """One page of `queryset` in `order` after `cursor`; `count` is the whole list's.

    Two queries: the count and the page (plus the queryset's own prefetches).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    count = queryset.count()
    ordered = queryset.order_by(*order.order_by())
    if cursor:
        ordered = ordered.filter(order.after(decode_cursor(order, cursor)))
    rows = list(ordered[: limit + 1])
    items = rows[:limit]
    following = None
    if len(rows) > limit:
        following = next_url(request, encode_cursor(order, order.key_of(items[-1])))
    return CursorPage(items=items, next=following, count=count)


def changed_since(
    queryset: QuerySet, field: str, since: datetime.datetime | None
) -> QuerySet:
    """Items whose last change (`field`) is at or after `since`."""
    if since is None:
        return queryset
    return queryset.filter(**{f"{field}__gte": since})


def sync_order(field: str) -> Order:
    """Oldest change first, for incremental sync."""
    return Order(f"changed:{field}", ((field, False), ("pk", False)))


def paginate_list(
    request: HttpRequest,
    items: list,
    *,
    name: str,
    key: Any,
    cursor: str | None,
    limit: int,
) -> CursorPage:
    """Cursor pages of a list already sorted by `key(item)` (a list of JSON values,
    unique per item), for lists sorted in Python (e.g. Swedish alphabetical order)."""
    order = Order(name, (("key", False), ("id", False)))
    limit = max(1, min(limit, MAX_LIMIT))
    rows = items
    if cursor:
        last = decode_cursor(order, cursor)
        rows = [item for item in items if key(item) > last]
    page = rows[:limit]
    following = None
    if len(rows) > limit:
        following = next_url(request, encode_cursor(order, key(page[-1])))
    return CursorPage(items=page, next=following, count=len(items))
