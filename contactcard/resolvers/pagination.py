"""Connection arguments: `first` within bounds, opaque keyset cursors, and one page's rows.

A cursor is base64url of JSON `[kind, scope, *sort values]`: `kind` names the list and `scope` the parent
(e.g. the contact) so that a cursor of one list or contact is refused by another instead of silently
paging elsewhere. Keyset cursors stay stable when rows are inserted before them.

Decoding checks every component against what its column can hold (an id within bigint, a position within
integer, a time that exists in UTC, a text without NUL) before it reaches SQL: anything else is BAD_CURSOR.
"""

from __future__ import annotations

import base64
import binascii
import functools
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import orjson

from contactcard.domain.ranges import BIGINT, IntRange
from contactcard.resolvers.errors import BadCursor, BadPageSize

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

RowT = TypeVar("RowT")
CursorType = type | IntRange
"""What a cursor component holds: a Python type (`int` is a bigint) or an integer column's range."""


def page_size(first: int | None, *, maximum: int = MAX_PAGE_SIZE) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 1 <= first <= maximum:
        raise BadPageSize(f"`first` must be between 1 and {maximum}, got {first}")
    return first


def encode_cursor(kind: str, scope: int | str, *values: Any) -> str:
    payload = orjson.dumps([kind, scope, *values], default=_encode_value)
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, scope: int | str, types: Sequence[CursorType]) -> tuple[Any, ...]:
    """The sort values of a cursor made by `encode_cursor(kind, scope, ...)`; anything else is BadCursor."""
    try:
        if len(cursor) > 500:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        data = orjson.loads(base64.b64decode(padded, altchars=b"-_", validate=True))
        if not isinstance(data, list) or data[:2] != [kind, scope] or len(data) != 2 + len(types):
            raise ValueError
        return tuple(_decode_value(value, type_) for value, type_ in zip(data[2:], types, strict=True))
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError, OverflowError):
        raise BadCursor("`after` is not a cursor of this list") from None


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError


def _decode_value(value: Any, type_: CursorType) -> Any:
    if type_ is int:
        type_ = BIGINT
    if isinstance(type_, IntRange):
        if value not in type_:
            raise ValueError
        return value
    if type_ is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError
        return parsed.astimezone(UTC)  # OverflowError past year 1 or 9999 in UTC
    if not isinstance(value, type_):
        raise TypeError
    if isinstance(value, str) and "\x00" in value:
        raise ValueError  # PostgreSQL's text cannot hold it
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError
    return value


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of a list: its rows, how a row's cursor is made, whether more follow, and (on demand) the
    total. Cursors are made only when asked: most reads want the nodes, or the last cursor alone."""

    rows: Sequence[RowT]
    cursor_of: Callable[[RowT], str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]

    @functools.cached_property
    def cursors(self) -> list[str]:
        return [self.cursor_of(row) for row in self.rows]

    @property
    def start_cursor(self) -> str | None:
        return self.cursor_of(self.rows[0]) if self.rows else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursor_of(self.rows[-1]) if self.rows else None


def page_of(
    rows: Sequence[RowT],
    limit: int,
    *,
    cursor_of: Callable[[RowT], str],
    after_given: bool,
    count: Callable[[], Awaitable[int]],
) -> Page[RowT]:
    """`rows` were fetched with LIMIT limit+1: the extra row only says that there is a next page."""
    return Page(
        rows=rows[:limit],
        cursor_of=cursor_of,
        has_next_page=len(rows) > limit,
        has_previous_page=after_given,
        count=count,
    )
