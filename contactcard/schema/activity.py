"""History: comments and change events, as one `HistoryEntry` interface."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import HistoryKind
from contactcard.loaders.base import Record
from contactcard.resolvers import summaries as resolve_summaries
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.files import File
from contactcard.schema.node import Node
from contactcard.schema.users import User, user_of

Info = strawberry.Info[RequestContext, None]
USERS = "history"


@strawberry.interface(description="Something that happened with a contact: a comment or a change.")
class HistoryEntry(Node):
    id: strawberry.ID
    created_at: datetime
    source_row: strawberry.Private[Record]
    """The list row it was made from: joined references are read from it only when asked."""

    @strawberry.field(description="Who wrote the comment or made the change; null for the system.")
    def author(self) -> User | None:
        return user_of(self.source_row.author)


@strawberry.type
class Comment(HistoryEntry):
    body: str
    edited_at: datetime | None
    mention_ids: strawberry.Private[list[int]]
    attachment_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The users the comment mentions.")
    async def mentions(self, info: Info) -> list[User]:
        return [
            User.from_row(row) for row in await resolve_users.users(info.context, USERS, self.mention_ids)
        ]

    @strawberry.field(description="Files of the contact attached to the comment.")
    async def attachments(self, info: Info) -> list[File]:
        return [
            File.from_row(row) for row in await resolve_summaries.files(info.context, self.attachment_ids)
        ]


@strawberry.type(description="A change of one of the contact's fields, with the value before and after.")
class ChangeEvent(HistoryEntry):
    field: str
    before: JSON | None
    after: JSON | None


def history_entry(row: Record) -> HistoryEntry:
    common: dict[str, Any] = {
        "id": strawberry.ID(to_global_id("HistoryEntry", row.id)),
        "created_at": row.created_at,
        "source_row": row,
    }
    if row.kind == HistoryKind.COMMENT:
        return Comment(
            **common,
            body=row.body or "",
            edited_at=row.edited_at,
            mention_ids=list(row.mention_user_ids),
            attachment_ids=list(row.attachment_file_ids),
        )
    return ChangeEvent(**common, field=row.field or "", before=row.before, after=row.after)
