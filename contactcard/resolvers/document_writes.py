"""Documents about a contact: create, update (title, status, file), delete (the file stays on the contact).

A document's file is one of its contact's files. Each write is a change event on the contact."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from contactcard.db.enums import DocumentStatus
from contactcard.db.models import Document
from contactcard.db.writes import records
from contactcard.domain.errors import DocumentCode, UserError
from contactcard.loaders.files import DOCUMENTS
from contactcard.resolvers import checks
from contactcard.resolvers.file_writes import files_of_contact
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

MAX_TITLE = 300
LOADERS = ("documents",)


async def _values(
    unit: Unit, errors: list[UserError], data: dict[str, Any], contact_id: int
) -> dict[str, Any]:
    """The document columns among `data` (title, status, file_id), checked."""
    values: dict[str, Any] = {}
    if "title" in data:
        values["title"] = checks.text(unit, errors, "input.title", data["title"], MAX_TITLE, required=True)
    if "status" in data:
        if data["status"] is None:
            errors.append(unit.error("input.status", "INVALID_VALUE", "a document always has a status"))
        values["status"] = data["status"]
    if "file_id" in data:
        file_id = data["file_id"]
        named = [] if file_id is None else [("input.fileId", file_id)]
        found = await files_of_contact(unit, errors, named, contact_id) if named else []
        values["file_id"] = found[0] if found else None
    return values


def _event(document_id: int, values: dict[str, Any]) -> dict[str, Any]:
    shown = {"document": to_global_id("Document", document_id), "title": values.get("title")}
    if values.get("status") is not None:
        shown["status"] = DocumentStatus(values["status"]).value
    if values.get("file_id") is not None:
        shown["file"] = to_global_id("File", values["file_id"])
    return shown


@mutation(EDIT_RECORDS, DocumentCode, invalidates=LOADERS)
async def create(unit: Unit, contact_id: str, data: dict[str, Any]) -> int:
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", contact_id)
    values = await _values(unit, errors, data, contact.id) if contact is not None else {}
    unit.check(errors)
    values.setdefault("status", DocumentStatus.DRAFT)
    row = await records.insert_row(
        unit.conn, Document, unit.workspace_id,
        {**values, "contact_id": contact.id, "created_by_id": unit.viewer.user_id},
    )  # fmt: skip
    unit.changed("documents", None, _event(row.id, values), contact_id=contact.id)
    return int(row.id)


@mutation(EDIT_RECORDS, DocumentCode, invalidates=LOADERS)
async def update(unit: Unit, document_id: str, data: dict[str, Any]) -> int:
    document = await unit.record(DOCUMENTS, document_id, "Document", "id")
    errors: list[UserError] = []
    values = await _values(unit, errors, data, document.contact_id)
    unit.check(errors)
    changed = {name: value for name, value in values.items() if getattr(document, name) != value}
    if changed:
        await records.update_row(
            unit.conn, Document, unit.workspace_id, document.id, {**changed, "updated_at": datetime.now(UTC)}
        )
        before = {"title": document.title} | {name: getattr(document, name) for name in changed}
        after = {"title": document.title, **changed}
        unit.changed(
            "documents",
            _event(document.id, before),
            _event(document.id, after),
            contact_id=document.contact_id,
        )
    return int(document.id)


@mutation(EDIT_RECORDS, DocumentCode, invalidates=LOADERS)
async def delete(unit: Unit, document_id: str) -> int:
    document = await unit.record(DOCUMENTS, document_id, "Document", "id")
    await records.delete_row(unit.conn, Document, unit.workspace_id, document.id)
    before = {"title": document.title, "status": document.status, "file_id": document.file_id}
    unit.changed("documents", _event(document.id, before), None, contact_id=document.contact_id)
    return int(document.id)
