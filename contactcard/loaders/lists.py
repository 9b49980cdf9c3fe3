"""Per-parent lists (a contact's calls, a deal's contacts, …): one page of many parents in one statement.

One statement per distinct page arguments serves every parent of a batch (DESIGN.md section 5):

    SELECT k.key, t.* FROM unnest(:parent_ids) AS k(key)
    JOIN LATERAL (SELECT … WHERE parent = k.key [AND (sort, id) < :after] ORDER BY sort DESC, id DESC
                  LIMIT :first + 1) AS t ON true

backed by an index `(workspace_id, <parent>, <sort> DESC, id DESC)`. Every parent gets its own page; the
extra row only says that there is a next page. Not a window function: `row_number() OVER (PARTITION BY …)`
reads every row of a heavy parent and was 27x slower in a probe here. Counts are a separate grouped
statement, run only when `totalCount` is asked.
"""

from __future__ import annotations

import asyncio
import functools
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Executable,
    FromClause,
    String,
    any_,
    column,
    func,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility, visible_contact_ids, visible_contacts
from contactcard.db.base import AnyRow
from contactcard.db.combined import NotCombinable, combined
from contactcard.db.models import Contact
from contactcard.db.prepared import param, prepared
from contactcard.domain.ranges import IntRange, range_of
from contactcard.loaders.base import LoaderEnv

Filters = tuple[tuple[str, tuple[str, ...]], ...]
"""Column name -> allowed values, on the list's own table (e.g. `(("kind", ("COMMENT",)),)`)."""


def filtered_columns(filters: Filters) -> tuple[str, ...]:
    return tuple(column for column, _ in filters)


def filter_values(filters: Filters) -> dict[str, Any]:
    """The `filter_<column>` parameters: each column's allowed values as one array."""
    return {f"filter_{column}": list(allowed) for column, allowed in filters}


@dataclass(frozen=True)
class PageArgs:
    """What distinguishes one page request from another, apart from the parent."""

    limit: int
    after: tuple[Any, ...] | None = None
    filters: Filters = ()

    def shape(self) -> tuple[bool, tuple[str, ...]]:
        """What the statement depends on: whether there is a cursor, which columns are filtered."""
        return self.after is not None, filtered_columns(self.filters)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"limit": self.limit, **filter_values(self.filters)}
        values.update((f"after{n}", value) for n, value in enumerate(self.after or ()))
        return values


@dataclass(frozen=True)
class Lookup:
    """A row each list row refers to (a call's user, a deal's stage), joined into the page's statement.

    Its columns arrive as `<name>__<column>` on the list's rows and `row(...)` gives them back as a row of
    their own (None when the reference is empty): one statement per page instead of one more batch per
    reference, so a card costs one statement per panel.
    """

    name: str
    table: FromClause
    column: str
    """The referring column, on the list's rows (the target's when the list has one)."""
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _row_class: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = tuple(column.key for column in self.table.c)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_row_class", namedtuple(self.name, names))

    def columns(self, alias: FromClause) -> list[ColumnElement[Any]]:
        return [alias.c[name].label(f"{self.name}__{name}") for name in self._names]

    def row(self, row: Any) -> Any:
        """The referenced row, from a list row's `<name>__…` columns, or None (`ListSpec.entries` uses it:
        the schema reads `entry.<name>`)."""
        prefix = f"{self.name}__"
        if getattr(row, f"{prefix}id") is None:
            return None
        return self._row_class._make([getattr(row, prefix + name) for name in self._names])


LISTS: dict[str, ListSpec] = {}
"""Every list by its name (`Loaders.forget` clears a list by it): each `ListSpec` adds its own."""


