"""Tasks and the contacts they are about."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.loaders.base import Record
from contactcard.loaders.tasks import CONTACTS_OF_TASK
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import TaskStatus
from contactcard.schema.linked import LazyContact, linked_contacts
from contactcard.schema.node import Node
from contactcard.schema.pagination import Connection
from contactcard.schema.users import User, user_of

Info = strawberry.Info[RequestContext, None]


@strawberry.type
class Task(Node):
    id: strawberry.ID
    pk: strawberry.Private[int]
    source_row: strawberry.Private[Record]
    """The list row it was made from: joined references are read from it only when asked."""
    title: str
    description: str | None
    status: TaskStatus
    due_at: datetime | None
    created_at: datetime
    completed_at: datetime | None

    @strawberry.field
    def assignee(self) -> User | None:
        return user_of(self.source_row.assignee)

    @strawberry.field(description="The task's contacts the viewer may see.")
    async def contacts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LazyContact] | None:
        return await linked_contacts(info.context, CONTACTS_OF_TASK, self.pk, first, after)

    @classmethod
    def from_row(cls, row: Record) -> Task:
        return cls(
            id=strawberry.ID(to_global_id("Task", row.id)),
            pk=row.id,
            source_row=row,
            title=row.title,
            description=row.description,
            status=TaskStatus(row.status),
            due_at=row.due_at,
            created_at=row.created_at,
            completed_at=row.completed_at,
        )
