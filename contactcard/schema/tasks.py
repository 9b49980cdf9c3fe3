"""Tasks and the contacts they are about."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from contactcard.db.base import AnyRow
from contactcard.loaders.tasks import CONTACTS_OF_TASK
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.lists import list_page
from contactcard.schema.enums import TaskStatus
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.users import User

if TYPE_CHECKING:
    from contactcard.schema.contacts import Contact

Info = strawberry.Info[RequestContext, None]
LazyContact = Annotated["Contact", strawberry.lazy("contactcard.schema.contacts")]


@strawberry.type
class Task:
    id: strawberry.ID
    pk: strawberry.Private[int]
    assignee_id: strawberry.Private[int | None]
    title: str
    description: str | None
    status: TaskStatus
    due_at: datetime | None
    created_at: datetime
    completed_at: datetime | None

    @strawberry.field
    async def assignee(self, info: Info) -> User | None:
        row = await resolve_users.user(info.context, "tasks", self.assignee_id)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="The task's contacts the viewer may see.")
    async def contacts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LazyContact] | None:
        from contactcard.schema.contacts import Contact  # noqa: PLC0415  (Contact refers back to Task)

        page = await list_page(info.context, CONTACTS_OF_TASK, self.pk, first, after)
        return connection(page, Contact.from_row)

    @classmethod
    def from_row(cls, row: AnyRow) -> Task:
        return cls(
            id=strawberry.ID(to_global_id("Task", row.id)),
            pk=row.id,
            assignee_id=row.assignee_id,
            title=row.title,
            description=row.description,
            status=TaskStatus(row.status),
            due_at=row.due_at,
            created_at=row.created_at,
            completed_at=row.completed_at,
        )
