"""A contact's files and documents: the lists of the FILES and DOCUMENTS panels, each one statement with
what its entries refer to (the uploader; the document's file and author) joined in."""

from __future__ import annotations

from contactcard.db.models import Document, File, User
from contactcard.loaders.lists import ListSpec, Lookup

UPLOADER = Lookup("uploaded_by", User.__table__, "uploaded_by_id")
FILES = ListSpec("files", File.__table__, "contact_id", ("created_at", "id"), lookups=(UPLOADER,))
DOCUMENTS = ListSpec(
    "documents",
    Document.__table__,
    "contact_id",
    ("created_at", "id"),
    lookups=(
        Lookup("file", File.__table__, "file_id"),
        Lookup("created_by", User.__table__, "created_by_id"),
    ),
)
