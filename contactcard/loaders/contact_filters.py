"""The contact list filtered and ordered: one prepared statement per filter *shape*.

A filter is compiled in two parts: its shape (which conditions, in which variant, and how they nest:
conditions ANDed, plus at most one level of OR groups) and its values, bound by generated names (`f0`,
`f1`, …). The shape is hashable, so `@prepared` builds and compiles each shape once; lists and sets bind as
one array each, so a shape does not depend on how many ids or tags are given.

Text search is case- and accent-insensitive: both sides are lower-cased and folded with the same table
(`ACCENTS`; in SQL `contactcard_fold_name`, migration 0008), names by substring, emails by substring of the
normalised address, phones by the digits of the search within the E.164 digits (so "612 34 56" finds
+34612345678). Each of the three is a trigram-indexed expression where the server has pg_trgm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Executable,
    Float,
    String,
    and_,
    any_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
    union,
)
from sqlalchemy import (
    DateTime as SqlDateTime,
)
from sqlalchemy.dialects.postgresql import ARRAY

from contactcard.auth.visibility import WORKSPACE, Visibility, visible_contacts
from contactcard.db.models import Contact, ContactChannel, ContactTag, Deal, DealContact, Tag
from contactcard.db.prepared import id_array, param, prepared_for_values
from contactcard.loaders.contacts import with_channels

ACCENTS = ("áàâäãåçéèêëíìîïñóòôöõúùûüýÿё", "aaaaaaceeeeiiiinooooouuuuyy\u0435")  # Cyrillic yo folds to ie
"""What search folds (lower-cased first): Spanish, Portuguese, French and Russian accents."""
_FOLD = str.maketrans(*ACCENTS)
contacts = Contact.__table__
channels = ContactChannel.__table__


def fold(text: str) -> str:
    """`text` as search compares it: lower-cased, accents folded (the same table as `_folded` in SQL)."""
    return text.lower().translate(_FOLD)


def like_pattern(text: str) -> str:
    """A LIKE pattern finding `text` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _folded(column: Any) -> Any:
    return func.translate(func.lower(column), *ACCENTS)


@dataclass(frozen=True)
class Leaf:
    """One condition of a filter's shape; `variant` says which of its forms (e.g. ids and/or unassigned)."""

    kind: str
    variant: str = ""


@dataclass(frozen=True)
class FilterShape:
    leaves: tuple[Leaf, ...] = ()
    alternatives: tuple[tuple[Leaf, ...], ...] = ()
    """OR groups, one level deep: the contact matches `leaves` and one of the groups (each ANDed)."""

    @property
    def empty(self) -> bool:
        return not self.leaves and not self.alternatives


@dataclass(frozen=True)
class Order:
    field: str = "CREATED_AT"
    descending: bool = True
    key: str | None = None
    """CUSTOM_FIELD: the field's key (checked against the workspace's fields)."""
    numeric: bool = False
    """CUSTOM_FIELD: a NUMBER field, sorted as numbers (else as folded text)."""


ORDER_KEYS: dict[str, Callable[[Any], Any]] = {
    "CREATED_AT": lambda c: c.created_at,
    "UPDATED_AT": lambda c: c.updated_at,
    "LAST_ACTIVITY_AT": lambda c: func.coalesce(c.last_activity_at, func.to_timestamp(0)),
    "NAME": lambda c: _folded(func.concat_ws(" ", c.first_name, c.last_name)),
    "DEAL_COUNT": lambda c: (
        select(func.count())
        .select_from(DealContact.__table__)
        .where(DealContact.workspace_id == c.workspace_id, DealContact.contact_id == c.id)
        .scalar_subquery()
    ),
}
"""Each order's sort expression; the contact's id breaks ties. A contact without activity sorts as 1970."""
ORDER_TYPES: dict[str, type] = {
    "CREATED_AT": datetime, "UPDATED_AT": datetime, "LAST_ACTIVITY_AT": datetime, "NAME": str,
    "DEAL_COUNT": int,
}  # fmt: skip
"""The Python type of each order's sort value (what its cursors hold)."""


