"""Files on a contact: upload, detach (from a comment or a document), delete.

An upload's bytes are received (streamed into the store's pending area and judged) before its
transaction begins; the transaction checks the contact, keeps the bytes under their key and inserts the
row. A deleted file's bytes leave the store once no file row of the workspace names them (files/keeping.py).
Each write is a change event on the contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import any_, func, select, update

from contactcard.db.enums import HistoryKind, Role
from contactcard.db.models import Document, File, HistoryEntry
from contactcard.db.writes import records
from contactcard.domain.errors import FileCode, UserError
from contactcard.files import keeping
from contactcard.files.receiving import Received, receive
from contactcard.files.store import FileStore
from contactcard.loaders.activity import HISTORY
from contactcard.loaders.files import DOCUMENTS, FILES
from contactcard.resolvers import checks
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import from_global_id, pk_of, to_global_id
from contactcard.resolvers.kernel import Outcome, Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS, denied

LOADERS = ("files", "documents")


def _store(ctx: RequestContext) -> FileStore:
    if ctx.files is None:
        raise RuntimeError("this context has no file store")
    return ctx.files


def _event(row: Any, name: str | None = None) -> dict[str, Any]:
    return {"file": to_global_id("File", row.id), "name": name or row.name}


async def upload(ctx: RequestContext, contact_id: str, file: Any) -> Outcome[int]:
    """Receive `file` (a multipart request's part) and keep it as a file of the contact."""
    reason = denied(ctx.viewer, EDIT_RECORDS)
    if reason is not None:  # before receiving: who may not write sends nothing to the store
        return Outcome(None, [UserError("", FileCode.FORBIDDEN, reason)])
    store = _store(ctx)
    received = await receive(store, file, ctx.viewer.max_upload_bytes)
    if isinstance(received, UserError):
        return Outcome(None, [received])
    committed = False
    try:
        outcome = await _keep(ctx, contact_id, received)
        committed = outcome.value is not None
    finally:
        await store.discard(received.pending)
        if received.pending.kept and not committed:  # kept by a transaction that then rolled back
            key = received.pending.key(ctx.viewer.workspace_id)
            await keeping.release(ctx.loaders.env.engine, store, ctx.viewer.workspace_id, [key])
    return outcome


@mutation(EDIT_RECORDS, FileCode, invalidates=LOADERS)
async def _keep(unit: Unit, contact_id: str, received: Received) -> int:
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", contact_id)
    unit.check(errors)
    key = received.pending.key(unit.workspace_id)
    await keeping.keep(unit.conn, _store(unit.ctx), received.pending, key)
    values = {
        "contact_id": contact.id,
        "name": received.name,
        "content_type": received.content_type,
        "size_bytes": received.pending.size,
        "storage_key": key,
        "uploaded_by_id": unit.viewer.user_id,
    }
    row = await records.insert_row(unit.conn, File, unit.workspace_id, values)
    unit.changed("files", None, _event(row), contact_id=contact.id)
    return int(row.id)


@mutation(EDIT_RECORDS, FileCode, invalidates=LOADERS)
async def detach(unit: Unit, file_id: str, from_id: str) -> int:
    """Take the file off a comment's attachments or out of a document; the file stays on the contact."""
    file = await unit.record(FILES, file_id, "File", "input.fileId")
    type_name, _ = from_global_id(from_id)
    if type_name == "Document":
        document = await unit.record(DOCUMENTS, from_id, "Document", "input.fromId")
        if document.file_id != file.id:
            unit.refuse("input.fileId", "NOT_ATTACHED", "the document does not hold this file")
        await records.update_row(unit.conn, Document, unit.workspace_id, document.id, {"file_id": None})
        before = {"document": to_global_id("Document", document.id), **_event(file)}
        unit.changed("documents", before, None, contact_id=document.contact_id)
        return int(file.id)
    comment = await unit.record(HISTORY, from_id, "HistoryEntry", "input.fromId")
    if comment.kind is not HistoryKind.COMMENT:
        unit.refuse("input.fromId", "NOT_FOUND", "no such comment or document")
    if comment.author_id != unit.viewer.user_id and unit.viewer.role is not Role.ADMIN:
        unit.refuse("input.fromId", "NOT_AUTHOR", "only its author (or an admin) changes a comment")
    if file.id not in comment.attachment_file_ids:
        unit.refuse("input.fileId", "NOT_ATTACHED", "the comment does not attach this file")
    kept = [pk for pk in comment.attachment_file_ids if pk != file.id]
    await records.update_row(
        unit.conn, HistoryEntry, unit.workspace_id, comment.id, {"attachment_file_ids": kept}
    )
    before = {"comment": to_global_id("HistoryEntry", comment.id), **_event(file)}
    unit.changed("attachments", before, None, contact_id=comment.contact_id)
    return int(file.id)


@mutation(EDIT_RECORDS, FileCode, invalidates=LOADERS)
async def delete(unit: Unit, file_id: str) -> int:
    """Delete the file: off every comment, out of every document, its bytes gone once nothing names them."""
    file = await unit.record(FILES, file_id, "File", "id")
    entries: Any = HistoryEntry.__table__
    await unit.conn.execute(
        update(entries)
        .where(
            entries.c.workspace_id == unit.workspace_id,
            entries.c.contact_id == file.contact_id,
            file.id == any_(entries.c.attachment_file_ids),
        )
        .values(attachment_file_ids=func.array_remove(entries.c.attachment_file_ids, file.id))
    )
    await records.delete_row(unit.conn, File, unit.workspace_id, file.id)  # documents: file_id SET NULL
    unit.changed("files", _event(file), None, contact_id=file.contact_id)
    release_after_commit(unit, [file.storage_key])
    return int(file.id)


def release_after_commit(unit: Unit, keys: list[str]) -> None:
    """Once the unit's transaction commits, the bytes of `keys` leave the store if no file names them."""
    engine, store, workspace = unit.ctx.loaders.env.engine, _store(unit.ctx), unit.workspace_id

    async def release() -> None:
        await keeping.release(engine, store, workspace, keys)

    unit.after_commit.append(release)


async def files_of_contact(
    unit: Unit, errors: list[UserError], named: Sequence[tuple[str, str]], contact_id: int
) -> list[int]:
    """The files named by (input path, global id) pairs, each a file of the contact; NOT_FOUND or
    OTHER_CONTACT at its path for any other."""
    pks = [(path, pk_of(gid, "File")) for path, gid in named]
    files = File.__table__
    wanted = [pk for _, pk in pks if pk is not None]
    found = await unit.conn.execute(
        select(files.c.id, files.c.contact_id).where(
            files.c.workspace_id == unit.workspace_id, files.c.id.in_(wanted)
        )
    )
    contact_of = {row.id: row.contact_id for row in found}
    for path, pk in pks:
        if pk not in contact_of:
            errors.append(unit.error(path, "NOT_FOUND", "no such file"))
        elif contact_of[pk] != contact_id:
            errors.append(unit.error(path, "OTHER_CONTACT", "a file of another contact"))
    return list(dict.fromkeys(pk for pk in wanted if contact_of.get(pk) == contact_id))
