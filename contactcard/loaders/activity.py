"""History (comments and change events) and the files attached to comments."""

from __future__ import annotations

from sqlalchemy import Executable, any_, select

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility
from contactcard.db.models import File, HistoryEntry, User
from contactcard.db.prepared import prepared
from contactcard.loaders.base import OneByKeyLoader
from contactcard.loaders.lists import ListSpec, Lookup

AUTHOR = Lookup("author", User.__table__, "author_id")
HISTORY = ListSpec("history", HistoryEntry.__table__, "contact_id", ("created_at", "id"), lookups=(AUTHOR,))


class FileByIdLoader(OneByKeyLoader[int]):
    key_column = "id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        files = File.__table__
        return select(files).where(files.c.workspace_id == WORKSPACE, files.c.id == any_(KEYS))
