"""The viewer: the user behind the request's token, and their card layout."""

from __future__ import annotations

import strawberry

from contactcard.resolvers import layouts as resolve_layouts
from contactcard.resolvers.context import RequestContext
from contactcard.schema.enums import Role
from contactcard.schema.layouts import CardLayout, CardLayoutVersion
from contactcard.schema.pagination import Connection, connection

Info = strawberry.Info[RequestContext, None]


@strawberry.type
class Workspace:
    id: strawberry.ID
    name: str
    max_upload_bytes: float = strawberry.field(
        description="The largest file `fileUpload` accepts here, in bytes (a Float: it can exceed 2^31)."
    )


@strawberry.type(description="The user behind the request's token.")
class Viewer:
    id: strawberry.ID
    name: str
    email: str
    role: Role
    workspace: Workspace
    scopes: list[str]

    @strawberry.field(description="The layout the viewer's cards follow, merged from every layer.")
    async def card_layout(self, info: Info) -> CardLayout:
        return CardLayout.of(await resolve_layouts.effective_layout(info.context))

    @strawberry.field(description="The versions of the viewer's own layout, newest first.")
    async def card_layout_versions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CardLayoutVersion] | None:
        target = resolve_layouts.own_target(info.context)
        page = await resolve_layouts.versions_page(info.context, target, first, after)
        return connection(page, CardLayoutVersion.from_row)
