"""Comment mutations: add, edit, delete (resolvers/comment_writes.py)."""

from __future__ import annotations

import strawberry

from contactcard.domain.errors import CommentCode
from contactcard.loaders.activity import HISTORY
from contactcard.loaders.base import Record
from contactcard.resolvers import comment_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.activity import Comment, history_entry
from contactcard.schema.payloads import Problem, read_back

Info = strawberry.Info[RequestContext, None]

strawberry.enum(CommentCode, name="CommentErrorCode", description="Why a comment mutation wrote nothing.")


@strawberry.type(name="CommentError")
class CommentError(Problem[CommentCode]):
    pass


@strawberry.type
class CommentPayload:
    comment: Comment | None
    user_errors: list[CommentError]


@strawberry.type
class CommentDeletePayload:
    deleted_comment_id: strawberry.ID | None
    user_errors: list[CommentError]


@strawberry.input
class CommentAddInput:
    contact_id: strawberry.ID
    body: str = strawberry.field(description="1 to 10 000 characters.")
    mention_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Users to notify (at most 50)."
    )
    attachment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Files of the contact to attach (at most 20; upload them first)."
    )


@strawberry.input
class CommentEditInput:
    body: str
    mention_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Omitted: kept. Newly mentioned users are notified."
    )


def _comment(row: Record) -> Comment:
    entry = history_entry(row)
    assert isinstance(entry, Comment)  # noqa: S101  (the mutations write comments)
    return entry


async def _payload(info: Info, outcome: Outcome[int]) -> CommentPayload:
    return CommentPayload(
        comment=await read_back(info, outcome, HISTORY, _comment),
        user_errors=CommentError.list_of(outcome.errors),
    )


@strawberry.type
class CommentMutation:
    @strawberry.mutation(description="Comment on a contact's history; mentioned users are notified.")
    async def comment_add(self, info: Info, input: CommentAddInput) -> CommentPayload:
        outcome = await write.add(
            info.context, input.contact_id, input.body, list(input.mention_ids), list(input.attachment_ids)
        )
        return await _payload(info, outcome)

    @strawberry.mutation(description="Change your comment.")
    async def comment_edit(self, info: Info, id: strawberry.ID, input: CommentEditInput) -> CommentPayload:
        mentions = None if input.mention_ids is None else list(input.mention_ids)
        return await _payload(info, await write.edit(info.context, id, input.body, mentions))

    @strawberry.mutation(description="Delete your comment (admins: any comment).")
    async def comment_delete(self, info: Info, id: strawberry.ID) -> CommentDeletePayload:
        outcome = await write.delete(info.context, id)
        return CommentDeletePayload(
            deleted_comment_id=None if outcome.value is None else id,
            user_errors=CommentError.list_of(outcome.errors),
        )
