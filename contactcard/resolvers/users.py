"""Users referred to by other records (assignees, authors, mentions), batched per purpose."""

from __future__ import annotations

from contactcard.db.base import AnyRow
from contactcard.resolvers.context import RequestContext


async def user(ctx: RequestContext, purpose: str, user_id: int | None) -> AnyRow | None:
    """The user `user_id` (None when the reference is empty or the user is gone)."""
    return None if user_id is None else await ctx.loaders.users_for(purpose).load(user_id)


async def users(ctx: RequestContext, purpose: str, user_ids: list[int]) -> list[AnyRow]:
    """The users of `user_ids` that exist, in the given order."""
    rows = await ctx.loaders.users_for(purpose).load_many(user_ids)
    return [row for row in rows if row is not None]
