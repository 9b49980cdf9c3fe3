"""What a live subscriber receives: the events of contactcard/events.py, filtered for the viewer.

A contact's events reach a subscriber only while the viewer may see the contact (checked when subscribing
and again at each event, with fresh loaders: a connection lives long, a transferred contact leaves it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from contactcard.db.base import AnyRow
from contactcard.events import Hub
from contactcard.loaders import Loaders
from contactcard.resolvers import notifications
from contactcard.resolvers.context import RequestContext


def _hub(ctx: RequestContext) -> Hub:
    if ctx.live is None:
        raise RuntimeError("live events are served over the WebSocket endpoint only")
    return ctx.live


async def _sees(ctx: RequestContext, contact_pk: int) -> bool:
    fresh = Loaders.for_request(ctx.loaders.env)
    return await fresh.contact_by_id.load(contact_pk) is not None


async def contact_changes(ctx: RequestContext, contact_pk: int) -> AsyncIterator[dict[str, Any]]:
    """The contact's "changed" events, until the viewer may no longer see it."""
    async with _hub(ctx).subscription(ctx.viewer.workspace_id) as queue:
        if not await _sees(ctx, contact_pk):
            return
        while True:
            event = await queue.get()
            if event.get("type") != "contact" or event.get("id") != contact_pk:
                continue
            if not await _sees(ctx, contact_pk):
                return
            yield event


async def notifications_received(ctx: RequestContext) -> AsyncIterator[AnyRow]:
    """The viewer's new notifications, as they are written."""
    async with _hub(ctx).subscription(ctx.viewer.workspace_id) as queue:
        while True:
            event = await queue.get()
            if event.get("type") == "notification" and event.get("user") == ctx.viewer.user_id:
                row = await notifications.mine(ctx, int(event["id"]))
                if row is not None:
                    yield row
