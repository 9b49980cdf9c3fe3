"""Users referred to by other records (assignees, authors, mentions), batched per purpose."""

from __future__ import annotations

from contactcard.db.base import AnyRow
from contactcard.db.enums import Role
from contactcard.resolvers.context import RequestContext


async def user(ctx: RequestContext, purpose: str, user_id: int | None) -> AnyRow | None:
    """The user `user_id` (None when the reference is empty or the user is gone)."""
    return None if user_id is None else await ctx.loaders.users_for(purpose).load(user_id)


async def users(ctx: RequestContext, purpose: str, user_ids: list[int]) -> list[AnyRow]:
    """The users of `user_ids` that exist, in the given order."""
    rows = await ctx.loaders.users_for(purpose).load_many(user_ids)
    return [row for row in rows if row is not None]


async def workspace_users(ctx: RequestContext) -> list[AnyRow]:
    """The workspace's active users, by name (whom a contact, deal or task can be assigned to)."""
    return await ctx.loaders.active_users_by_workspace.load(ctx.viewer.workspace_id)  # type: ignore[no-any-return]


async def groups(ctx: RequestContext) -> list[AnyRow]:
    """The workspace's groups, by name."""
    return await ctx.loaders.groups_by_workspace.load(ctx.viewer.workspace_id)  # type: ignore[no-any-return]


async def usable_groups(ctx: RequestContext) -> list[AnyRow]:
    """The groups the viewer may place contacts in: an admin every group, a manager their group's subtree,
    an agent their own group."""
    viewer = ctx.viewer
    rows = await groups(ctx)
    if viewer.role is Role.ADMIN:
        return rows
    allowed = set(viewer.group_ids) if viewer.role is Role.MANAGER else {viewer.group_id}
    return [row for row in rows if row.id in allowed]


async def group(ctx: RequestContext, group_id: int | None) -> AnyRow | None:
    if group_id is None:
        return None
    return next((row for row in await groups(ctx) if row.id == group_id), None)


async def custom_field(ctx: RequestContext, field_id: int) -> AnyRow | None:
    rows = await ctx.loaders.custom_fields_by_workspace.load(ctx.viewer.workspace_id)
    return next((row for row in rows if row.id == field_id), None)