NO_NUMBER = -1e300
"""Where a contact without a value of a NUMBER field sorts (keyset positions cannot hold null)."""


def sort_key(order: Order, c: Any) -> Any:
    """The expression `order` sorts by (the id breaks ties); never null."""
    if order.field != "CUSTOM_FIELD":
        return ORDER_KEYS[order.field](c)
    if order.numeric:
        return func.coalesce(_number(c, literal(order.key, String)), NO_NUMBER)
    return func.coalesce(_folded(c.attributes[literal(order.key, String)].astext), "")


def order_type(order: Order) -> type:
    """The Python type of the order's sort values (what its cursors hold)."""
    if order.field == "CUSTOM_FIELD":
        return float if order.numeric else str
    return ORDER_TYPES[order.field]


MAX_ORDERS = 3


@dataclass(frozen=True)
class Sort:
    """A list's order: up to `MAX_ORDERS` keys, each ascending or descending; the contact's id breaks the
    last tie, in the last key's direction."""

    keys: tuple[Order, ...] = (Order(),)

    @property
    def reversed(self) -> Sort:
        """The same order backwards (a page read backwards from a cursor)."""
        return Sort(tuple(replace(k, descending=not k.descending) for k in self.keys))

    @property
    def name(self) -> str:
        """What a cursor of this order says it is (a cursor of another order is refused)."""
        return ",".join(f"{k.field}:{k.key or ''}:{'desc' if k.descending else 'asc'}" for k in self.keys)

    @property
    def types(self) -> tuple[type, ...]:
        """The Python types of a position in this order: each key's, then the id's."""
        return (*(order_type(k) for k in self.keys), int)

    def position(self, row: Any) -> tuple[Any, ...]:
        """Where a row read in this order stands: its sort values, then its id."""
        return (*(getattr(row, f"sort_key_{i}") for i in range(len(self.keys))), row.id)

    @staticmethod
    def bound(position: tuple[Any, ...]) -> dict[str, Any]:
        """A position as the values of a page query's keyset parameters."""
        return {f"after{i}": value for i, value in enumerate(position)}


def _tagged(name: str, *, every: bool = False) -> Any:
    """The workspace's contacts with any (`every`: all) of the tags bound as `name` (folded names), as one
    uncorrelated set: PostgreSQL finds it once and hashes it, rather than counting tags per contact."""
    tags, links = Tag.__table__, ContactTag.__table__
    names = param(name, ARRAY(String))
    query = (
        select(links.c.contact_id)
        .select_from(
            links.join(tags, (tags.c.workspace_id == links.c.workspace_id) & (tags.c.id == links.c.tag_id))
        )
        .where(links.c.workspace_id == WORKSPACE, tags.c.name_key == any_(names))
    )
    if every:
        query = query.group_by(links.c.contact_id).having(
            func.count(func.distinct(tags.c.name_key)) == func.cardinality(names)
        )
    return query


def _channel(c: Any, kind: str, *conditions: Any) -> Any:
    return exists().where(
        channels.c.workspace_id == c.workspace_id,
        channels.c.contact_id == c.id,
        channels.c.kind == kind,
        *conditions,
    )


def _channel_owners(kind: str, condition: Any) -> Any:
    """The workspace's contacts with a channel of `kind` meeting `condition`. Search is a union of such
    uncorrelated sets (names, emails, phones), each found once through its trigram index where migration
    0008 made one, rather than three tests on every contact of the workspace."""
    return select(channels.c.contact_id).where(
        channels.c.workspace_id == WORKSPACE, channels.c.kind == kind, condition
    )


