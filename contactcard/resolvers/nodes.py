"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the loader of its type."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from contactcard.db.base import AnyRow
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.errors import TooManyIds
from contactcard.resolvers.ids import from_global_id

MAX_IDS = 250

_FETCHERS: dict[str, Callable[[RequestContext, int], Awaitable[AnyRow | None]]] = {
    "Contact": lambda ctx, pk: ctx.loaders.contact_by_id.load(pk),
    "User": lambda ctx, pk: ctx.loaders.users_for("nodes").load(pk),
}


async def node(ctx: RequestContext, global_id: str) -> tuple[str, AnyRow] | None:
    type_name, pk = from_global_id(global_id)
    fetch = _FETCHERS.get(type_name)
    row = None if fetch is None else await fetch(ctx, pk)
    return None if row is None else (type_name, row)


async def nodes(ctx: RequestContext, global_ids: list[str]) -> list[tuple[str, AnyRow] | None]:
    if len(global_ids) > MAX_IDS:
        raise TooManyIds(f"`ids` takes at most {MAX_IDS} ids, got {len(global_ids)}")
    return list(await asyncio.gather(*(node(ctx, global_id) for global_id in global_ids)))
