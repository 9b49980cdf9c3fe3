"""Task mutations: create, update, complete, link and unlink contacts (resolvers/task_writes.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.db.enums import TaskStatus
from contactcard.domain.errors import TaskCode
from contactcard.loaders.tasks import TASKS_OF_CONTACT
from contactcard.resolvers import task_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.payloads import Problem, provided, read_back
from contactcard.schema.tasks import Task

Info = strawberry.Info[RequestContext, None]

strawberry.enum(TaskCode, name="TaskErrorCode", description="Why a task mutation wrote nothing.")


@strawberry.type(name="TaskError")
class TaskError(Problem[TaskCode]):
    pass


@strawberry.type
class TaskPayload:
    task: Task | None
    user_errors: list[TaskError]


@strawberry.input
class TaskCreateInput:
    title: str
    contact_ids: list[strawberry.ID] = strawberry.field(description="1 to 50 contacts the task is about.")
    description: str | None = None
    due_at: datetime | None = None
    assignee_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Default: you."
    )


@strawberry.input(description="The fields to change; omitted ones are kept, null clears.")
class TaskUpdateInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    due_at: datetime | None = strawberry.UNSET
    assignee_id: strawberry.ID | None = strawberry.UNSET
    status: TaskStatus | None = strawberry.UNSET


@strawberry.input
class TaskContactInput:
    contact_id: strawberry.ID


async def _payload(info: Info, outcome: Outcome[int]) -> TaskPayload:
    return TaskPayload(
        task=await read_back(info, outcome, TASKS_OF_CONTACT, Task.from_row),
        user_errors=TaskError.list_of(outcome.errors),
    )


@strawberry.type
class TaskMutation:
    @strawberry.mutation(description="Create a task about one or more contacts.")
    async def task_create(self, info: Info, input: TaskCreateInput) -> TaskPayload:
        return await _payload(info, await write.create(info.context, provided(input)))

    @strawberry.mutation(description="Change some of a task's fields.")
    async def task_update(self, info: Info, id: strawberry.ID, input: TaskUpdateInput) -> TaskPayload:
        return await _payload(info, await write.update(info.context, id, provided(input)))

    @strawberry.mutation(description="Mark a task done.")
    async def task_complete(self, info: Info, id: strawberry.ID) -> TaskPayload:
        return await _payload(info, await write.complete(info.context, id))

    @strawberry.mutation(description="Add a contact to a task.")
    async def task_link_contact(self, info: Info, id: strawberry.ID, input: TaskContactInput) -> TaskPayload:
        return await _payload(info, await write.link_contact(info.context, id, input.contact_id))

    @strawberry.mutation(description="Take a contact off a task (a task keeps at least one).")
    async def task_unlink_contact(
        self, info: Info, id: strawberry.ID, input: TaskContactInput
    ) -> TaskPayload:
        return await _payload(info, await write.unlink_contact(info.context, id, input.contact_id))
