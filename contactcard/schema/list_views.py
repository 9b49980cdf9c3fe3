"""Saved contact list views and `contactList` in GraphQL (resolvers/list_views.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from contactcard.domain.columns import CellKind, Column
from contactcard.domain.errors import ListViewCode
from contactcard.domain.text import camel
from contactcard.loaders.base import Record
from contactcard.resolvers import contacts as resolve_contacts
from contactcard.resolvers import list_views as resolve
from contactcard.resolvers.cells import cell
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.contact_filters import ContactFilter, ContactOrder
from contactcard.schema.contacts import Contact
from contactcard.schema.node import Node
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.payloads import Problem, plain, provided
from contactcard.schema.users import User, load_user

Info = strawberry.Info[RequestContext, None]

strawberry.enum(CellKind, name="ListCellKind", description="How a list cell's value is to be shown.")
strawberry.enum(
    ListViewCode, name="ContactListViewErrorCode", description="Why a view mutation wrote nothing."
)


@strawberry.type(description="A column of a contact list: built in, or `field:<key>` for a custom field.")
class ListColumn:
    key: str
    title: str
    kind: CellKind

    @classmethod
    def of(cls, column: Column) -> ListColumn:
        return cls(key=column.key, title=column.title, kind=column.kind)


@strawberry.type(description="One cell of a list row: its value as JSON and as text to show.")
class ListCell:
    column: str
    kind: CellKind
    value: JSON | None = strawberry.field(
        description="A string, number, boolean, ISO date, list, or a user's id."
    )
    text: str | None


def _api_spelling(value: Any) -> Any:
    """A stored filter or order in the API's own spelling (camelCase keys, `or`)."""
    if isinstance(value, dict):
        return {
            ("or" if key == "or_" else "from" if key == "from_" else camel(key)): _api_spelling(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_api_spelling(item) for item in value]
    return value


@strawberry.type(description="A saved list: its filter, order, columns and page size; private or shared.")
class ContactListView(Node):
    name: str
    shared: bool
    page_size: int
    filter: JSON = strawberry.field(description="As `ContactFilter` takes it.")
    order_by: JSON = strawberry.field(description="As `[ContactOrder!]` takes it.")
    is_default: bool = strawberry.field(description="Your contact list opens with this view.")
    created_at: datetime
    updated_at: datetime
    column_keys: strawberry.Private[list[str]]
    owner_id: strawberry.Private[int]

    @strawberry.field
    async def columns(self, info: Info) -> list[ListColumn]:
        return [ListColumn.of(c) for c in await resolve.columns_of(info.context, self.column_keys)]

    @strawberry.field
    async def owner(self, info: Info) -> User | None:
        return await load_user(info.context, "views", self.owner_id)

    @classmethod
    def from_row(cls, row: Record, default_id: int | None) -> ContactListView:
        return cls(
            id=strawberry.ID(to_global_id("ContactListView", row.id)),
            name=row.name,
            shared=row.shared,
            page_size=row.page_size,
            filter=JSON(_api_spelling(row.filters)),
            order_by=JSON(_api_spelling(row.sort)),
            is_default=row.id == default_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            column_keys=list(row.columns),
            owner_id=row.user_id,
        )


@strawberry.type
class ContactListRow:
    contact: Contact
    column_list: strawberry.Private[list[Column]]

    @strawberry.field(description="One cell per column of the view, in its order.")
    async def cells(self, info: Info) -> list[ListCell]:
        cells = [await cell(info.context, self.contact, column) for column in self.column_list]
        return [
            ListCell(column=column.key, kind=column.kind, value=found.value, text=found.text)
            for column, found in zip(self.column_list, cells, strict=True)
        ]


@strawberry.type(description="A page of a view: its columns and rows.")
class ContactListPage:
    view: ContactListView | None = strawberry.field(description="Null: the built-in default view.")
    columns: list[ListColumn]
    rows: Connection[ContactListRow]


@strawberry.type(name="ContactListViewError")
class ContactListViewError(Problem[ListViewCode]):
    pass


@strawberry.type
class ContactListViewPayload:
    view: ContactListView | None
    user_errors: list[ContactListViewError]


@strawberry.input
class ContactListViewInput:
    name: str | None = strawberry.UNSET
    filter: ContactFilter | None = strawberry.UNSET
    order_by: list[ContactOrder] | None = strawberry.UNSET
    columns: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Column keys (`ListColumn.key`), in order; 1 to 30."
    )
    page_size: int | None = strawberry.field(default=strawberry.UNSET, description="10, 20 or 50.")
    shared: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Visible to the whole workspace."
    )


