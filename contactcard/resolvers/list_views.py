"""Saved contact list views (name, filter, order, columns, page size; private or shared) and `contactList`,
which answers a view's page with its columns as typed cells.

A view's filter is checked when it is saved (the same compiler the list uses), and stored in the form that
compiler reads back; a view is changed or deleted by its owner, and a shared one by an admin too. Each user
may pick a default view (their own or a shared one); without one, the list shows the seeds' default columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contactcard.db.base import AnyRow
from contactcard.db.enums import Role
from contactcard.db.models import ListView, ListViewDefault
from contactcard.db.writes import records
from contactcard.domain.columns import (
    BUILT_IN,
    DEFAULT_COLUMNS,
    FIELD_KINDS,
    FIELD_PREFIX,
    MAX_COLUMNS,
    PAGE_SIZES,
    Column,
)
from contactcard.domain.errors import ListViewCode, UserError
from contactcard.domain.jsonvalues import json_ready
from contactcard.loaders import list_views as view_sql
from contactcard.resolvers import checks
from contactcard.resolvers.contact_filter import BadFilter, compile_filter
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import EDIT_OWN_SETTINGS

MAX_NAME = 200


async def columns_of(ctx: RequestContext, keys: list[str]) -> list[Column]:
    """The columns named by `keys`, skipping custom fields deleted since the view was saved."""
    fields = {
        row.key: row for row in await ctx.loaders.custom_fields_by_workspace.load(ctx.viewer.workspace_id)
    }
    found = []
    for key in keys:
        if key in BUILT_IN:
            found.append(BUILT_IN[key])
        elif key.startswith(FIELD_PREFIX) and key[len(FIELD_PREFIX) :] in fields:
            definition = fields[key[len(FIELD_PREFIX) :]]
            found.append(Column(key, definition.label, FIELD_KINDS[definition.type.value]))
    return found


async def column_keys(unit: Unit, keys: list[str], errors: list[UserError]) -> list[str]:
    known = {c.key for c in await columns_of(unit.ctx, keys)}
    if not 1 <= len(keys) <= MAX_COLUMNS:
        errors.append(unit.error("input.columns", "TOO_MANY", f"1 to {MAX_COLUMNS} columns"))
    for index, key in enumerate(keys):
        if key not in known:
            errors.append(unit.error(f"input.columns.{index}", "UNKNOWN_COLUMN", f"no column {key[:70]!r}"))
        elif keys.index(key) != index:
            errors.append(unit.error(f"input.columns.{index}", "DUPLICATE_COLUMN", f"{key} is given twice"))
    return keys


async def _stored_filter(unit: Unit, data: dict[str, Any], errors: list[UserError]) -> dict[str, Any]:
    """The filter and order as the view stores them, checked by the list's own compiler."""
    stored_filter = json_ready(data.get("filter") or {})
    stored_order = json_ready(data.get("order_by") or [])
    try:
        await compile_filter(unit.ctx, stored_filter, stored_order)
    except BadFilter as refused:
        errors.append(unit.error("input.filter", "INVALID_FILTER", refused.message))
    values: dict[str, Any] = {}
    if "filter" in data:
        values["filters"] = stored_filter
    if "order_by" in data:
        values["sort"] = stored_order
    return values


