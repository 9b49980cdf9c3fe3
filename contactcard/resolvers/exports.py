"""`contactsExport`: check what is asked (selection or view, order, columns) and queue the export job
(jobs/export.py). Everything is checked here, under the viewer's visibility, so a refused export queues
nothing; the job then runs as the same token."""

from __future__ import annotations

from typing import Any

from contactcard.db.enums import JobKind
from contactcard.domain.columns import DEFAULT_COLUMNS
from contactcard.domain.errors import ExportCode, UserError
from contactcard.domain.jsonvalues import json_ready
from contactcard.jobs.pages import compiled_selection
from contactcard.resolvers import checks, jobs
from contactcard.resolvers.contact_filter import BadFilter
from contactcard.resolvers.kernel import MAX_BATCH, Unit, mutation
from contactcard.resolvers.list_views import chosen_view, column_keys
from contactcard.resolvers.permissions import EXPORT_CONTACTS


async def _what(unit: Unit, data: dict[str, Any], errors: list[UserError]) -> dict[str, Any]:
    """The selection, order and columns to export, as the job stores them."""
    selection, view_id = data.get("selection"), data.get("view_id")
    if selection is not None and view_id is not None:
        unit.refuse("input", "INVALID_VALUE", "export a `selection` or a `viewId`, not both")
    order_by, columns = data.get("order_by"), data.get("columns")
    stored: dict[str, Any] = {}
    if view_id is not None:
        view = await chosen_view(unit.ctx, view_id)
        if view is None:
            unit.refuse("input.viewId", "NOT_FOUND", "no such view")
        stored = {"filter": view.filter} if view.filter else {}
        order_by = view.order_by if order_by is None else order_by
        columns = view.columns if columns is None else columns
    elif selection is not None:
        ids, filter_ = selection.get("ids"), selection.get("filter")
        if (ids is None) == (filter_ is None):
            unit.refuse("input.selection", "INVALID_VALUE", "select contacts by `ids` or by `filter`")
        if ids is not None:
            found = await checks.contacts(unit, errors, "input.selection.ids", ids, at_most=MAX_BATCH)
            stored = {"ids": sorted(int(row.id) for row in found)}
        else:
            stored = {"filter": json_ready(filter_)}
    keys = await column_keys(unit, list(DEFAULT_COLUMNS if columns is None else columns), errors)
    return {"selection": stored, "orderBy": json_ready(order_by or []), "columns": keys}


@mutation(EXPORT_CONTACTS, ExportCode)
async def export(unit: Unit, data: dict[str, Any]) -> int:
    """Queue a CSV export of the contacts asked for; the job's id."""
    errors: list[UserError] = []
    params = await _what(unit, data, errors)
    unit.check(errors)
    try:
        compiled = await compiled_selection(unit.ctx, params["selection"], params["orderBy"] or None)
    except BadFilter as refused:
        field = "input.selection.filter" if "filter" in params["selection"] else "input"
        unit.refuse(field, "INVALID_FILTER", refused.message)
    return await jobs.start(unit, JobKind.EXPORT, params, compiled)
