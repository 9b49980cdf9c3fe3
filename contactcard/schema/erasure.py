"""GDPR in GraphQL: `contactForget` (admins) and `contactExport` (resolvers/erasure.py)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from contactcard.resolvers import erasure as resolve
from contactcard.resolvers.context import RequestContext
from contactcard.schema.contact_mutations import ContactError

Info = strawberry.Info[RequestContext, None]


@strawberry.type(description="How many rows a forget erased (or, in a dry run, would erase), per panel.")
class ErasureSummary:
    history: int
    deals: int = strawberry.field(description="Links to deals; deals with no other contact are deleted.")
    tasks: int = strawberry.field(description="Links to tasks; tasks with no other contact are deleted.")
    payments: int
    payment_links: int
    calls: int
    courses: int
    timeline: int
    consents: int
    channels: int
    files: int = strawberry.field(description="The contact's files; their bytes leave the file store too.")
    documents: int
    exports: int = strawberry.field(
        description="The workspace's exports, deleted with their files: any of them may hold the contact."
    )


@strawberry.type
class ContactForgetPayload:
    forgotten_contact_ids: list[strawberry.ID] | None = strawberry.field(
        description="The contact and those merged into it: every one now resolves to null."
    )
    dry_run: bool | None
    erased: ErasureSummary | None
    user_errors: list[ContactError]


@strawberry.input
class ContactForgetInput:
    contact_id: strawberry.ID
    dry_run: bool = strawberry.field(default=False, description="Report what would be erased; erase nothing.")


@strawberry.type
class ErasureQuery:
    @strawberry.field(
        description="Every datum held about a contact, as one JSON document (the right of access). "
        "Null when the contact is not one the viewer sees."
    )
    async def contact_export(self, info: Info, contact_id: strawberry.ID) -> JSON | None:
        document = await resolve.export(info.context, contact_id)
        return None if document is None else JSON(document)


@strawberry.type
class ErasureMutation:
    @strawberry.mutation(
        description="Erase a contact and every datum about them (admins); a tombstone and audit entry stay."
    )
    async def contact_forget(self, info: Info, input: ContactForgetInput) -> ContactForgetPayload:
        outcome = await resolve.forget(info.context, input.contact_id, input.dry_run)
        done = outcome.value
        if done is None:
            return ContactForgetPayload(
                forgotten_contact_ids=None,
                dry_run=None,
                erased=None,
                user_errors=ContactError.list_of(outcome.errors),
            )
        return ContactForgetPayload(
            forgotten_contact_ids=[strawberry.ID(pk) for pk in done.contact_ids],
            dry_run=done.dry_run,
            erased=ErasureSummary(**done.erased),
            user_errors=[],
        )
