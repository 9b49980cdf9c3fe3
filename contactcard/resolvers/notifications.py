"""The viewer's notifications (mentions, finished jobs), newest first, and marking them read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, tuple_, update

from contactcard.db.base import AnyRow
from contactcard.db.models import Notification
from contactcard.domain.errors import NotificationCode, UserError
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import MAX_BATCH, Unit, mutation
from contactcard.resolvers.pagination import Page, decode_cursor, encode_cursor, page_of, page_size
from contactcard.resolvers.permissions import EDIT_OWN_SETTINGS

_LIST = "notifications"


def _mine(ctx: RequestContext, unread: bool) -> list[Any]:
    viewer = ctx.viewer
    found = [Notification.workspace_id == viewer.workspace_id, Notification.user_id == viewer.user_id]
    return [*found, Notification.read_at.is_(None)] if unread else found


async def page(ctx: RequestContext, first: int | None, after: str | None, unread: bool) -> Page[AnyRow]:
    limit = page_size(first)
    scope = f"{ctx.viewer.user_id}:{'unread' if unread else 'all'}"
    query = select(Notification).where(*_mine(ctx, unread))
    if after is not None:
        at, pk = decode_cursor(after, _LIST, scope, (datetime, int))
        query = query.where(tuple_(Notification.created_at, Notification.id) < tuple_(at, pk))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit + 1)
    engine = ctx.loaders.env.engine
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()

    async def count() -> int:
        async with engine.connect() as conn:
            counted = select(func.count()).select_from(Notification).where(*_mine(ctx, unread))
            return int((await conn.execute(counted)).scalar_one())

    return page_of(
        rows,
        limit,
        cursor_of=lambda row: encode_cursor(_LIST, scope, row.created_at, row.id),
        after_given=after is not None,
        count=count,
    )


@mutation(EDIT_OWN_SETTINGS, NotificationCode)
async def mark_read(unit: Unit, ids: list[str] | None, every: bool) -> int:
    """Mark the given notifications (or, with `every`, all) read; how many were unread."""
    if (ids is None) == (not every):
        unit.refuse("input", "INVALID_VALUE", "give `ids` or `all: true`, one of them")
    conditions = _mine(unit.ctx, True)
    if ids is not None:
        if not 1 <= len(ids) <= MAX_BATCH:
            unit.refuse("input.ids", "TOO_MANY", f"1 to {MAX_BATCH} notifications at once")
        pks = [pk_of(gid, "Notification") for gid in ids]
        mine = select(Notification.id).where(
            *_mine(unit.ctx, False), Notification.id.in_([pk for pk in pks if pk is not None])
        )
        known = set((await unit.conn.execute(mine)).scalars())
        unit.check(
            UserError(f"input.ids.{i}", NotificationCode.NOT_FOUND, "no such notification")
            for i, pk in enumerate(pks)
            if pk not in known
        )
        conditions.append(Notification.id.in_(pks))
    marked = await unit.conn.execute(
        update(Notification).where(*conditions).values(read_at=func.now()).returning(Notification.id)
    )
    return len(marked.all())


async def mine(ctx: RequestContext, pk: int) -> AnyRow | None:
    """One of the viewer's notifications (None for anyone else's)."""
    async with ctx.loaders.env.engine.connect() as conn:
        found = await conn.execute(select(Notification).where(*_mine(ctx, False), Notification.id == pk))
        return found.first()
