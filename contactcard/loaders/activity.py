"""History (comments and change events) and the files attached to comments."""

from __future__ import annotations

from sqlalchemy import Executable, select

from contactcard.db.base import any_of
from contactcard.db.models import File, HistoryEntry
from contactcard.loaders.base import OneByKeyLoader
from contactcard.loaders.lists import ListSpec

HISTORY = ListSpec("history", HistoryEntry.__table__, "contact_id", ("created_at", "id"))


class FileByIdLoader(OneByKeyLoader[int]):
    key_column = "id"

    def statement(self, keys: list[int]) -> Executable:
        files = File.__table__
        return select(files).where(files.c.workspace_id == self.env.workspace_id, any_of(files.c.id, keys))
