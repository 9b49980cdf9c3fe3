"""A contact list filter as the API takes it, checked and compiled to a shape and its values
(loaders/contact_filters.py). Refusals are BAD_FILTER errors naming the part, at the list's path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contactcard.db.enums import FieldType
from contactcard.domain.fields import ValueRefused, checked_value
from contactcard.domain.periods import Period, bounds
from contactcard.domain.text import nul_path
from contactcard.loaders.contact_filters import (
    FIELD_OPERATORS,
    MAX_ORDERS,
    FilterShape,
    Leaf,
    Order,
    Sort,
    fold,
    leaf_names,
    like_pattern,
)
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.errors import ApiError
from contactcard.resolvers.ids import pk_of

MAX_CONDITIONS = 12
MAX_TEXT = 200
MAX_VALUES = 250
MIN_PHONE_DIGITS = 3


class BadFilter(ApiError):
    code = "BAD_FILTER"


@dataclass(frozen=True)
class Compiled:
    shape: FilterShape
    values: dict[str, Any]
    order: Sort


def _name(value: Any) -> str:
    """An enum member's name, from the input (a member) or a stored view (its string)."""
    return str(getattr(value, "value", value))


def _instant(part: str, value: Any) -> datetime | None:
    """A moment from the input (a datetime) or a stored view (its ISO string)."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise BadFilter(f"`{part}` takes an ISO date and time") from None


def _text(part: str, value: str) -> str:
    text = value.strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise BadFilter(f"`{part}` takes 1 to {MAX_TEXT} characters")
    return text


def _strings(part: str, values: list[str]) -> list[str]:
    if not 1 <= len(values) <= MAX_VALUES:
        raise BadFilter(f"`{part}` takes 1 to {MAX_VALUES} values")
    return [_text(part, value) for value in values]


def _ids(part: str, global_ids: list[str], type_name: str) -> list[int]:
    if len(global_ids) > MAX_VALUES:
        raise BadFilter(f"`{part}` takes at most {MAX_VALUES} ids")
    found = [pk_of(gid, type_name) for gid in global_ids]
    if any(pk is None for pk in found):
        raise BadFilter(f"`{part}` takes {type_name} ids")
    return [pk for pk in found if pk is not None]


Found = list[tuple[Leaf, list[Any]]]
"""Conditions of one part of a filter: each leaf with the values it binds, in parameter order."""


async def _search(_ctx: RequestContext, value: str) -> Found:
    search = _text("search", value)
    digits = re.sub(r"\D", "", search)
    if len(digits) >= MIN_PHONE_DIGITS:
        return [(Leaf("search", "digits"), [like_pattern(fold(search)), f"%{digits}%"])]
    return [(Leaf("search"), [like_pattern(fold(search))])]


async def _created(ctx: RequestContext, value: dict[str, Any]) -> Found:
    try:
        start, end = bounds(
            Period(_name(value["period"])),
            now=datetime.now(UTC),
            time_zone=ctx.viewer.time_zone,
            start=_instant("created.from", value.get("from_")),
            end=_instant("created.to", value.get("to")),
        )
    except ValueError as refused:  # PeriodRefused, or a stored period the API no longer has
        raise BadFilter(f"`created`: {refused}") from None
    return [(Leaf("created"), [start, end])]


async def _assigned_to(ctx: RequestContext, value: dict[str, Any]) -> Found:
    ids = _ids("assignedTo.userIds", value.get("user_ids") or [], "User")
    if value.get("me"):
        ids.append(ctx.viewer.user_id)
    variant = "+".join(
        part for part, on in (("ids", bool(ids)), ("unassigned", value.get("unassigned"))) if on
    )
    if not variant:
        raise BadFilter("`assignedTo` needs userIds, me or unassigned")
    return [(Leaf("assignee", variant), [ids] if ids else [])]


async def _groups(ctx: RequestContext, value: list[str]) -> Found:
    if not 1 <= len(value) <= MAX_VALUES:
        raise BadFilter(f"`groupIds` takes 1 to {MAX_VALUES} ids")
    return [(Leaf("groups"), [await _subtree(ctx, _ids("groupIds", value, "Group"))])]


def _one_of(kind: str) -> Any:
    async def part(_ctx: RequestContext, value: list[Any]) -> Found:
        return [(Leaf(kind), [_strings(kind, [getattr(v, "value", v) for v in value])])]

    return part


async def _status(_ctx: RequestContext, value: Any) -> Found:
    return [(Leaf("status"), [_name(value)])]


async def _location(_ctx: RequestContext, value: str) -> Found:
    return [(Leaf("location"), [like_pattern(fold(_text("location", value)))])]


async def _tags(_ctx: RequestContext, value: dict[str, Any]) -> Found:
    return [
        (Leaf(f"tags_{mode}"), [[name.lower() for name in _strings(f"tags.{mode}", names)]])
        for mode, names in value.items()
        if names is not None
    ]


async def _open_deals(_ctx: RequestContext, value: bool) -> Found:
    return [(Leaf("open_deals", "yes" if value else "no"), [])]


async def _last_activity(_ctx: RequestContext, value: dict[str, Any]) -> Found:
    return [
        (Leaf(f"activity_{edge}"), [_instant(f"lastActivity.{edge}", value[edge])])
        for edge in ("before", "after")
        if value.get(edge) is not None
    ]


async def _messenger(_ctx: RequestContext, value: dict[str, Any]) -> Found:
    platform, handle = value.get("platform"), value.get("handle")
    variant = "+".join(part for part, given in (("platform", platform), ("handle", handle)) if given)
    if not variant:
        raise BadFilter("`messenger` needs a platform or a handle")
    # The platform binds as the leaf's first value, the handle as its second (`b`), either may be absent.
    values = [_text("messenger.platform", platform).lower() if platform else None]
    if handle:
        values.append(like_pattern(_text("messenger.handle", handle).lstrip("@").lower()))
    return [(Leaf("messenger", variant), values)]


async def _definitions(ctx: RequestContext) -> dict[str, Any]:
    rows = await ctx.loaders.custom_fields_by_workspace.load(ctx.viewer.workspace_id)
    return {row.key: row for row in rows}


def _field_value(part: str, type_: str, options: list[str], value: Any) -> Any:
    """A value to compare a field of `type_` with, as the statement binds it (numbers, else text)."""
    if type_ == "NUMBER":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadFilter(f"`{part}`: a NUMBER field compares with numbers")
        return float(value)
    if type_ == "BOOLEAN":
        if not isinstance(value, bool):
            raise BadFilter(f"`{part}`: a BOOLEAN field compares with true or false")
        return "true" if value else "false"
    # A MULTISELECT compares option by option; a URL with any text (CONTAINS, EQ), as TEXT does.
    as_type = {"MULTISELECT": FieldType.SELECT, "URL": FieldType.TEXT}.get(type_, FieldType(type_))
    try:
        return checked_value(as_type, options, value)
    except ValueRefused as refused:
        raise BadFilter(f"`{part}`: {refused}") from None


async def _fields(ctx: RequestContext, conditions: list[dict[str, Any]]) -> Found:
    definitions = await _definitions(ctx)
    found: Found = []
    for index, condition in enumerate(conditions):
        part = f"fields.{index}"
        definition = definitions.get(condition["key"])
        if definition is None:
            raise BadFilter(f"`{part}.key`: no custom field {condition['key'][:64]!r}")
        type_, operator = definition.type.value, _name(condition["op"])
        if operator not in FIELD_OPERATORS[type_]:
            raise BadFilter(f"`{part}.op`: a {type_} field takes {', '.join(FIELD_OPERATORS[type_])}")
        options = list(definition.options)
        values: list[Any] = [definition.key]
        if operator in {"IN", "BETWEEN"} or (type_ == "MULTISELECT" and operator == "CONTAINS"):
            given = condition.get("values") or ([condition["value"]] if "value" in condition else [])
            wanted = 2 if operator == "BETWEEN" else None
            if not given or len(given) > MAX_VALUES or (wanted and len(given) != wanted):
                raise BadFilter(f"`{part}.values`: {operator} takes {wanted or f'1 to {MAX_VALUES}'} values")
            converted = [_field_value(f"{part}.values", type_, options, v) for v in given]
            values += converted if operator == "BETWEEN" else [converted]
        elif operator != "IS_EMPTY":
            if condition.get("value") is None:
                raise BadFilter(f"`{part}.value`: {operator} takes a value")
            value = condition["value"]
            if operator == "CONTAINS":
                values.append(
                    like_pattern(fold(_text(f"{part}.value", value if isinstance(value, str) else "")))
                )
            else:
                values.append(_field_value(f"{part}.value", type_, options, value))
        found.append((Leaf("field", f"{type_}:{operator}"), values))
    return found


PARTS = {
    "search": _search,
    "created": _created,
    "assigned_to": _assigned_to,
    "group_ids": _groups,
    "sources": _one_of("sources"),
    "status": _status,
    "close_reasons": _one_of("close_reasons"),
    "interests": _one_of("interests"),
    "location": _location,
    "tags": _tags,
    "has_open_deals": _open_deals,
    "last_activity": _last_activity,
    "messenger": _messenger,
    "fields": _fields,
}
"""Every part of a filter (by its Python name) and how it becomes conditions, in a fixed order."""


async def _leaves(ctx: RequestContext, data: dict[str, Any]) -> Found:
    found: Found = []
    for name, part in PARTS.items():
        if data.get(name) is not None:
            found += await part(ctx, data[name])
    return found


async def _subtree(ctx: RequestContext, group_ids: list[int]) -> list[int]:
    """The groups and all their sub-groups."""
    children: dict[int | None, list[int]] = {}
    for row in await resolve_users.groups(ctx):
        children.setdefault(row.parent_id, []).append(row.id)
    found, frontier = set(group_ids), list(group_ids)
    while frontier:
        frontier = [child for parent in frontier for child in children.get(parent, []) if child not in found]
        found.update(frontier)
    return sorted(found)


async def compile_filter(
    ctx: RequestContext, data: dict[str, Any] | None, orders: list[Any] | None
) -> Compiled:
    """The shape, values and order of a list request; BadFilter for anything the list does not take."""
    data = data or {}
    nul = nul_path({"filter": data, "orderBy": orders or []}, "")
    if nul is not None:  # PostgreSQL's text refuses U+0000: a clear error, not a crash
        raise BadFilter(f"`{nul.lstrip('.')}` cannot hold a NUL character")
    top = await _leaves(ctx, data)
    groups = []
    for index, alternative in enumerate(data.get("or_") or []):
        if alternative.get("or_"):
            raise BadFilter(f"`or.{index}`: `or` nests one level deep")
        group = await _leaves(ctx, alternative)
        if not group:
            raise BadFilter(f"`or.{index}` has no condition")
        groups.append(group)
    count = len(top) + sum(len(group) for group in groups)
    if count > MAX_CONDITIONS:
        raise BadFilter(f"a filter has at most {MAX_CONDITIONS} conditions, this one {count}")
    shape = FilterShape(
        tuple(leaf for leaf, _ in top), tuple(tuple(leaf for leaf, _ in group) for group in groups)
    )
    given = [values for _, values in top] + [values for group in groups for _, values in group]
    bound: dict[str, Any] = {}
    for (_, name), values in zip(leaf_names(shape), given, strict=True):
        for suffix, value in zip(("", "b", "c"), values, strict=False):
            bound[name + suffix] = value
    return Compiled(shape, bound, await _order(ctx, orders))


async def _order(ctx: RequestContext, orders: list[Any] | None) -> Sort:
    if not orders:
        return Sort()
    if len(orders) > MAX_ORDERS:
        raise BadFilter(f"`orderBy` takes at most {MAX_ORDERS} orders (the contact's id breaks ties)")
    keys = [await _one_order(ctx, index, order) for index, order in enumerate(orders)]
    for index, key in enumerate(keys):
        if (key.field, key.key) in [(k.field, k.key) for k in keys[:index]]:
            raise BadFilter(f"`orderBy.{index}` orders by what an earlier order does")
    return Sort(tuple(keys))


async def _one_order(ctx: RequestContext, index: int, order: dict[str, Any]) -> Order:
    field, descending = _name(order["field"]), _name(order.get("direction", "DESC")) == "DESC"
    if field != "CUSTOM_FIELD":
        return Order(field, descending)
    definition = (await _definitions(ctx)).get(order.get("key") or "")
    if definition is None:
        raise BadFilter(
            f"`orderBy.{index}.key`: CUSTOM_FIELD orders by the key of one of the workspace's fields"
        )
    return Order(field, descending, key=definition.key, numeric=definition.type.value == "NUMBER")
