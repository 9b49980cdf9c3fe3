"""Contacts: one by id, the visible list, and the identity fields of a contact."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contactcard.db.base import AnyRow
from contactcard.db.enums import ChannelKind
from contactcard.loaders import contacts as contact_sql
from contactcard.loaders.contact_filters import Sort, filtered_count_query, filtered_page_query
from contactcard.resolvers.contact_filter import BadFilter, compile_filter
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.pagination import Page, decode_cursor, encode_cursor, page_of, page_size

_LIST = "contacts"


async def contact_by_global_id(ctx: RequestContext, global_id: str) -> AnyRow | None:
    pk = pk_of(global_id, "Contact")
    return None if pk is None else await ctx.loaders.contact_by_id.load(pk)


async def contacts_page(
    ctx: RequestContext,
    first: int | None,
    after: str | None,
    filter_: dict[str, Any] | None = None,
    order_by: list[Any] | None = None,
    *,
    last: int | None = None,
    before: str | None = None,
) -> Page[AnyRow]:
    """A page of the viewer's contacts, newest first unless ordered otherwise, matching the filter: the
    `first` after `after`, or (backwards) the `last` before `before`."""
    backwards = last is not None or before is not None
    if backwards and (first is not None or after is not None):
        raise BadFilter("page forwards (`first`, `after`) or backwards (`last`, `before`), not both")
    compiled = await compile_filter(ctx, filter_, order_by)
    if not backwards and compiled.shape.empty and compiled.order == Sort():
        return await _newest_first(ctx, first, after)
    limit = page_size(last if backwards else first)
    scope = ctx.viewer.workspace_id
    sort = compiled.order
    kind = f"{_LIST}:{sort.name}"
    cursor = before if backwards else after
    position = decode_cursor(cursor, kind, scope, sort.types) if cursor is not None else None
    env = ctx.loaders.env
    values = {**compiled.values, "limit": limit + 1, **({} if position is None else Sort.bound(position))}
    # Backwards is forwards in the reversed order from the cursor, the page then put back in order.
    reading = sort.reversed if backwards else sort
    rows = await env.rows(
        filtered_page_query(env.visibility, compiled.shape, reading, position is not None), **values
    )
    more = len(rows) > limit
    kept = rows[:limit][::-1] if backwards else rows[:limit]
    ctx.loaders.contact_by_id.remember(kept)

    async def count() -> int:
        found = await env.rows(filtered_count_query(env.visibility, compiled.shape), **compiled.values)
        return int(found[0].total)

    return Page(
        rows=kept,
        cursor_of=lambda row: encode_cursor(kind, scope, *sort.position(row)),
        has_next_page=cursor is not None if backwards else more,
        has_previous_page=more if backwards else cursor is not None,
        count=count,
    )


async def _newest_first(ctx: RequestContext, first: int | None, after: str | None) -> Page[AnyRow]:
    """The unfiltered list in its default order: the statement the benchmark's floor runs too."""
    limit = page_size(first)
    scope = ctx.viewer.workspace_id
    position = decode_cursor(after, _LIST, scope, (datetime, int)) if after is not None else None
    rows = await contact_sql.list_contacts(ctx.loaders.env, limit + 1, position)
    ctx.loaders.contact_by_id.remember(rows[:limit])

    async def count() -> int:
        return await contact_sql.count_contacts(ctx.loaders.env)

    return page_of(
        rows,
        limit,
        cursor_of=lambda row: encode_cursor(_LIST, scope, row.created_at, row.id),
        after_given=after is not None,
        count=count,
    )


async def channels(ctx: RequestContext, contact_id: int, kind: ChannelKind) -> list[AnyRow]:
    rows = await ctx.loaders.channels_by_contact.load(contact_id)
    return [row for row in rows if row.kind == kind.value]


async def primary_channel_value(ctx: RequestContext, contact_id: int, kind: ChannelKind) -> str | None:
    """The primary channel of a kind; if none is marked, the first added (DESIGN.md section 2)."""
    rows = await channels(ctx, contact_id, kind)
    primary = next((row for row in rows if row.is_primary), rows[0] if rows else None)
    return None if primary is None else str(primary.value)


async def tags(ctx: RequestContext, contact_id: int) -> list[AnyRow]:
    return await ctx.loaders.tags_by_contact.load(contact_id)  # type: ignore[no-any-return]


async def company_links(ctx: RequestContext, contact_id: int) -> list[AnyRow]:
    return await ctx.loaders.company_links_by_contact.load(contact_id)  # type: ignore[no-any-return]


async def field_values(ctx: RequestContext, attributes: dict[str, Any]) -> list[tuple[AnyRow, Any]]:
    """Every field the workspace defines, in display order, with this contact's value (None when unset)."""
    definitions = await ctx.loaders.custom_fields_by_workspace.load(ctx.viewer.workspace_id)
    return [(definition, attributes.get(definition.key)) for definition in definitions]
