"""Users, workspaces and the viewer."""

from __future__ import annotations

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import Role
from contactcard.schema.node import Node

Info = strawberry.Info[RequestContext, None]


@strawberry.type(description="A team; groups nest, and a manager sees the contacts of their group's subtree.")
class Group(Node):
    name: str
    parent_id: strawberry.Private[int | None]

    @strawberry.field
    async def parent(self, info: Info) -> Group | None:
        return await load_group(info.context, self.parent_id)

    @classmethod
    def from_row(cls, row: Record) -> Group:
        return cls(id=strawberry.ID(to_global_id("Group", row.id)), name=row.name, parent_id=row.parent_id)


async def load_group(ctx: RequestContext, group_id: int | None) -> Group | None:
    row = await resolve_users.group(ctx, group_id)
    return None if row is None else Group.from_row(row)


@strawberry.type
class User(Node):
    name: str
    email: str
    role: Role
    avatar_url: str | None
    group_id: strawberry.Private[int | None]

    @strawberry.field
    async def group(self, info: Info) -> Group | None:
        return await load_group(info.context, self.group_id)

    @classmethod
    def from_row(cls, row: Record) -> User:
        return cls(
            id=strawberry.ID(to_global_id("User", row.id)),
            name=row.name,
            email=row.email,
            role=Role(row.role),
            avatar_url=row.avatar_url,
            group_id=row.group_id,
        )


def user_of(row: Record | None) -> User | None:
    """The `User` of a row joined into a list's statement (loaders/lists.py `Lookup`), if any."""
    return None if row is None else User.from_row(row)


async def load_user(ctx: RequestContext, purpose: str, user_id: int | None) -> User | None:
    """The `User` a record refers to, batched with the other references of the same `purpose`."""
    row = await resolve_users.user(ctx, purpose, user_id)
    return None if row is None else User.from_row(row)
