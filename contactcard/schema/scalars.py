"""strawberry's DateTime and JSON scalars, with the checks a value needs before it can reach PostgreSQL.

A DateTime must exist in UTC: `0001-01-01T00:00:00+05:00` parses, but its instant lies before year 1, and
binding it (asyncpg converts to UTC) raised OverflowError deep in a mutation. A JSON value's integers must fit
in 64 bits and its numbers be finite: orjson, which writes jsonb, refuses anything larger. Both refusals are
coercion errors at the argument, as for any other ill-typed input.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import strawberry
from strawberry.scalars import JSON

MAX_JSON_INTEGER = 2**63 - 1


def parse_datetime(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError(f"DateTime takes an ISO 8601 string, got {type(value).__name__}")
    try:
        parsed = dt.datetime.fromisoformat(value)  # Python 3.11: ISO 8601's forms, `Z` included
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not an ISO 8601 date and time: {exc}") from None
    if parsed.tzinfo is not None:
        try:
            parsed.astimezone(dt.UTC)
        except OverflowError:
            raise ValueError("the time lies outside years 1 to 9999 in UTC") from None
    return parsed


def parse_json(value: Any) -> Any:
    _check_json(value)
    return value


def _check_json(value: Any) -> None:
    """Raise ValueError for a number that jsonb cannot be written with (iteratively: no recursion limit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, bool) or item is None or isinstance(item, str):
            continue
        if isinstance(item, int):
            if not -MAX_JSON_INTEGER - 1 <= item <= MAX_JSON_INTEGER:
                raise ValueError("JSON integers must fit in 64 bits")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise ValueError("JSON numbers must be finite")
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


DATETIME = strawberry.scalar(
    name="DateTime",
    description="Date with time (isoformat)",
    serialize=lambda value: value.isoformat(),
    parse_value=parse_datetime,
)
JSON_VALUE = strawberry.scalar(
    name="JSON",
    description=(
        "The `JSON` scalar type represents JSON values as specified by [ECMA-404]"
        "(https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf)."
    ),
    specified_by_url="https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf",
    serialize=lambda value: value,
    parse_value=parse_json,
)
SCALAR_OVERRIDES: dict[object, Any] = {dt.datetime: DATETIME, JSON: JSON_VALUE}
