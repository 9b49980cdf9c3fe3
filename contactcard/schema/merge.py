"""Duplicates and merges in GraphQL: `contactDuplicates` and `contactMerge` (resolvers/merge.py)."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from contactcard.resolvers import merge as resolve
from contactcard.resolvers.context import RequestContext
from contactcard.schema.contact_mutations import ContactError
from contactcard.schema.contacts import Contact

Info = strawberry.Info[RequestContext, None]


@strawberry.enum(description="Why a contact may be a duplicate.")
class DuplicateReason(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    NAME = "NAME"


@strawberry.type(description="A contact that may be the same person.")
class DuplicateCandidate:
    contact_id: strawberry.Private[int]
    score: float = strawberry.field(
        description="1 for a shared email or phone; else the names' similarity (0..1)."
    )
    reasons: list[DuplicateReason]

    @strawberry.field
    async def contact(self, info: Info) -> Contact | None:
        row = await info.context.loaders.contact_by_id.load(self.contact_id)
        return None if row is None else Contact.from_row(row)


@strawberry.type(description="How many rows a merge moved (or, in a dry run, would move) to the target.")
class MergeSummary:
    history: int
    deals: int
    tasks: int
    payments: int
    payment_links: int
    calls: int
    courses: int
    timeline: int
    consents: int
    files: int
    documents: int
    emails: int
    phones: int
    messengers: int
    tags: int
    companies: int
    fields: int = strawberry.field(
        description="Empty fields and custom field values filled from the sources."
    )


@strawberry.type
class ContactMergePayload:
    contact: Contact | None = strawberry.field(
        description="The target, after the merge (as it is, in a dry run)."
    )
    dry_run: bool | None
    moved: MergeSummary | None
    user_errors: list[ContactError]


@strawberry.input
class ContactMergeInput:
    target_id: strawberry.ID = strawberry.field(description="The contact that stays.")
    source_ids: list[strawberry.ID] = strawberry.field(description="1 to 10 contacts merged into it.")
    dry_run: bool = strawberry.field(default=False, description="Report what would move; write nothing.")


@strawberry.type
class MergeQuery:
    @strawberry.field(
        description="Contacts that may be this one: a shared email or phone, or a similar name. "
        "Null when the contact is not one the viewer sees."
    )
    async def contact_duplicates(
        self, info: Info, contact_id: strawberry.ID, first: int | None = None
    ) -> list[DuplicateCandidate] | None:
        found = await resolve.duplicates(info.context, contact_id, first)
        if found is None:
            return None
        return [
            DuplicateCandidate(
                contact_id=d.contact_id, score=d.score, reasons=[DuplicateReason(r) for r in d.reasons]
            )
            for d in found
        ]


@strawberry.type
class MergeMutation:
    @strawberry.mutation(description="Merge contacts into one: every tab's rows move to the target.")
    async def contact_merge(self, info: Info, input: ContactMergeInput) -> ContactMergePayload:
        outcome = await resolve.merge(info.context, input.target_id, list(input.source_ids), input.dry_run)
        done = outcome.value
        if done is None:
            return ContactMergePayload(
                contact=None, dry_run=None, moved=None, user_errors=ContactError.list_of(outcome.errors)
            )
        row = await info.context.loaders.contact_by_id.load(done.target_id)
        return ContactMergePayload(
            contact=None if row is None else Contact.from_row(row),
            dry_run=done.dry_run,
            moved=MergeSummary(**done.moved),
            user_errors=[],
        )