def _view_data(input: ContactListViewInput) -> dict[str, Any]:
    data = provided(input)
    for key in ("filter", "order_by"):
        if key in data:
            data[key] = plain(data[key]) if data[key] is not None else None
    return data


async def _payload(info: Info, outcome: Outcome[int]) -> ContactListViewPayload:
    errors = ContactListViewError.list_of(outcome.errors)
    if outcome.value is None:
        return ContactListViewPayload(view=None, user_errors=errors)
    rows, default = await resolve.views(info.context)
    row = next((r for r in rows if r.id == outcome.value), None)
    return ContactListViewPayload(
        view=None if row is None else ContactListView.from_row(row, default), user_errors=errors
    )


@strawberry.type
class ListViewQuery:
    @strawberry.field(description="Your views and the workspace's shared ones, by name.")
    async def contact_list_views(self, info: Info) -> list[ContactListView]:
        rows, default = await resolve.views(info.context)
        return [ContactListView.from_row(row, default) for row in rows]

    @strawberry.field(
        description="A view's page of contacts with its columns as typed cells (no `viewId`: your default "
        "view, else the built-in columns). `filter` replaces the view's filter for this page (what a "
        "dashboard's search box shows before the view is saved). Null for a view you may not use."
    )
    async def contact_list(
        self,
        info: Info,
        view_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        filter: ContactFilter | None = None,
    ) -> ContactListPage | None:
        chosen = await resolve.chosen_view(info.context, view_id)
        if chosen is None:
            return None
        columns = await resolve.columns_of(info.context, chosen.columns)
        chosen_filter = plain(filter) if filter is not None else chosen.filter or None
        page = await resolve_contacts.contacts_page(
            info.context, first or chosen.page_size, after, chosen_filter or None, chosen.order_by or None
        )
        return ContactListPage(
            view=None if chosen.row is None else ContactListView.from_row(chosen.row, chosen.default_id),
            columns=[ListColumn.of(c) for c in columns],
            rows=connection(
                page, lambda row: ContactListRow(contact=Contact.from_row(row), column_list=columns)
            ),
        )


@strawberry.type
class ListViewMutation:
    @strawberry.mutation(description="Save a list view (default columns: the seeds' commercial panel).")
    async def contact_list_view_create(
        self, info: Info, input: ContactListViewInput
    ) -> ContactListViewPayload:
        return await _payload(info, await resolve.create(info.context, _view_data(input)))

    @strawberry.mutation(description="Change a view (its owner; a shared one: an admin too).")
    async def contact_list_view_update(
        self, info: Info, id: strawberry.ID, input: ContactListViewInput
    ) -> ContactListViewPayload:
        return await _payload(info, await resolve.update(info.context, id, _view_data(input)))

    @strawberry.mutation(description="Delete a view (its owner; a shared one: an admin too).")
    async def contact_list_view_delete(self, info: Info, id: strawberry.ID) -> ContactListViewPayload:
        outcome = await resolve.delete(info.context, id)
        return ContactListViewPayload(view=None, user_errors=ContactListViewError.list_of(outcome.errors))

    @strawberry.mutation(description="Open your contact list with this view (null: the built-in one).")
    async def contact_list_view_set_default(
        self, info: Info, id: strawberry.ID | None = None
    ) -> ContactListViewPayload:
        outcome = await resolve.set_default(info.context, id)
        if outcome.value is None:
            return ContactListViewPayload(view=None, user_errors=ContactListViewError.list_of(outcome.errors))
        return await _payload(info, outcome)  # type: ignore[arg-type]
