"""History (comments and change events) and the files attached to comments."""

from __future__ import annotations

from sqlalchemy import Executable, any_, select

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility, visible_contacts
from contactcard.db.models import Contact, File, HistoryEntry, User
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


class VisibleFileByIdLoader(OneByKeyLoader[int]):
    """A file by id if a comment on a contact the viewer sees has it attached (`node(id:)`)."""

    key_column = "id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        files, entries, contacts = File.__table__, HistoryEntry.__table__, Contact.__table__
        seen = (
            select(contacts.c.id)
            .where(visible_contacts(visibility, contacts), contacts.c.id == entries.c.contact_id)
            .exists()
        )
        attached = (
            select(entries.c.id)
            .where(
                entries.c.workspace_id == files.c.workspace_id,
                files.c.id == any_(entries.c.attachment_file_ids),
                seen,
            )
            .exists()
        )
        return select(files).where(files.c.workspace_id == WORKSPACE, files.c.id == any_(KEYS), attached)
