"""The cells of a contact list's columns: what the list shows (`contactList`) and an export writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contactcard.db.enums import ChannelKind
from contactcard.domain.columns import FIELD_PREFIX, Column
from contactcard.resolvers import contacts as resolve_contacts
from contactcard.resolvers import users as resolve_users
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id

_ATTRIBUTES = {
    "CLOSE_REASON": "close_reason",
    "CREATED_AT": "created_at",
    "UPDATED_AT": "updated_at",
    "LAST_ACTIVITY_AT": "last_activity_at",
}
"""Columns that are one attribute of the contact under another name (the rest: the key in lower case)."""


@dataclass(frozen=True)
class Cell:
    value: Any
    """The typed value (JSON-ready: a text, number, boolean, list, ISO date; a user's global id)."""
    text: str | None
    """The value as a person reads it (a user's name, a list joined with commas)."""


async def cell(ctx: RequestContext, contact: Any, column: Column) -> Cell:
    """The cell of `column` for `contact` (the GraphQL `Contact`), through the context's loaders: the cells
    of a page of rows are batched."""
    key = column.key
    value: Any
    if key == "AGENT":
        user = await resolve_users.user(ctx, "assignees", contact.assigned_user_id)
        return Cell(None, None) if user is None else Cell(to_global_id("User", user.id), user.name)
    if key == "GROUP":
        group = await resolve_users.group(ctx, contact.group_id)
        value = None if group is None else group.name
    elif key == "TAGS":
        value = [row.name for row in await resolve_contacts.tags(ctx, contact.pk)]
    elif key in {"EMAIL", "PHONE"}:
        kind = ChannelKind.EMAIL if key == "EMAIL" else ChannelKind.PHONE
        value = await resolve_contacts.primary_channel_value(ctx, contact.pk, kind)
    elif key == "PENDING_SINCE":
        value = None if contact.status.value != "OPEN" else (contact.last_activity_at or contact.created_at)
    elif key.startswith(FIELD_PREFIX):
        value = contact.attributes.get(key[len(FIELD_PREFIX) :])
    else:
        value = getattr(contact, _ATTRIBUTES.get(key, key.lower()))
    value = getattr(value, "value", value)
    if isinstance(value, datetime):
        value = value.isoformat()
    text = None if value is None else ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return Cell(value, text)
