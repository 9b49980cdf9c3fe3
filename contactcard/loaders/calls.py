"""A contact's calls, each with the user who made or took it."""

from __future__ import annotations

from contactcard.db.models import Call, User
from contactcard.loaders.lists import ListSpec, Lookup

CALLER = Lookup("caller", User.__table__, "user_id")
CALLS = ListSpec("calls", Call.__table__, "contact_id", ("started_at", "id"), lookups=(CALLER,))
