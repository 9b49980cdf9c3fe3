"""Tasks about contacts: create, update, complete, link to and unlink from contacts.

A task is seen, and changed, through its contacts (it keeps at least one). Each write is a change event on
the task's contacts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from contactcard.db.enums import TaskStatus
from contactcard.db.models import Task, TaskContact
from contactcard.db.writes import records
from contactcard.domain.errors import TaskCode, UserError
from contactcard.domain.jsonvalues import json_ready
from contactcard.domain.text import camel
from contactcard.loaders.tasks import TASKS_OF_CONTACT
from contactcard.resolvers import checks
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

MAX_TITLE = 300
MAX_DESCRIPTION = 10_000
_LOADERS = ("tasks", "taskContacts")


async def _values(unit: Unit, errors: list[UserError], data: dict[str, Any]) -> dict[str, Any]:
    """The task columns among `data`, checked."""
    values: dict[str, Any] = {}
    if "title" in data:
        values["title"] = checks.text(unit, errors, "input.title", data["title"], MAX_TITLE, required=True)
    if "description" in data:
        values["description"] = checks.text(
            unit, errors, "input.description", data["description"], MAX_DESCRIPTION
        )
    if "due_at" in data:
        due = data["due_at"]
        if due is not None and due.tzinfo is None:
            errors.append(unit.error("input.dueAt", "INVALID_VALUE", "give the time zone (…Z or …+03:00)"))
        values["due_at"] = due
    if "assignee_id" in data:
        values["assignee_id"] = await checks.user(unit, errors, "input.assigneeId", data["assignee_id"])
    if "status" in data:
        status = data["status"] or TaskStatus.OPEN
        values["status"] = status
        values["completed_at"] = datetime.now(UTC) if status is TaskStatus.DONE else None
    return values


def _record(unit: Unit, contact_ids: list[int], before: Any, after: dict[str, Any]) -> None:
    for name, value in after.items():
        old = getattr(before, name) if before is not None else None
        for contact_id in contact_ids:
            unit.changed(f"task.{camel(name)}", json_ready(old), json_ready(value), contact_id=contact_id)


@mutation(EDIT_RECORDS, TaskCode, invalidates=_LOADERS)
async def create(unit: Unit, data: dict[str, Any]) -> int:
    errors: list[UserError] = []
    contacts = await checks.contacts(unit, errors, "input.contactIds", data.get("contact_ids") or [])
    values = await _values(unit, errors, {"assignee_id": None, **data, "status": TaskStatus.OPEN})
    if "assignee_id" not in data:
        values["assignee_id"] = unit.viewer.user_id
    unit.check(errors)
    task = await records.insert_row(
        unit.conn, Task, unit.workspace_id, {**values, "created_by_id": unit.viewer.user_id}
    )
    ids = [int(c.id) for c in contacts]
    await records.link(unit.conn, TaskContact, unit.workspace_id, task.id, task.created_at, ids)
    for contact_id in ids:
        unit.changed(
            "tasks", None, {"task": to_global_id("Task", task.id), "title": task.title}, contact_id=contact_id
        )
    return int(task.id)


async def _task(unit: Unit, task_id: str) -> tuple[Any, list[int]]:
    task = await unit.record(TASKS_OF_CONTACT, task_id, "Task", "id")
    return task, await records.linked_contact_ids(unit.conn, TaskContact, unit.workspace_id, task.id)


@mutation(EDIT_RECORDS, TaskCode, invalidates=_LOADERS)
async def update(unit: Unit, task_id: str, data: dict[str, Any]) -> int:
    task, contact_ids = await _task(unit, task_id)
    errors: list[UserError] = []
    values = await _values(unit, errors, data)
    unit.check(errors)
    if "status" in values and values["status"] is task.status:
        values.pop("completed_at")  # unchanged status: keep when it was completed
    await records.update_row(unit.conn, Task, unit.workspace_id, task.id, values)
    _record(unit, contact_ids, task, values)
    return int(task.id)


@mutation(EDIT_RECORDS, TaskCode, invalidates=_LOADERS)
async def complete(unit: Unit, task_id: str) -> int:
    task, contact_ids = await _task(unit, task_id)
    if task.status is not TaskStatus.DONE:
        values = {"status": TaskStatus.DONE, "completed_at": datetime.now(UTC)}
        await records.update_row(unit.conn, Task, unit.workspace_id, task.id, values)
        _record(unit, contact_ids, task, values)
    return int(task.id)


async def _task_and_contact(unit: Unit, task_id: str, contact_id: str) -> tuple[Any, list[int], Any]:
    """The task, its contacts' ids, and the contact `contact_id` names (NOT_FOUND if not seen)."""
    task, linked = await _task(unit, task_id)
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", contact_id)
    unit.check(errors)
    return task, linked, contact


@mutation(EDIT_RECORDS, TaskCode, invalidates=_LOADERS)
async def link_contact(unit: Unit, task_id: str, contact_id: str) -> int:
    task, linked, contact = await _task_and_contact(unit, task_id, contact_id)
    if contact.id not in linked:
        await records.link(unit.conn, TaskContact, unit.workspace_id, task.id, task.created_at, [contact.id])
        unit.changed(
            "tasks", None, {"task": to_global_id("Task", task.id), "title": task.title}, contact_id=contact.id
        )
    return int(task.id)


@mutation(EDIT_RECORDS, TaskCode, invalidates=_LOADERS)
async def unlink_contact(unit: Unit, task_id: str, contact_id: str) -> int:
    task, linked, contact = await _task_and_contact(unit, task_id, contact_id)
    if contact.id in linked:
        if len(linked) == 1:
            unit.refuse("input.contactId", "LAST_CONTACT", "a task keeps at least one contact")
        await records.unlink(unit.conn, TaskContact, unit.workspace_id, task.id, contact.id)
        unit.changed(
            "tasks", {"task": to_global_id("Task", task.id), "title": task.title}, None, contact_id=contact.id
        )
    return int(task.id)
