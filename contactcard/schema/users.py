"""Users, workspaces and the viewer."""

from __future__ import annotations

import strawberry

from contactcard.db.base import AnyRow
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import Role
from contactcard.schema.node import Node


@strawberry.type
class Workspace:
    id: strawberry.ID
    name: str


@strawberry.type
class User(Node):
    name: str
    email: str
    role: Role
    avatar_url: str | None

    @classmethod
    def from_row(cls, row: AnyRow) -> User:
        return cls(
            id=strawberry.ID(to_global_id("User", row.id)),
            name=row.name,
            email=row.email,
            role=Role(row.role),
            avatar_url=row.avatar_url,
        )


@strawberry.type(description="The user behind the request's token.")
class Viewer:
    id: strawberry.ID
    name: str
    email: str
    role: Role
    workspace: Workspace
    scopes: list[str]
