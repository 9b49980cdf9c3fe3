"""Reads built once per shape and compiled once to asyncpg's SQL: a request only binds values and runs them.

Building a SQLAlchemy statement, finding its compiled form and turning the result into `Row`s took a
quarter of a request's time in a profile of the benchmark (the card: ~16 loader batches). A `Prepared` is
made once per statement shape (a loader, the viewer's kind of visibility, whether a cursor is given, …); it
keeps the SQL text, the order of its parameters, and the conversions SQLAlchemy would apply (text enums to
Python enums), and runs on the pooled connection's asyncpg driver directly: one round trip, no transaction
(a read needs none; the connection's session already names the request's workspace, see engine.py).

Values are bound by name: `bindparam("keys", type_=ARRAY(BigInteger))` in the statement, `{"keys": [...]}`
when it runs. Typed parameters are rendered with a cast (`$2::BIGINT[]`), so the text never depends on
the values and asyncpg's statement cache prepares each text once per connection.
"""

from __future__ import annotations

import asyncio
import functools
from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any, cast

import asyncpg
from sqlalchemy import BigInteger, BindParameter, ClauseElement, Executable, Float, Numeric, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.compiler import SQLCompiler

from contactcard.db.engine import DISCONNECTED, current_counter, planned_for_values, verify_checkout

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]
SHAPES_PER_BUILDER = 256
NUMERIC, FLOAT8 = 1700, 701  # PostgreSQL type OIDs
READ_ATTEMPTS = 3
"""How many connections a read tries when it finds them dead (a read has no effect to repeat)."""


def param(name: str, type_: Any = BigInteger) -> BindParameter[Any]:
    """A named, typed parameter of a prepared statement."""
    return bindparam(name, type_=type_)


def id_array(name: str = "keys") -> BindParameter[Any]:
    return bindparam(name, type_=ARRAY(BigInteger))


class Prepared:
    """One statement, compiled; `rows(engine, values)` runs it with `values` for its named parameters.

    `for_values`: its best plan depends on the values (a filtered list over a workspace), so PostgreSQL plans
    it anew at each execution instead of reusing one generic plan (db/engine.py, `planned_for_values`).
    """

    def __init__(self, statement: Executable, *, for_values: bool = False) -> None:
        self.for_values = for_values
        compiled = cast(SQLCompiler, cast(ClauseElement, statement).compile(dialect=_DIALECT))
        self.sql = str(compiled)
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        # Literals written into the statement (`status == "PURCHASE"`) are parameters with a fixed value.
        self.fixed = {name: value for name, value in compiled.params.items() if value is not None}
        # SQLAlchemy internals, read once here: how each parameter and column is converted.
        binds = compiled._bind_processors
        self.bind_processors: dict[str, Any] = {name: binds[name] for name in self.names if name in binds}
        columns = [(entry[0], entry[3]) for entry in compiled._result_columns or ()]
        self.columns: list[tuple[str, Any]] = columns
        """Each result column's name and SQLAlchemy type."""
        # A textual statement declares no columns: its rows are asyncpg's records, read by name.
        self.as_records = not columns
        self.row_class: Any = namedtuple("Row", [name for name, _ in columns])  # type: ignore[misc]
        self.row_processors = [
            (index, processor)
            for index, (_, type_) in enumerate(columns)
            if (processor := type_._cached_result_processor(_DIALECT, _type_code(type_))) is not None
        ]

    def args(self, values: Mapping[str, Any]) -> list[Any]:
        """The positional arguments for `self.sql`, from named values (extra names are ignored)."""
        args = []
        for name in self.names:
            if name in values:
                value = values[name]
            elif name in self.fixed:
                value = self.fixed[name]
            else:  # a forgotten `limit` must not silently become LIMIT NULL
                raise KeyError(f"no value for the parameter {name!r} of a prepared statement")
            processor = self.bind_processors.get(name)
            args.append(processor(value) if processor is not None else value)
        return args

    def to_rows(self, records: list[Any], *, by_name: bool = False) -> list[Any]:
        """Rows of this statement's shape from asyncpg records (`by_name`: records of another statement, or
        composite values, holding at least these columns)."""
        if self.as_records:
            return records
        make = self.row_class._make
        fields = self.row_class._fields
        rows = []
        for record in records:
            values = [record[name] for name in fields] if by_name else list(record)
            for index, processor in self.row_processors:
                values[index] = processor(values[index])
            rows.append(make(values))
        return rows

    async def rows(self, engine: AsyncEngine, values: Mapping[str, Any]) -> list[Any]:
        return self.to_rows(await read(engine, self.sql, self.args(values), for_values=self.for_values))


