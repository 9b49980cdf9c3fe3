"""Several prepared reads in one statement: each one's rows aggregated as JSON, in a column of its own.

    SELECT (SELECT coalesce(json_agg(json_build_array(p0.a, p0.b::text, …)), '[]')::text FROM (<read 0>) p0),
           (SELECT … FROM (<read 1>) p1), …

A card's panels are one such statement instead of one statement each (issue 13 item 4): PostgreSQL does
the same work inside (bench/probes/one_read.py measured its CPU per card as equal), but the server sends,
receives and decodes one result instead of seven or eight, each of which cost a pooled connection's
checkout, a round trip and asyncpg's decoding of its records (bench/optimisations.md has the figures).

Each read keeps its own text, parameters renumbered after those of the reads before it, so row-level
security and visibility are exactly those of the reads alone. Rows come back as JSON arrays in the reads'
column order and are made into the reads' own rows (`Prepared.to_rows`): numerics and JSON values travel
as text (exact decimals; JSON integers of any size), times as ISO 8601. A read with a column of another
type cannot be combined (`NotCombinable`): its caller reads it alone.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import ARRAY, JSON, Boolean, Date, DateTime, Enum, Float, Integer, Numeric, String
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.db.prepared import Prepared, read

_PARAMETER = re.compile(r"\$(\d+)")
Decoder = Callable[[Any], Any] | None


class NotCombinable(Exception):
    """A read has a column whose JSON form would not give back its value exactly."""


def _decoder(type_: Any) -> tuple[str, Decoder]:
    """How a column travels (a cast in SQL, '' for none) and how its JSON value becomes what asyncpg gives."""
    if isinstance(type_, Float):
        return "", None
    if isinstance(type_, Numeric):
        return "::text", Decimal
    if isinstance(type_, JSON):
        return "::text", json.loads  # the stdlib's: exact for integers of any size, as asyncpg's codec
    if isinstance(type_, DateTime):
        return "", datetime.fromisoformat
    if isinstance(type_, Date):
        return "", date.fromisoformat
    if isinstance(type_, ARRAY) and isinstance(type_.item_type, String | Integer | Boolean):
        return "", None
    if isinstance(type_, String | Integer | Boolean | Enum):
        return "", None
    raise NotCombinable(f"a column of type {type_!r} does not travel exactly as JSON")


class Combined:
    """`parts` read by one statement; `rows(engine, values)` gives each part's rows as the part would."""

    def __init__(self, parts: tuple[Prepared, ...]) -> None:
        self.parts = parts
        self.decoders: list[list[tuple[int, Callable[[Any], Any]]]] = []
        columns, offset = [], 0
        for n, part in enumerate(parts):
            if part.as_records or part.for_values:
                raise NotCombinable("only reads of declared columns, planned once, are combined")
            travelled = [_decoder(type_) for _, type_ in part.columns]
            self.decoders.append([(i, decode) for i, (_, decode) in enumerate(travelled) if decode])
            names = [name for name, _ in part.columns]
            values = ", ".join(
                f'p{n}."{name}"{cast}' for name, (cast, _) in zip(names, travelled, strict=True)
            )
            columns.append(
                f"(SELECT coalesce(json_agg(json_build_array({values})), '[]')::text "  # noqa: S608  (the parts' own texts; values are bound)
                f"FROM ({_renumbered(part.sql, offset)}) AS p{n})"
            )
            offset += len(part.names)
        self.sql = "SELECT " + ", ".join(columns)

    async def rows(self, engine: AsyncEngine, values: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
        """Each part's rows, for its own `values`."""
        (record,) = await read(engine, self.sql, self.args(values))
        return self.decode(record)

    def args(self, values: Sequence[Mapping[str, Any]]) -> list[Any]:
        """The statement's positional arguments: each part's, from its own named `values`."""
        return [arg for part, named in zip(self.parts, values, strict=True) for arg in part.args(named)]

    def decode(self, record: Sequence[str]) -> list[list[Any]]:
        """Each part's rows from the statement's one row (a JSON text per part)."""
        found = []
        for part, decoders, aggregated in zip(self.parts, self.decoders, record, strict=True):
            records = orjson.loads(aggregated)
            for row in records:
                for index, decode in decoders:
                    if row[index] is not None:
                        row[index] = decode(row[index])
            found.append(part.to_rows(records))
        return found


def _renumbered(sql: str, offset: int) -> str:
    """`sql` with its parameters `$1…$n` as `$(1+offset)…$(n+offset)`."""
    return _PARAMETER.sub(lambda found: f"${int(found.group(1)) + offset}", sql)


@functools.lru_cache(maxsize=256)
def combined(parts: tuple[Prepared, ...]) -> Combined:
    """The combined read of `parts` (made once per distinct tuple of prepared reads)."""
    return Combined(parts)
