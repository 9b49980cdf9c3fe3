"""History entries written by mutations: change events (who changed which field, before and after)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.enums import HistoryKind
from contactcard.db.models import HistoryEntry

ChangeRow = tuple[int | None, int | None, str, Any, Any]
"""(contact_id, subject_user_id, field, before, after)."""


async def record_changes(
    conn: AsyncConnection, *, workspace_id: int, author_id: int, changes: Sequence[ChangeRow]
) -> None:
    """One CHANGE entry per changed field, all in one statement."""
    if not changes:
        return
    await conn.execute(
        insert(HistoryEntry),
        [
            {
                "workspace_id": workspace_id,
                "contact_id": contact_id,
                "subject_user_id": user_id,
                "author_id": author_id,
                "kind": HistoryKind.CHANGE,
                "field": field,
                "before": before,
                "after": after,
            }
            for contact_id, user_id, field, before, after in changes
        ],
    )
