"""Keeping and releasing a workspace's bytes in the file store, consistently with the `files` rows.

Bytes are shared by every file row of the workspace with the same SHA-256, so they may go only when no
row names them. Both sides take a transaction-scoped advisory lock on the key: an upload keeps the bytes
and inserts its row under it; a release checks "does any row still name this key" and removes the bytes
under it. Whatever order two of them run in, no row is left naming bytes that are gone.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contactcard.db.models import File
from contactcard.files.store import FileStore, Pending

_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


async def lock(conn: AsyncConnection, keys: Iterable[str]) -> None:
    """Hold the keys' locks until the transaction ends (in sorted order: two releases never deadlock)."""
    for key in sorted(set(keys)):
        await conn.execute(_LOCK, {"key": key})


async def keep(conn: AsyncConnection, store: FileStore, pending: Pending, key: str) -> None:
    """In the transaction that inserts the row naming `key`: the bytes go under it."""
    await lock(conn, [key])
    await store.keep(pending, key)


async def release(engine: AsyncEngine, store: FileStore, workspace_id: int, keys: Iterable[str]) -> int:
    """Remove the bytes of `keys` that no file row of the workspace names any more; returns how many."""
    wanted = sorted(set(keys))
    if not wanted:
        return 0
    removed = 0
    async with engine.begin() as conn:
        await lock(conn, wanted)
        named = select(File.storage_key).where(
            File.workspace_id == workspace_id, File.storage_key.in_(wanted)
        )
        used = set((await conn.execute(named)).scalars())
        for key in wanted:
            if key not in used:
                await store.remove(key)
                removed += 1
    return removed
