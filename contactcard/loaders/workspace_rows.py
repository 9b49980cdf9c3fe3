"""A workspace's small lists (custom fields, groups, users, tags, pipelines, courses): one loader shape for
all of them, keyed by the workspace id, each list in its own display order."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Executable, select

from contactcard.auth.visibility import WORKSPACE, Visibility
from contactcard.db.base import Base
from contactcard.db.prepared import Prepared, prepared
from contactcard.loaders.base import LoaderEnv, ManyByKeyLoader


@dataclass(frozen=True)
class WorkspaceList:
    table: str
    order: tuple[str, ...]
    active_only: bool = False
    """Leave out rows with `deactivated_at` (users who left)."""


@prepared
def workspace_rows_query(listing: WorkspaceList) -> Executable:
    table = Base.metadata.tables[listing.table]
    query = select(table).where(table.c.workspace_id == WORKSPACE)
    if listing.active_only:
        query = query.where(table.c.deactivated_at.is_(None))
    return query.order_by(*(table.c[name] for name in listing.order))


class WorkspaceRowsLoader(ManyByKeyLoader[int]):
    """Every row of one of the workspace's lists (the key is the viewer's workspace id)."""

    key_column = "workspace_id"

    def __init__(self, env: LoaderEnv, listing: WorkspaceList) -> None:
        super().__init__(env)
        self.listing = listing

    def query(self, _visibility: Visibility) -> Prepared:  # type: ignore[override]
        """The list's statement (bound to this loader's list, not only to the kind of viewer)."""
        return workspace_rows_query(self.listing)


CUSTOM_FIELDS = WorkspaceList("custom_fields", ("position", "id"))
GROUPS = WorkspaceList("groups", ("name", "id"))
ACTIVE_USERS = WorkspaceList("users", ("name", "id"), active_only=True)
TAGS = WorkspaceList("tags", ("name_key", "id"))
PIPELINES = WorkspaceList("pipelines", ("position", "id"))
COURSES = WorkspaceList("courses", ("title", "id"))
