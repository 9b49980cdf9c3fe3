"""The root Query: the viewer, contacts, and any object by global ID."""

from __future__ import annotations

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers import contacts as resolve_contacts
from contactcard.resolvers import nodes as resolve_nodes
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.contact_filters import ContactFilter, ContactOrder
from contactcard.schema.contacts import Contact
from contactcard.schema.enums import Role
from contactcard.schema.node import Node
from contactcard.schema.nodes import FETCHERS, NODE_TYPES
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.payloads import plain
from contactcard.schema.users import Group, User
from contactcard.schema.viewer import Viewer, Workspace

Info = strawberry.Info[RequestContext, None]


def _as_node(found: tuple[str, Record] | None) -> Node | None:
    if found is None:
        return None
    type_name, row = found
    node: Node = NODE_TYPES[type_name].make(row)
    return node


@strawberry.type
class Query:
    @strawberry.field(description="The user behind the request's token.")
    def viewer(self, info: Info) -> Viewer:
        viewer = info.context.viewer
        return Viewer(
            id=strawberry.ID(to_global_id("User", viewer.user_id)),
            name=viewer.name,
            email=viewer.email,
            role=Role(viewer.role),
            workspace=Workspace(
                id=strawberry.ID(to_global_id("Workspace", viewer.workspace_id)),
                name=viewer.workspace_name,
                max_upload_bytes=float(viewer.max_upload_bytes),
            ),
            scopes=sorted(scope.value for scope in viewer.scopes),
        )

    @strawberry.field(description="A contact the viewer may see; null for any other id.")
    async def contact(self, info: Info, id: strawberry.ID) -> Contact | None:
        row = await resolve_contacts.contact_by_global_id(info.context, id)
        return None if row is None else Contact.from_row(row)

    @strawberry.field(
        description="The contacts the viewer may see, newest first unless `orderBy` says otherwise, matching "
        "`filter`: `first` (1..100, default 20) after `after`, or `last` before `before`. Null, with an "
        "error at this path, when an argument is refused (BAD_FILTER names the part)."
    )
    async def contacts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ContactFilter | None = None,
        order_by: list[ContactOrder] | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Contact] | None:
        page = await resolve_contacts.contacts_page(
            info.context,
            first,
            after,
            plain(filter) if filter else None,
            plain(order_by) if order_by else None,
            last=last,
            before=before,
        )
        return connection(page, Contact.from_row)

    @strawberry.field(
        description="The workspace's active users, by name: whom contacts, deals and tasks go to."
    )
    async def users(self, info: Info) -> list[User]:
        return [User.from_row(row) for row in await resolve_users.workspace_users(info.context)]

    @strawberry.field(
        description="The groups (teams) you may place contacts in, by name: every group for an admin, a "
        "manager's group and its sub-groups, an agent's own group."
    )
    async def groups(self, info: Info) -> list[Group]:
        return [Group.from_row(row) for row in await resolve_users.usable_groups(info.context)]

    @strawberry.field(
        description="Any object by its global ID; null when it does not exist or is not visible."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return _as_node(await resolve_nodes.node(info.context, id, FETCHERS))

    @strawberry.field(
        description="Objects by global IDs (at most 250), in the order asked, null where not found."
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        found = await resolve_nodes.nodes(info.context, list(ids), FETCHERS)
        return [_as_node(one) for one in found]
