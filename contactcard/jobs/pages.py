"""A job's contacts: its stored selection compiled as the list compiles it, read in keyset pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from contactcard.db.base import AnyRow
from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.contact_filters import (
    FilterShape,
    Leaf,
    Sort,
    filtered_count_query,
    filtered_page_query,
)
from contactcard.resolvers.contact_filter import Compiled, compile_filter
from contactcard.resolvers.context import RequestContext


async def compiled_selection(
    ctx: RequestContext, selection: dict[str, Any], order_by: list[Any] | None = None
) -> Compiled:
    """`{"ids": [pk, …]}` or `{"filter": stored filter}` (or neither: every contact the viewer sees), in the
    order `order_by` (the list's own when None). BadFilter if the filter is no longer one the list takes."""
    compiled = await compile_filter(ctx, selection.get("filter"), order_by)
    if "ids" in selection:
        return Compiled(FilterShape((Leaf("ids"),)), {"f0": list(selection["ids"])}, compiled.order)
    return compiled


async def count(env: LoaderEnv, compiled: Compiled) -> int:
    rows = await env.rows(filtered_count_query(env.visibility, compiled.shape), **compiled.values)
    return int(rows[0].total)


async def pages(env: LoaderEnv, compiled: Compiled, size: int) -> AsyncIterator[list[AnyRow]]:
    """The matching contacts the viewer sees, `size` at a time, in the compiled order. Each page is read
    after the last one's position: a contact changed by the job (closed, deleted) is neither seen twice nor
    skipped."""
    position: tuple[Any, Any] | None = None
    while True:
        after = {} if position is None else Sort.bound(position)
        query = filtered_page_query(env.visibility, compiled.shape, compiled.order, position is not None)
        rows = await env.rows(query, **compiled.values, **after, limit=size)
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        position = compiled.order.position(rows[-1])