@dataclass(frozen=True)
class ListSpec:
    """A per-parent list: which table, keyed by which column, in which order, joined to what.

    `sort` names the order's columns, the last one unique (the tie-breaker), all in one direction. With a
    `target`, the table is a link table and each row is the target row joined on `target_id`; `visible`
    adds a condition on the target inside the page (so LIMIT counts only rows the viewer may see).
    """

    name: str
    table: FromClause
    parent: str
    sort: tuple[str, ...]
    descending: bool = True
    target: FromClause | None = None
    target_id: str = "id"
    visible: Callable[[Visibility, FromClause], ColumnElement[bool]] | None = None
    parent_is_contact: bool = True
    """The parents are contacts: only those the viewer may see get rows (deals and tasks filter targets)."""
    lookups: tuple[Lookup, ...] = ()

    def __post_init__(self) -> None:
        if self.name in LISTS:
            raise ValueError(f"two lists are named {self.name!r}")
        LISTS[self.name] = self

    def entries(self, rows: list[Any]) -> list[Any]:
        """The list's rows as the schema reads them: their own columns, and each lookup as one attribute
        (`deal.stage`, a row or None) instead of its `<lookup>__<column>` columns."""
        if not self.lookups or not rows:
            return rows
        row_class: Any = type(rows[0])
        own, make = _entry_shape(row_class, self.lookups)
        return [make([row[i] for i in own] + [lookup.row(row) for lookup in self.lookups]) for row in rows]

    @property
    def cursor_types(self) -> tuple[type | IntRange, ...]:
        """What each sort column holds, as its cursors are checked (an integer column by its range)."""
        return tuple(_cursor_type(self.table.c[name].type) for name in self.sort)


@functools.lru_cache(maxsize=256)
def _entry_shape(row_class: Any, lookups: tuple[Lookup, ...]) -> tuple[list[int], Callable[[list[Any]], Any]]:
    """For rows of `row_class`: the indexes of their own columns, and how to make an entry of them and the
    lookups' rows (one namedtuple class per statement shape)."""
    prefixes = tuple(f"{lookup.name}__" for lookup in lookups)
    own = [i for i, name in enumerate(row_class._fields) if not name.startswith(prefixes)]
    names = [row_class._fields[i] for i in own] + [lookup.name for lookup in lookups]
    entry: Any = namedtuple("Entry", names)  # type: ignore[misc]  # (names known at run time)
    return own, entry._make


def _cursor_type(column_type: Any) -> type | IntRange:
    python_type: type = column_type.python_type
    return range_of(column_type) if python_type is int else python_type


def _source(
    spec: ListSpec, visibility: Visibility, parent: ColumnElement[bool], filtered: tuple[str, ...]
) -> tuple[FromClause, list[ColumnElement[bool]]]:
    """What the list reads (its table, joined to the target) and which rows (`parent` picks the parents)."""
    table = spec.table
    conditions = [table.c.workspace_id == WORKSPACE, parent]
    conditions += [table.c[column] == any_(param(f"filter_{column}", ARRAY(String))) for column in filtered]
    if spec.target is None:
        return table, conditions
    target = spec.target
    joined = table.join(
        target, (target.c.workspace_id == table.c.workspace_id) & (target.c.id == table.c[spec.target_id])
    )
    if spec.visible is not None:
        conditions.append(spec.visible(visibility, target))
    return joined, conditions


def _parents(spec: ListSpec, visibility: Visibility) -> tuple[Any, Any]:
    """The batch's parents as a relation and its key column: the visible contacts among them, or the ids."""
    if spec.parent_is_contact:
        visible = visible_contact_ids(visibility).subquery("k")
        return visible, visible.c.id
    ids = func.unnest(KEYS).table_valued(column("key", BigInteger)).render_derived(name="k")
    return ids, ids.c.key


def _with_lookups(spec: ListSpec, source: Any, rows: FromClause) -> tuple[Any, list[ColumnElement[Any]]]:
    """`source` outer-joined to the rows the list's rows refer to, and those rows' `<name>__…` columns."""
    looked_up: list[ColumnElement[Any]] = []
    for lookup in spec.lookups:
        alias = lookup.table.alias(lookup.name)
        joined_on = (alias.c.workspace_id == rows.c.workspace_id) & (alias.c.id == rows.c[lookup.column])
        source = source.outerjoin(alias, joined_on)
        looked_up += lookup.columns(alias)
    return source, looked_up


