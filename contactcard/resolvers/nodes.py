"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the fetcher of its type.

Which types there are, and how each is fetched and shown, is the schema's node registry
(`contactcard/schema/nodes.py`); this module fetches by it: the id's type picks the fetcher, a type it does
not name (or a row the viewer may not see) is null.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from contactcard.db.base import AnyRow
from contactcard.loaders.lists import ListSpec
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.errors import TooManyIds
from contactcard.resolvers.ids import from_global_id

MAX_IDS = 250

Fetch = Callable[[RequestContext, int], Awaitable[AnyRow | None]]


def record(spec: ListSpec) -> Fetch:
    """A record of a contact's tab (a deal, a call, …): visible when one of its contacts is."""
    return lambda ctx, pk: ctx.loaders.record_of(spec).load(pk)


def contact(ctx: RequestContext, pk: int) -> Awaitable[AnyRow | None]:
    return ctx.loaders.contact_by_id.load(pk)


def user(ctx: RequestContext, pk: int) -> Awaitable[AnyRow | None]:
    return ctx.loaders.users_for("nodes").load(pk)


group: Fetch = resolve_users.group
custom_field: Fetch = resolve_users.custom_field


async def node(
    ctx: RequestContext, global_id: str, fetchers: Mapping[str, Fetch]
) -> tuple[str, AnyRow] | None:
    type_name, pk = from_global_id(global_id)
    fetch = fetchers.get(type_name)
    row = None if fetch is None else await fetch(ctx, pk)
    return None if row is None else (type_name, row)


async def nodes(
    ctx: RequestContext, global_ids: list[str], fetchers: Mapping[str, Fetch]
) -> list[tuple[str, AnyRow] | None]:
    if len(global_ids) > MAX_IDS:
        raise TooManyIds(f"`ids` takes at most {MAX_IDS} ids, got {len(global_ids)}")
    return list(await asyncio.gather(*(node(ctx, global_id, fetchers) for global_id in global_ids)))
