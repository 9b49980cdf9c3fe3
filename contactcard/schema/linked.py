"""The contacts of a deal or a task: the same connection, from either side of the graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from contactcard.loaders.lists import ListSpec
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.lists import list_page
from contactcard.schema.pagination import Connection, connection

if TYPE_CHECKING:
    from contactcard.schema.contacts import Contact

LazyContact = Annotated["Contact", strawberry.lazy("contactcard.schema.contacts")]


async def linked_contacts(
    ctx: RequestContext, spec: ListSpec, parent_id: int, first: int | None, after: str | None
) -> Connection[LazyContact] | None:
    from contactcard.schema.contacts import Contact  # noqa: PLC0415  (Contact refers back to deals and tasks)

    return connection(await list_page(ctx, spec, parent_id, first, after), Contact.from_row)