@prepared
def page_query(spec: ListSpec, visibility: Visibility, after: bool, filtered: tuple[str, ...]) -> Executable:
    """One page of each parent in `keys`: `limit` rows (after `after0`, `after1`, … when `after`)."""
    keys, key = _parents(spec, visibility)
    table = spec.table
    source, conditions = _source(spec, visibility, table.c[spec.parent] == key, filtered)
    sort_columns = [table.c[name] for name in spec.sort]
    if after:
        position = tuple_(*sort_columns)
        bound = tuple_(*(param(f"after{n}", column.type) for n, column in enumerate(sort_columns)))
        conditions.append(position < bound if spec.descending else position > bound)
    rows = spec.target if spec.target is not None else table
    source, looked_up = _with_lookups(spec, source, rows)
    page = (
        select(*(column.label(f"sort{n}") for n, column in enumerate(sort_columns)))
        .add_columns(rows, *looked_up)
        .select_from(source)
        .where(*conditions)
        .order_by(*(c.desc() if spec.descending else c.asc() for c in sort_columns))
        .limit(param("limit"))
        .lateral("t")
    )
    outer_order = [page.c[f"sort{n}"] for n in range(len(sort_columns))]
    return (
        select(key.label("list_key"), page)
        .select_from(keys.join(page, true()))
        .order_by(key, *(c.desc() if spec.descending else c.asc() for c in outer_order))
    )


@prepared
def count_query(spec: ListSpec, visibility: Visibility, filtered: tuple[str, ...]) -> Executable:
    """How many rows each parent in `keys` has in the list."""
    parent = spec.table.c[spec.parent]
    wanted = parent.in_(visible_contact_ids(visibility)) if spec.parent_is_contact else parent == any_(KEYS)
    source, conditions = _source(spec, visibility, wanted, filtered)
    return (
        select(parent.label("list_key"), func.count().label("total"))
        .select_from(source)
        .where(*conditions)
        .group_by(parent)
    )


A = TypeVar("A")


def _grouped(keys: list[tuple[int, A]]) -> dict[A, list[int]]:
    """The parents of `(parent, what is read)` keys, by what is read: one statement per group."""
    grouped: dict[A, list[int]] = {}
    for parent, read in keys:
        grouped.setdefault(read, []).append(parent)
    return grouped


class ListLoader(DataLoader[tuple[int, PageArgs], list[AnyRow]]):
    """Keys are `(parent id, page args)`; keys with equal page args share one statement."""

    def __init__(self, env: LoaderEnv, spec: ListSpec) -> None:
        super().__init__()
        self.env = env
        self.spec = spec

    async def batch_load_fn(self, keys: list[tuple[int, PageArgs]]) -> list[list[AnyRow]]:
        batches = list(_grouped(keys).items())
        results = await asyncio.gather(
            *(
                self.env.rows(
                    page_query(self.spec, self.env.visibility, *args.shape()), keys=ids, **args.values()
                )
                for args, ids in batches
            )
        )
        pages: dict[tuple[int, PageArgs], list[AnyRow]] = {key: [] for key in keys}
        for (args, _), rows in zip(batches, results, strict=True):
            for row in self.spec.entries(rows):
                pages[(row.list_key, args)].append(row)
        return [pages[key] for key in keys]


