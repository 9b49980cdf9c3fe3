"""History: comments and change events."""

from __future__ import annotations

from contactcard.db.models import HistoryEntry, User
from contactcard.loaders.lists import ListSpec, Lookup

AUTHOR = Lookup("author", User.__table__, "author_id")
HISTORY = ListSpec("history", HistoryEntry.__table__, "contact_id", ("created_at", "id"), lookups=(AUTHOR,))
