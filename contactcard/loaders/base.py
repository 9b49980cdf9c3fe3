"""What every loader shares: the per-request environment, a read on its own pooled connection, and the two
batch shapes (one row per key, a list of rows per key).

Each batch reads on its own short-lived connection: the panels of a card load concurrently, and one
connection cannot run two statements at once (DESIGN.md section 5).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.auth.viewer import Viewer
from contactcard.db.base import AnyRow

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class LoaderEnv:
    """What a loader needs to build its SQL: where to read, and on whose behalf."""

    engine: AsyncEngine
    viewer: Viewer

    @property
    def workspace_id(self) -> int:
        return self.viewer.workspace_id


async def fetch_rows(engine: AsyncEngine, statement: Executable) -> Sequence[AnyRow]:
    async with engine.connect() as conn:
        result = await conn.execute(statement)
        return result.all()


class _BatchLoader(DataLoader[K, Any], Generic[K]):
    """A loader bound to one request's environment; subclasses say how to build the batch's statement."""

    key_column: ClassVar[str] = "key"

    def __init__(self, env: LoaderEnv) -> None:
        super().__init__()
        self.env = env

    def statement(self, keys: list[K]) -> Executable:
        raise NotImplementedError

    async def rows(self, keys: list[K]) -> Sequence[AnyRow]:
        return await fetch_rows(self.env.engine, self.statement(keys))


class OneByKeyLoader(_BatchLoader[K]):
    """One row (or None) per key, in key order. The statement's `key_column` names each row's key."""

    async def batch_load_fn(self, keys: list[K]) -> list[AnyRow | None]:
        by_key = {getattr(row, self.key_column): row for row in await self.rows(keys)}
        return [by_key.get(key) for key in keys]


class ManyByKeyLoader(_BatchLoader[K]):
    """A list of rows per key (`[]` for a miss), each list in the statement's order."""

    async def batch_load_fn(self, keys: list[K]) -> list[list[AnyRow]]:
        grouped: dict[K, list[AnyRow]] = {key: [] for key in keys}
        for row in await self.rows(keys):
            grouped[getattr(row, self.key_column)].append(row)
        return [grouped[key] for key in keys]
