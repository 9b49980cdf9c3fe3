"""Saved contact list views: those a user may use (their own and the shared ones) and their default."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.db.base import AnyRow
from contactcard.db.models import ListView, ListViewDefault
from contactcard.loaders.base import fetch_rows


def _usable(workspace_id: int, user_id: int) -> object:
    return (ListView.workspace_id == workspace_id) & or_(ListView.user_id == user_id, ListView.shared)


async def usable_views(engine: AsyncEngine, workspace_id: int, user_id: int) -> Sequence[AnyRow]:
    """The user's own views and the workspace's shared ones, by name."""
    query = select(ListView).where(_usable(workspace_id, user_id)).order_by(ListView.name, ListView.id)  # type: ignore[arg-type]
    return await fetch_rows(engine, query)


async def default_view_id(engine: AsyncEngine, workspace_id: int, user_id: int) -> int | None:
    query = select(ListViewDefault.view_id).where(
        ListViewDefault.workspace_id == workspace_id, ListViewDefault.user_id == user_id
    )
    rows = await fetch_rows(engine, query)
    return int(rows[0].view_id) if rows else None
