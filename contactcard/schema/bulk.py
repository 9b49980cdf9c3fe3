"""Bulk actions on contacts in GraphQL (resolvers/bulk.py)."""

from __future__ import annotations

from typing import Any

import strawberry

from contactcard.resolvers import bulk as resolve
from contactcard.resolvers.bulk import BulkDone
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.contact_filters import ContactSelection
from contactcard.schema.contact_mutations import ContactError
from contactcard.schema.jobs import Job, load_job
from contactcard.schema.payloads import plain, provided

Info = strawberry.Info[RequestContext, None]


@strawberry.type(
    description="What a bulk action changed (all or nothing: on an error, nothing), or the job it queued "
    "for a filter matching more than 250 contacts (all or nothing per batch of 250)."
)
class ContactsBulkPayload:
    changed_count: int | None = strawberry.field(description="Contacts changed (those already so are left).")
    changed_ids: list[strawberry.ID] | None
    job: Job | None = strawberry.field(description="The queued job; follow it with `job(id:)`.")
    user_errors: list[ContactError]

    @classmethod
    async def of(cls, info: Info, outcome: Outcome[BulkDone]) -> ContactsBulkPayload:
        done = outcome.value
        changed = None if done is None else done.changed
        return cls(
            changed_count=None if changed is None else len(changed),
            changed_ids=None
            if changed is None
            else [strawberry.ID(to_global_id("Contact", pk)) for pk in changed],
            job=None if done is None else await load_job(info.context, done.job_id),
            user_errors=ContactError.list_of(outcome.errors),
        )


@strawberry.input
class ContactsCloseInput:
    selection: ContactSelection
    reason: str | None = strawberry.field(default=None, description="The close reason.")


@strawberry.input
class ContactsTransferInput:
    selection: ContactSelection
    assigned_to_id: strawberry.ID | None = strawberry.UNSET
    group_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input
class ContactsTagsInput:
    selection: ContactSelection
    tags: list[str]


@strawberry.input
class ContactsDeleteInput:
    selection: ContactSelection


def _selection(selection: ContactSelection) -> dict[str, Any]:
    selected: dict[str, Any] = plain(selection)
    return selected


@strawberry.type
class BulkMutation:
    @strawberry.mutation(description="Close many contacts with a reason.")
    async def contacts_close(self, info: Info, input: ContactsCloseInput) -> ContactsBulkPayload:
        return await ContactsBulkPayload.of(
            info, await resolve.close(info.context, _selection(input.selection), input.reason)
        )

    @strawberry.mutation(description="Assign many contacts to a user and/or group.")
    async def contacts_transfer(self, info: Info, input: ContactsTransferInput) -> ContactsBulkPayload:
        data = {k: v for k, v in provided(input).items() if k != "selection"}
        return await ContactsBulkPayload.of(
            info, await resolve.transfer(info.context, _selection(input.selection), data)
        )

    @strawberry.mutation(description="Tag many contacts (tags created on first use).")
    async def contacts_tags_add(self, info: Info, input: ContactsTagsInput) -> ContactsBulkPayload:
        return await ContactsBulkPayload.of(
            info, await resolve.tags_add(info.context, _selection(input.selection), input.tags)
        )

    @strawberry.mutation(description="Untag many contacts.")
    async def contacts_tags_remove(self, info: Info, input: ContactsTagsInput) -> ContactsBulkPayload:
        return await ContactsBulkPayload.of(
            info, await resolve.tags_remove(info.context, _selection(input.selection), input.tags)
        )

    @strawberry.mutation(description="Delete many contacts (each restorable for 30 days).")
    async def contacts_delete(self, info: Info, input: ContactsDeleteInput) -> ContactsBulkPayload:
        return await ContactsBulkPayload.of(
            info, await resolve.delete(info.context, _selection(input.selection))
        )