class ListCountLoader(DataLoader[tuple[int, Filters], int]):
    """Keys are `(parent id, filters)`: how many rows each parent's list has, across pages."""

    def __init__(self, env: LoaderEnv, spec: ListSpec) -> None:
        super().__init__()
        self.env = env
        self.spec = spec

    async def batch_load_fn(self, keys: list[tuple[int, Filters]]) -> list[int]:
        batches = list(_grouped(keys).items())
        results = await asyncio.gather(
            *(
                self.env.rows(
                    count_query(self.spec, self.env.visibility, filtered_columns(filters)),
                    keys=ids,
                    **filter_values(filters),
                )
                for filters, ids in batches
            )
        )
        totals: dict[tuple[int, Filters], int] = {}
        for (filters, _), rows in zip(batches, results, strict=True):
            for row in rows:
                totals[(row.list_key, filters)] = int(row.total)
        return [totals.get(key, 0) for key in keys]


@prepared
def by_id_query(spec: ListSpec, visibility: Visibility) -> Executable:
    """The records of a contact's list (`spec`) whose ids are in `keys`, with the list's lookups, each once,
    if the viewer sees one of its contacts: what `node(id:)` and a mutation's payload read."""
    if not spec.parent_is_contact:
        raise ValueError(f"{spec.name} is not a list of a contact's records")
    table = spec.table
    rows = spec.target if spec.target is not None else table
    record_id = table.c[spec.target_id] if spec.target is not None else table.c.id
    contacts = Contact.__table__
    seen = (
        select(contacts.c.id)
        .where(visible_contacts(visibility, contacts), contacts.c.id == table.c[spec.parent])
        .exists()
    )
    source, conditions = _source(spec, visibility, seen, ())
    source, looked_up = _with_lookups(spec, source, rows)
    return (
        select(record_id.label("record_key"), rows, *looked_up)
        .select_from(source)
        .where(*conditions, record_id == any_(KEYS))
        .ext(distinct_on(record_id))
        .order_by(record_id)
    )


class RecordByIdLoader(DataLoader[int, AnyRow | None]):
    """A record of a contact's list by id (None when missing or not visible)."""

    def __init__(self, env: LoaderEnv, spec: ListSpec) -> None:
        super().__init__()
        self.env = env
        self.spec = spec

    async def batch_load_fn(self, keys: list[int]) -> list[AnyRow | None]:
        rows = self.spec.entries(await self.env.rows(by_id_query(self.spec, self.env.visibility), keys=keys))
        by_key = {row.record_key: row for row in rows}
        return [by_key.get(key) for key in keys]


FirstPages = tuple[tuple[str, PageArgs], ...]
"""The first pages a card shows: each list's name and page."""


class FirstPagesLoader(DataLoader[tuple[int, FirstPages], None]):
    """Keys are `(contact id, the first pages its card shows)`: keys with equal pages share one statement
    (db/combined.py) that reads every page of every contact of the batch; each page is primed into its list's
    loader, where the panel's own field finds it. Pages that cannot be read together are left to their
    lists' loaders."""

    def __init__(self, env: LoaderEnv, list_of: Callable[[ListSpec], ListLoader]) -> None:
        super().__init__()
        self.env = env
        self.list_of = list_of

    async def batch_load_fn(self, keys: list[tuple[int, FirstPages]]) -> list[None]:
        await asyncio.gather(*(self.read(pages, ids) for pages, ids in _grouped(keys).items()))
        return [None] * len(keys)

    async def read(self, pages: FirstPages, ids: list[int]) -> None:
        env = self.env
        lists = [(LISTS[name], args) for name, args in pages]
        try:
            statement = combined(tuple(page_query(s, env.visibility, *args.shape()) for s, args in lists))
        except NotCombinable:
            return
        values = [{**env.values, "keys": ids, **args.values()} for _, args in lists]
        for (spec, args), rows in zip(lists, await statement.rows(env.reader, values), strict=True):
            by_contact: dict[int, list[AnyRow]] = {contact: [] for contact in ids}
            for row in spec.entries(rows):
                by_contact[row.list_key].append(row)
            loader = self.list_of(spec)
            for contact, page in by_contact.items():
                loader.prime((contact, args), page)