def _leaf(c: Any, leaf: Leaf, name: str) -> Any:  # noqa: PLR0912  (one case per kind)
    """The SQL of one condition on contacts `c`, its values bound as `name` (and `name`b)."""
    kind, variant = leaf.kind, leaf.variant
    text = param(name, String)
    array = param(name, ARRAY(String))
    ids = id_array(name)
    if kind == "search":
        named = select(contacts.c.id).where(
            contacts.c.workspace_id == WORKSPACE,
            func.contactcard_fold_name(contacts.c.first_name, contacts.c.last_name).like(text, escape="\\"),
        )
        found = [named, _channel_owners("EMAIL", func.lower(channels.c.normalized).like(text, escape="\\"))]
        if variant == "digits":
            digits = func.regexp_replace(channels.c.normalized, r"\D", "", "g")
            found.append(_channel_owners("PHONE", digits.like(param(f"{name}b", String))))
        return c.id.in_(union(*found))
    if kind == "created":
        return and_(
            c.created_at >= param(name, SqlDateTime(timezone=True)),
            c.created_at < param(f"{name}b", SqlDateTime(timezone=True)),
        )
    if kind == "activity_before":
        return c.last_activity_at < param(name, SqlDateTime(timezone=True))
    if kind == "activity_after":
        return c.last_activity_at >= param(name, SqlDateTime(timezone=True))
    if kind == "assignee":
        choices = []
        if "ids" in variant:
            choices.append(c.assigned_user_id == any_(ids))
        if "unassigned" in variant:
            choices.append(c.assigned_user_id.is_(None))
        return or_(*choices) if choices else false()
    if kind == "ids":  # not in the API's filter: a job's selection of contacts by id
        return c.id == any_(ids)
    if kind == "groups":
        return c.group_id == any_(ids)
    if kind in {"sources", "close_reasons", "interests"}:
        column = {"sources": c.source, "close_reasons": c.close_reason, "interests": c.interest}[kind]
        return func.cast(column, String) == any_(array)
    if kind == "status":
        return func.cast(c.status, String) == text
    if kind == "location":
        return _folded(c.location).like(text, escape="\\")
    if kind == "tags_any":
        return c.id.in_(_tagged(name))
    if kind == "tags_all":
        return c.id.in_(_tagged(name, every=True))
    if kind == "tags_none":
        return c.id.not_in(_tagged(name))
    if kind == "open_deals":
        deals, links = Deal.__table__, DealContact.__table__
        has = exists().where(
            links.c.workspace_id == c.workspace_id,
            links.c.contact_id == c.id,
            deals.c.workspace_id == links.c.workspace_id,
            deals.c.id == links.c.deal_id,
            deals.c.status == "OPEN",
        )
        return has if variant == "yes" else ~has
    if kind == "messenger":
        conditions = []
        if "platform" in variant:
            conditions.append(channels.c.platform == text)
        if "handle" in variant:
            conditions.append(channels.c.normalized.like(param(f"{name}b", String), escape="\\"))
        return _channel(c, "MESSENGER", *conditions)
    if kind == "field":
        return _field_condition(c, variant, name)
    raise ValueError(f"no condition {kind!r}")


FIELD_OPERATORS = {
    "TEXT": ("EQ", "NE", "IN", "CONTAINS", "IS_EMPTY"),
    "URL": ("EQ", "NE", "IN", "CONTAINS", "IS_EMPTY"),
    "NUMBER": ("EQ", "NE", "IN", "GT", "LT", "BETWEEN", "IS_EMPTY"),
    "DATE": ("EQ", "NE", "GT", "LT", "BETWEEN", "IS_EMPTY"),
    "BOOLEAN": ("EQ", "NE", "IS_EMPTY"),
    "SELECT": ("EQ", "NE", "IN", "IS_EMPTY"),
    "MULTISELECT": ("CONTAINS", "IN", "IS_EMPTY"),
}
"""What each custom field type may be compared with. MULTISELECT: CONTAINS one option, IN any of them."""


def _number(c: Any, key: Any) -> Any:
    """A NUMBER field's value, or null where it holds none (never a cast error)."""
    value = c.attributes[key]
    return case((func.jsonb_typeof(value) == "number", func.cast(value.astext, Float)), else_=None)


