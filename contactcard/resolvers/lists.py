"""One page of a per-parent list (a contact's tab, a deal's contacts), with its cursors and its count."""

from __future__ import annotations

from contactcard.db.base import AnyRow
from contactcard.loaders.lists import Filters, ListSpec, PageArgs
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.pagination import Page, decode_cursor, encode_cursor, page_of, page_size


async def list_page(
    ctx: RequestContext,
    spec: ListSpec,
    parent_id: int,
    first: int | None,
    after: str | None,
    filters: Filters = (),
) -> Page[AnyRow]:
    """`first` rows of the parent's list after `after`; a cursor of another list or parent is refused."""
    limit = page_size(first)
    position = decode_cursor(after, spec.name, parent_id, spec.cursor_types) if after is not None else None
    rows = await ctx.loaders.list_of(spec).load((parent_id, PageArgs(limit + 1, position, filters)))
    width = len(spec.sort)

    async def count() -> int:
        return await ctx.loaders.count_of(spec).load((parent_id, filters))

    return page_of(
        rows,
        limit,
        cursor_of=lambda row: encode_cursor(
            spec.name, parent_id, *(getattr(row, f"sort{n}") for n in range(width))
        ),
        after_given=after is not None,
        count=count,
    )
