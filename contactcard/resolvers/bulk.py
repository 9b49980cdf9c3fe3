"""Bulk actions on a selection of contacts (the seeds' list: close, transfer, tag, delete).

A selection is up to 250 ids, or a filter. On ids, or a filter matching at most 250 contacts, the action
runs on all of them in one unit of work, all or nothing, and records a change event on each contact it
changed. A filter matching more queues a job (jobs/bulk.py) that runs the same action on the filter's
contacts 250 at a time, each batch all or nothing, as the token that asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from contactcard.db.enums import ContactStatus, JobKind
from contactcard.db.models import Contact
from contactcard.db.prepared import rows_in
from contactcard.domain.errors import ContactCode, UserError
from contactcard.domain.jsonvalues import json_ready
from contactcard.loaders.contact_filters import filtered_page_query
from contactcard.resolvers import checks, contact_writes, jobs
from contactcard.resolvers import contact_input as check
from contactcard.resolvers.contact_filter import BadFilter, compile_filter
from contactcard.resolvers.kernel import MAX_BATCH, Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

_LOADERS = ("tags_by_contact", "tags_by_workspace")


@dataclass(frozen=True)
class BulkDone:
    """The contacts an action changed, or (a filter too large for one request) the job that will."""

    changed: list[int] | None
    job_id: int | None = None


async def _selected(
    unit: Unit, selection: dict[str, Any], kind: JobKind, args: dict[str, Any]
) -> list[Any] | BulkDone:
    """The contacts a selection names, each visible to the viewer and locked; for a filter matching more
    than a batch, the job (of `kind`, with the action's `args`) queued to run the action on it instead."""
    ids, filter_ = selection.get("ids"), selection.get("filter")
    if (ids is None) == (filter_ is None):
        unit.refuse(
            "input.selection", "INVALID_VALUE", "select contacts by `ids` or by `filter`, one of them"
        )
    if ids is not None:
        if not 1 <= len(ids) <= MAX_BATCH:
            unit.refuse("input.selection.ids", "TOO_MANY", f"1 to {MAX_BATCH} contacts at once")
        errors: list[UserError] = []
        found = await checks.contacts(unit, errors, "input.selection.ids", ids, at_most=MAX_BATCH)
        unit.check(errors)
        return found
    try:
        compiled = await compile_filter(unit.ctx, filter_, None)
    except BadFilter as refused:
        unit.refuse("input.selection.filter", "INVALID_VALUE", refused.message)
    env = unit.ctx.loaders.env
    query = filtered_page_query(env.visibility, compiled.shape, compiled.order, False)
    rows = await rows_in(query, unit.conn, {**env.values, **compiled.values, "limit": MAX_BATCH + 1})
    if len(rows) > MAX_BATCH:
        params = {"filter": json_ready(filter_), "args": args}
        return BulkDone(None, await jobs.start(unit, kind, params, compiled))
    locked = select(Contact).where(
        Contact.workspace_id == unit.workspace_id, Contact.id.in_([r.id for r in rows])
    )
    return list((await unit.conn.execute(locked.order_by(Contact.id).with_for_update())).all())


async def _each(unit: Unit, contacts: list[Any], values: dict[str, Any]) -> BulkDone:
    """Set `values` on the contacts that do not have them yet (one statement); the ones changed, each
    with a change event for the fields that differed."""
    changed = []
    for row in contacts:
        differing = {name: value for name, value in values.items() if getattr(row, name) != value}
        if differing:
            contact_writes.record_fields(unit, row.id, row, differing)
            changed.append(int(row.id))
    if changed:
        await unit.conn.execute(
            update(Contact)
            .where(Contact.workspace_id == unit.workspace_id, Contact.id.in_(changed))
            .values(**values)
        )
    return BulkDone(changed)


@mutation(EDIT_RECORDS, ContactCode)
async def close(unit: Unit, selection: dict[str, Any], reason: str | None) -> BulkDone:
    """Close the contacts with a reason (the seeds' "Cierre masivo")."""
    errors: list[UserError] = []
    text = checks.text(unit, errors, "input.reason", reason, check.TEXT_LIMITS["close_reason"])
    unit.check(errors)
    contacts = await _selected(unit, selection, JobKind.CONTACTS_CLOSE, {"reason": reason})
    if isinstance(contacts, BulkDone):
        return contacts
    return await _each(unit, contacts, {"status": ContactStatus.CLOSED, "close_reason": text})


@mutation(EDIT_RECORDS, ContactCode)
async def transfer(unit: Unit, selection: dict[str, Any], data: dict[str, Any]) -> BulkDone:
    """Assign the contacts to a user and/or group (the seeds' "Transferencia masiva")."""
    if not data:
        unit.refuse("input", "INVALID_VALUE", "give assignedToId and/or groupId")
    errors: list[UserError] = []
    assignee, group_id = await check.placement(unit, (None, None), data, errors)
    unit.check(errors)
    contacts = await _selected(unit, selection, JobKind.CONTACTS_TRANSFER, {"data": data})
    if isinstance(contacts, BulkDone):
        return contacts
    values: dict[str, Any] = {}
    if "assigned_to_id" in data:
        values["assigned_user_id"] = assignee
    if "assigned_to_id" in data or "group_id" in data:
        values["group_id"] = group_id
    return await _each(unit, contacts, values)


async def _tags(unit: Unit, selection: dict[str, Any], tags: list[str], *, add: bool) -> BulkDone:
    errors: list[UserError] = []
    names = check.tag_names(tags, errors, "input.tags")
    if not names and not errors:
        errors.append(UserError("input.tags", ContactCode.INVALID_VALUE, "give at least one tag"))
    unit.check(errors)
    kind = JobKind.CONTACTS_TAGS_ADD if add else JobKind.CONTACTS_TAGS_REMOVE
    selected = await _selected(unit, selection, kind, {"tags": tags})
    if isinstance(selected, BulkDone):
        return selected
    ids = [int(row.id) for row in selected]
    return BulkDone(await contact_writes.change_tags(unit, ids, names, add=add))


@mutation(EDIT_RECORDS, ContactCode, invalidates=_LOADERS)
async def tags_add(unit: Unit, selection: dict[str, Any], tags: list[str]) -> BulkDone:
    return await _tags(unit, selection, tags, add=True)


@mutation(EDIT_RECORDS, ContactCode, invalidates=_LOADERS)
async def tags_remove(unit: Unit, selection: dict[str, Any], tags: list[str]) -> BulkDone:
    return await _tags(unit, selection, tags, add=False)


@mutation(EDIT_RECORDS, ContactCode)
async def delete(unit: Unit, selection: dict[str, Any]) -> BulkDone:
    """Soft-delete the contacts (each restorable for 30 days with `contactRestore`)."""
    contacts = await _selected(unit, selection, JobKind.CONTACTS_DELETE, {})
    if isinstance(contacts, BulkDone):
        return contacts
    return await _each(unit, contacts, {"deleted_at": datetime.now(UTC)})
