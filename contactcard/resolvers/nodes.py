"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the loader of its type."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from contactcard.db.base import AnyRow
from contactcard.loaders.activity import HISTORY
from contactcard.loaders.behaviour import CONSENT_LOG, TIMELINE
from contactcard.loaders.commerce import CALLS, ENROLLMENTS, PAYMENT_LINKS, PAYMENTS
from contactcard.loaders.deals import DEALS_OF_CONTACT
from contactcard.loaders.lists import ListSpec
from contactcard.loaders.tasks import TASKS_OF_CONTACT
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.errors import TooManyIds
from contactcard.resolvers.ids import from_global_id

MAX_IDS = 250

Fetch = Callable[[RequestContext, int], Awaitable[AnyRow | None]]

RECORDS: dict[str, ListSpec] = {
    "Deal": DEALS_OF_CONTACT,
    "Task": TASKS_OF_CONTACT,
    "HistoryEntry": HISTORY,
    "Payment": PAYMENTS,
    "PaymentLink": PAYMENT_LINKS,
    "Call": CALLS,
    "Enrollment": ENROLLMENTS,
    "TimelineEvent": TIMELINE,
    "ConsentRecord": CONSENT_LOG,
}
"""Records of a contact's tabs by the type name of their global ids: visible when one of their contacts is."""


def _record(spec: ListSpec) -> Fetch:
    return lambda ctx, pk: ctx.loaders.record_of(spec).load(pk)


_FETCHERS: dict[str, Fetch] = {
    "Contact": lambda ctx, pk: ctx.loaders.contact_by_id.load(pk),
    "User": lambda ctx, pk: ctx.loaders.users_for("nodes").load(pk),
    "File": lambda ctx, pk: ctx.loaders.visible_file_by_id.load(pk),
    "Group": resolve_users.group,
    "CustomField": resolve_users.custom_field,
    **{type_name: _record(spec) for type_name, spec in RECORDS.items()},
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