async def _checked(unit: Unit, data: dict[str, Any], errors: list[UserError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = checks.text(unit, errors, "input.name", data["name"], MAX_NAME, required=True)
    if "columns" in data:
        values["columns"] = await column_keys(unit, data["columns"] or [], errors)
    if "page_size" in data:
        if data["page_size"] not in PAGE_SIZES:
            sizes = ", ".join(map(str, PAGE_SIZES))
            errors.append(
                unit.error("input.pageSize", "INVALID_PAGE_SIZE", f"a view shows {sizes} rows a page")
            )
        values["page_size"] = data["page_size"]
    if "shared" in data:
        values["shared"] = bool(data["shared"])
    if "filter" in data or "order_by" in data:
        values.update(await _stored_filter(unit, data, errors))
    return values


@mutation(EDIT_OWN_SETTINGS, ListViewCode)
async def create(unit: Unit, data: dict[str, Any]) -> int:
    errors: list[UserError] = []
    # A view needs a name: an input without one is checked as a missing name, not left to the NOT NULL.
    defaults = {"name": None, "columns": list(DEFAULT_COLUMNS), "page_size": 20}
    values = await _checked(unit, {**defaults, **data}, errors)
    unit.check(errors)
    row = await records.insert_row(
        unit.conn, ListView, unit.workspace_id, {**values, "user_id": unit.viewer.user_id}
    )
    unit.changed("listViews", None, {"name": row.name, "shared": row.shared}, user_id=unit.viewer.user_id)
    return int(row.id)


async def _view(unit: Unit, view_id: str, *, changing: bool) -> Any:
    pk = pk_of(view_id, "ContactListView")
    row = None if pk is None else await records.row_by_id(unit.conn, ListView, unit.workspace_id, pk)
    viewer = unit.viewer
    if row is None or (row.user_id != viewer.user_id and not row.shared):
        unit.refuse("id", "NOT_FOUND", "no such view")
    if changing and row.user_id != viewer.user_id and viewer.role is not Role.ADMIN:
        unit.refuse("id", "NOT_OWNER", "only its owner (or an admin) changes a shared view")
    return row


@mutation(EDIT_OWN_SETTINGS, ListViewCode)
async def update(unit: Unit, view_id: str, data: dict[str, Any]) -> int:
    row = await _view(unit, view_id, changing=True)
    errors: list[UserError] = []
    values = await _checked(unit, data, errors)
    unit.check(errors)
    await records.update_row(unit.conn, ListView, unit.workspace_id, row.id, values)
    unit.changed(
        f"listViews.{row.id}",
        {k: json_ready(getattr(row, k)) for k in values},
        json_ready(values),
        user_id=unit.viewer.user_id,
    )
    return int(row.id)


@mutation(EDIT_OWN_SETTINGS, ListViewCode)
async def delete(unit: Unit, view_id: str) -> int:
    row = await _view(unit, view_id, changing=True)
    await records.delete_row(unit.conn, ListView, unit.workspace_id, row.id)
    unit.changed("listViews", {"name": row.name}, None, user_id=unit.viewer.user_id)
    return int(row.id)


@mutation(EDIT_OWN_SETTINGS, ListViewCode)
async def set_default(unit: Unit, view_id: str | None) -> int | None:
    """Open the list with this view (None: with the built-in columns)."""
    ws, user = unit.workspace_id, unit.viewer.user_id
    if view_id is None:
        await unit.conn.execute(
            sql_delete(ListViewDefault).where(
                ListViewDefault.workspace_id == ws, ListViewDefault.user_id == user
            )
        )
        return None
    row = await _view(unit, view_id, changing=False)
    statement = pg_insert(ListViewDefault).values(workspace_id=ws, user_id=user, view_id=row.id)
    await unit.conn.execute(
        statement.on_conflict_do_update(index_elements=["workspace_id", "user_id"], set_={"view_id": row.id})
    )
    unit.changed("defaultListView", None, view_id, user_id=user)
    return int(row.id)


async def views(ctx: RequestContext) -> tuple[list[AnyRow], int | None]:
    """The views the viewer may use, and which one is their default."""
    ws, user = ctx.viewer.workspace_id, ctx.viewer.user_id
    engine = ctx.loaders.env.engine
    return list(await view_sql.usable_views(engine, ws, user)), await view_sql.default_view_id(
        engine, ws, user
    )


@dataclass(frozen=True)
class Chosen:
    """The view a list request shows (None: the built-in one) with what it asks of the list."""

    row: AnyRow | None
    default_id: int | None
    """The viewer's default view (to mark it)."""
    filter: dict[str, Any]
    order_by: list[Any]
    columns: list[str]
    page_size: int


async def chosen_view(ctx: RequestContext, view_id: str | None) -> Chosen | None:
    """The view `view_id` names (None if the viewer may not use it), else the viewer's default, else the
    built-in default."""
    rows, default = await views(ctx)
    by_id = {row.id: row for row in rows}
    if view_id is not None:
        row = by_id.get(pk_of(view_id, "ContactListView") or 0)
        if row is None:
            return None
    else:
        row = by_id.get(default or 0)
    if row is None:
        return Chosen(None, default, {}, [], list(DEFAULT_COLUMNS), 20)
    return Chosen(row, default, dict(row.filters), list(row.sort), list(row.columns), int(row.page_size))
