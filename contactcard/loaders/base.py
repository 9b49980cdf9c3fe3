"""What every loader shares: the per-request environment, and the two batch shapes (one row per key, a list
of rows per key) over prepared statements.

Each batch reads on its own pooled connection: the panels of a card load concurrently, and one connection
cannot run two statements at once (DESIGN.md section 5).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.auth.viewer import Viewer
from contactcard.auth.visibility import Visibility, visibility_of, visibility_values
from contactcard.db.base import AnyRow
from contactcard.db.prepared import Prepared

Record = Any
"""What a loader hands the schema: a row of a statement, its columns by name (a named tuple), a list's
lookups unpacked into attributes of their own (`ListSpec.entries`). `Any`: each statement has its own
columns."""

K = TypeVar("K", bound=Hashable)


@dataclass
class ReadRoute:
    """Where a request's loaders read: a read replica (`DATABASE_READ_URL`) until the request writes, then
    the primary for the rest of it, so that it reads what it wrote (the replica may lag)."""

    replica: AsyncEngine | None = None
    wrote: bool = False


@dataclass(frozen=True)
class LoaderEnv:
    """What a loader needs to run its SQL: where to read, on whose behalf, and the viewer's parameters."""

    engine: AsyncEngine
    """The primary: writes, and every read that is not a loader's."""
    viewer: Viewer
    route: ReadRoute = field(default_factory=ReadRoute)
    visibility: Visibility = field(init=False)
    values: dict[str, Any] = field(init=False)
    """The workspace and the viewer's ids, by parameter name (auth/visibility.py)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "visibility", visibility_of(self.viewer))
        object.__setattr__(self, "values", visibility_values(self.viewer))

    @property
    def workspace_id(self) -> int:
        return self.viewer.workspace_id

    @property
    def reader(self) -> AsyncEngine:
        """Where loaders read now (see `ReadRoute`)."""
        replica = self.route.replica
        return self.engine if replica is None or self.route.wrote else replica

    async def rows(self, query: Prepared, **values: Any) -> list[Any]:
        """Run `query` with the viewer's parameters and `values`."""
        return await query.rows(self.reader, {**self.values, **values})


async def fetch_rows(engine: AsyncEngine, statement: Executable) -> Sequence[AnyRow]:
    """An ad-hoc statement through SQLAlchemy (layout edits, version lists): not worth preparing."""
    async with engine.connect() as conn:
        result = await conn.execute(statement)
        return result.all()


class _BatchLoader(DataLoader[K, Any], Generic[K]):
    """A loader bound to one request's environment; subclasses say which prepared statement reads a batch.

    `query(visibility)` builds the statement with the `keys` parameter (the batch's keys as one array) and
    any of the viewer's parameters; `@prepared` makes it once per kind of viewer.
    """

    key_column: ClassVar[str] = "key"

    def __init__(self, env: LoaderEnv) -> None:
        super().__init__()
        self.env = env

    @staticmethod
    def query(visibility: Visibility) -> Prepared:
        raise NotImplementedError

    async def rows(self, keys: list[K]) -> list[Any]:
        return await self.env.rows(self.query(self.env.visibility), keys=keys)


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
