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
    rows = await ctx.loaders.list_of(spec).load((parent_id, _page_args(limit, position, filters)))
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


def _page_args(limit: int, position: tuple[object, ...] | None, filters: Filters) -> PageArgs:
    return PageArgs(limit + 1, position, filters)  # the extra row says whether a next page follows


async def read_first_pages(
    ctx: RequestContext, contact_id: int, pages: list[tuple[ListSpec, int, Filters]]
) -> None:
    """Read the first pages a contact's card shows (`(list, page size, filters)` each) in one statement with
    those of the other cards of the request, so that `list_page` finds them loaded."""
    wanted = tuple((spec.name, _page_args(page_size(size), None, filters)) for spec, size, filters in pages)
    if not wanted:
        return
    try:
        await ctx.loaders.first_pages.load((contact_id, wanted))
    except Exception:
        # One failing panel must not fail the card: each panel then reads its own page, and an error is
        # reported at the panel that meets it.
        return