async def read(engine: AsyncEngine, sql: str, args: list[Any], *, for_values: bool = False) -> list[Any]:
    """Run one read (counted) on a pooled connection of `engine`, again on another when it finds its
    connection dead: asyncpg's records."""
    counter = current_counter.get()
    if counter is not None:
        counter.count += 1
        if counter.keep_text:
            counter.statements.append((sql, args))
    for attempt in range(READ_ATTEMPTS):
        # After a dead connection (the server restarted, or cut it off), the read runs again on a
        # connection checked at checkout (a dead one there renews the whole pool), instead of failing
        # every request that draws one of the pool's dead connections.
        retrying = verify_checkout.set(True) if attempt else None
        try:
            return await _fetch(engine, sql, args, for_values)
        except DISCONNECTED:
            if attempt == READ_ATTEMPTS - 1:
                raise
        finally:
            if retrying is not None:
                verify_checkout.reset(retrying)
    raise AssertionError("unreachable")


async def _fetch(engine: AsyncEngine, sql: str, args: list[Any], for_values: bool) -> list[Any]:
    async with engine.connect() as conn:
        pooled: Any = await conn.get_raw_connection()
        raw = pooled.driver_connection
        try:
            if for_values:
                await planned_for_values(pooled)
            records: list[Any] = await raw.fetch(sql, *args)
        except DISCONNECTED:
            await asyncio.shield(conn.invalidate())
            raise
        except asyncpg.PostgresError:
            raise  # the statement failed (a timeout, bad input); the connection is as good as before
        except BaseException:
            # Stopped mid-statement (the request's timeout) or cut off: the connection's state is unknown.
            await asyncio.shield(conn.invalidate())
            raise
    return records


async def rows_in(query: Prepared, conn: AsyncConnection, values: Mapping[str, Any]) -> list[Any]:
    """Run `query` on a connection inside its transaction (a mutation's), counted like the others."""
    args = query.args(values)
    counter = current_counter.get()
    if counter is not None:
        counter.count += 1
    pooled: Any = await conn.get_raw_connection()
    if query.for_values:
        await planned_for_values(pooled)
    return query.to_rows(await pooled.driver_connection.fetch(query.sql, *args))


def _type_code(type_: Any) -> int | None:
    """The PostgreSQL type a column of `type_` arrives as, where SQLAlchemy's processor depends on it."""
    if isinstance(type_, Float):
        return FLOAT8
    return NUMERIC if isinstance(type_, Numeric) else None


def prepared(build: Callable[..., Executable]) -> Callable[..., Prepared]:
    """`build(*shape)` becomes a `Prepared`, made once per distinct (hashable) shape, planned once per
    connection (its plan does not depend on the values: seeks by keys)."""
    return _once_per_shape(build, for_values=False)


def prepared_for_values(build: Callable[..., Executable]) -> Callable[..., Prepared]:
    """As `prepared`, for statements planned at each execution for their values (`Prepared.for_values`)."""
    return _once_per_shape(build, for_values=True)


def _once_per_shape(build: Callable[..., Executable], *, for_values: bool) -> Callable[..., Prepared]:
    @functools.lru_cache(maxsize=SHAPES_PER_BUILDER)
    def once(*shape: Any) -> Prepared:
        return Prepared(build(*shape), for_values=for_values)

    return functools.wraps(build)(once)
