"""Writes of contacts and what identifies them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.models import Contact


async def touch(conn: AsyncConnection, workspace_id: int, contact_ids: Sequence[int]) -> None:
    """Move `updated_at` of contacts a mutation changed."""
    if contact_ids:
        await conn.execute(
            update(Contact)
            .where(Contact.workspace_id == workspace_id, Contact.id.in_(contact_ids))
            .values(updated_at=func.now())
        )
