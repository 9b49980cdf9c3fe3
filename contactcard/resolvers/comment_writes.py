"""Comments on a contact's history: add, edit (its author), delete (its author or an admin).

Mentioned users are told through `notifications` (one row each, not the author); an edit tells only the
newly mentioned. Each write is also a change event on the contact, so the history shows edits and removals.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from contactcard.db.enums import HistoryKind, Role
from contactcard.db.models import HistoryEntry, Notification
from contactcard.db.writes import records
from contactcard.domain.errors import CommentCode, UserError
from contactcard.loaders.activity import HISTORY
from contactcard.resolvers import checks
from contactcard.resolvers.file_writes import files_of_contact
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

MAX_BODY = 10_000
MAX_MENTIONS = 50
MAX_ATTACHMENTS = 20
EXCERPT = 200


async def _notify(unit: Unit, contact_id: int, comment_id: int, body: str, user_ids: list[int]) -> None:
    payload = {
        "contactId": to_global_id("Contact", contact_id),
        "commentId": to_global_id("HistoryEntry", comment_id),
        "byId": to_global_id("User", unit.viewer.user_id),
        "excerpt": body[:EXCERPT],
    }
    notified = [user_id for user_id in user_ids if user_id != unit.viewer.user_id]
    if notified:
        rows = [
            {"workspace_id": unit.workspace_id, "user_id": user_id, "kind": "MENTION", "payload": payload}
            for user_id in notified
        ]
        table: Any = Notification.__table__
        written = await unit.conn.execute(insert(table).returning(table.c.id, table.c.user_id), rows)
        unit.announced.extend(
            {"ws": unit.workspace_id, "type": "notification", "user": row.user_id, "id": row.id}
            for row in written
        )


@mutation(EDIT_RECORDS, CommentCode, invalidates=("history",))
async def add(
    unit: Unit, contact_id: str, body: str, mention_ids: list[str], attachment_ids: list[str]
) -> int:
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", contact_id)
    text = checks.text(unit, errors, "input.body", body, MAX_BODY, required=True)
    mentioned = await checks.users(unit, errors, "input.mentionIds", mention_ids, MAX_MENTIONS)
    attached = await _attachments(unit, errors, attachment_ids, contact)
    unit.check(errors)
    row = await records.insert_row(
        unit.conn,
        HistoryEntry,
        unit.workspace_id,
        {
            "contact_id": contact.id,
            "kind": HistoryKind.COMMENT,
            "author_id": unit.viewer.user_id,
            "body": text,
            "mention_user_ids": mentioned,
            "attachment_file_ids": attached,
        },
    )
    await _notify(unit, contact.id, row.id, text or "", mentioned)
    unit.touched.add(contact.id)
    return int(row.id)


async def _attachments(unit: Unit, errors: list[UserError], global_ids: list[str], contact: Any) -> list[int]:
    """Files of the comment's contact (uploaded first with `fileUpload`)."""
    if len(global_ids) > MAX_ATTACHMENTS:
        errors.append(unit.error("input.attachmentIds", "TOO_MANY", f"at most {MAX_ATTACHMENTS}"))
        return []
    if contact is None or not global_ids:
        return []
    named = [(f"input.attachmentIds.{index}", gid) for index, gid in enumerate(global_ids)]
    return await files_of_contact(unit, errors, named, contact.id)


async def _own_comment(unit: Unit, comment_id: str, *, admins_too: bool) -> Any:
    row = await unit.record(HISTORY, comment_id, "HistoryEntry", "id")
    if row.kind is not HistoryKind.COMMENT:
        unit.refuse("id", "NOT_FOUND", "no such comment")
    if row.author_id != unit.viewer.user_id and not (admins_too and unit.viewer.role is Role.ADMIN):
        unit.refuse(
            "id",
            "NOT_AUTHOR",
            "only its author may change a comment" + (" (or an admin delete it)" if admins_too else ""),
        )
    return row


@mutation(EDIT_RECORDS, CommentCode, invalidates=("history",))
async def edit(unit: Unit, comment_id: str, body: str, mention_ids: list[str] | None) -> int:
    row = await _own_comment(unit, comment_id, admins_too=False)
    errors: list[UserError] = []
    text = checks.text(unit, errors, "input.body", body, MAX_BODY, required=True)
    mentioned = (
        list(row.mention_user_ids)
        if mention_ids is None
        else await checks.users(unit, errors, "input.mentionIds", mention_ids, MAX_MENTIONS)
    )
    unit.check(errors)
    await records.update_row(
        unit.conn,
        HistoryEntry,
        unit.workspace_id,
        row.id,
        {"body": text, "mention_user_ids": mentioned, "edited_at": datetime.now(UTC)},
    )
    await _notify(
        unit, row.contact_id, row.id, text or "", [u for u in mentioned if u not in row.mention_user_ids]
    )
    unit.changed("comment", row.body, text, contact_id=row.contact_id)
    return int(row.id)


@mutation(EDIT_RECORDS, CommentCode, invalidates=("history",))
async def delete(unit: Unit, comment_id: str) -> int:
    row = await _own_comment(unit, comment_id, admins_too=True)
    await records.delete_row(unit.conn, HistoryEntry, unit.workspace_id, row.id)
    unit.changed("comment", row.body, None, contact_id=row.contact_id)
    return int(row.id)