def _field_condition(c: Any, variant: str, name: str) -> Any:
    """`variant` is `<type>:<operator>`; the key binds as `name`, the value(s) as `name`b (and `name`c)."""
    type_, operator = variant.split(":")
    key = param(name, String)
    if operator == "IS_EMPTY":
        return ~c.attributes.has_key(key)
    if type_ == "MULTISELECT":
        options = param(f"{name}b", ARRAY(String))
        element = c.attributes[key]
        return element.has_all(options) if operator == "CONTAINS" else element.has_any(options)
    if type_ == "NUMBER":
        value: Any = _number(c, key)
        first, second = param(f"{name}b", Float), param(f"{name}c", Float)
        many = param(f"{name}b", ARRAY(Float))
    else:
        value = c.attributes[key].astext
        first, second = param(f"{name}b", String), param(f"{name}c", String)
        many = param(f"{name}b", ARRAY(String))
    if operator == "CONTAINS":
        return _folded(value).like(first, escape="\\")
    comparisons: dict[str, Any] = {
        "EQ": value == first,
        "NE": or_(value != first, value.is_(None)),
        "IN": value == any_(many),
        "GT": value > first,
        "LT": value < first,
        "BETWEEN": and_(value >= first, value <= second),
    }
    return comparisons[operator]


def leaf_names(shape: FilterShape) -> list[tuple[Leaf, str]]:
    """Each leaf of the shape with the parameter name its values bind to, in a fixed order."""
    leaves = [*shape.leaves, *(leaf for group in shape.alternatives for leaf in group)]
    return [(leaf, f"f{n}") for n, leaf in enumerate(leaves)]


def filter_condition(shape: FilterShape, c: Any) -> ColumnElement[bool]:
    named = iter(leaf_names(shape))
    conditions = [_leaf(c, leaf, name) for leaf, name in (next(named) for _ in shape.leaves)]
    if shape.alternatives:
        groups = [
            and_(*(_leaf(c, leaf, name) for leaf, name in (next(named) for _ in group)))
            for group in shape.alternatives
        ]
        conditions.append(or_(*groups))
    return and_(*conditions) if conditions else literal(True, Boolean())


_SQL_TYPES: dict[type, Any] = {
    datetime: SqlDateTime(timezone=True),
    str: String(),
    int: BigInteger(),
    float: Float(),
}


def _after(columns: list[Any], descending: list[bool], types: tuple[type, ...]) -> Any:
    """Rows after the keyset position bound as `after0`, `after1`, …: one row comparison when every key
    runs the same way (an index can serve it), else the expanded form (k0 beyond, or k0 equal and k1
    beyond, …)."""
    bounds = [param(f"after{i}", _SQL_TYPES[t]) for i, t in enumerate(types)]
    if len(set(descending)) == 1:
        return tuple_(*columns) < tuple_(*bounds) if descending[0] else tuple_(*columns) > tuple_(*bounds)
    choices = []
    for i, (column, bound) in enumerate(zip(columns, bounds, strict=True)):
        beyond = column < bound if descending[i] else column > bound
        choices.append(and_(*(columns[j] == bounds[j] for j in range(i)), beyond))
    return or_(*choices)


@prepared_for_values
def filtered_page_query(visibility: Visibility, shape: FilterShape, sort: Sort, after: bool) -> Executable:
    """A page of the viewer's contacts matching `shape`, in `sort` (each key labelled `sort_key_<i>`):
    `limit` rows after the keyset position (`after0`, … the sort values, then the id) when `after`."""
    keys = [sort_key(order, contacts.c) for order in sort.keys]
    query = with_channels(
        select(contacts).where(visible_contacts(visibility, contacts), filter_condition(shape, contacts.c))
    )
    query = query.add_columns(*(key.label(f"sort_key_{i}") for i, key in enumerate(keys)))
    columns = [*keys, contacts.c.id]
    descending = [*(order.descending for order in sort.keys), sort.keys[-1].descending]
    if after:
        query = query.where(_after(columns, descending, sort.types))
    ordered = [
        column.desc() if down else column.asc() for column, down in zip(columns, descending, strict=True)
    ]
    return query.order_by(*ordered).limit(param("limit"))


@prepared_for_values
def filtered_count_query(visibility: Visibility, shape: FilterShape) -> Executable:
    return (
        select(func.count().label("total"))
        .select_from(contacts)
        .where(visible_contacts(visibility, contacts), filter_condition(shape, contacts.c))
    )
