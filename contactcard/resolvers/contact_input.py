"""Checking a contact's input: each function returns what to store and adds a UserError per problem to
`errors`, so one refusal lists every problem of the input at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from contactcard.auth.visibility import sees
from contactcard.db.base import AnyRow
from contactcard.db.enums import ChannelKind, ContactStatus
from contactcard.db.writes import contacts as contact_sql
from contactcard.domain import channels as channel_rules
from contactcard.domain.channels import ChannelValue
from contactcard.domain.errors import ContactCode, UserError
from contactcard.domain.fields import ValueRefused, checked_value
from contactcard.domain.text import camel
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import MAX_BATCH, Unit

TEXT_LIMITS = {"first_name": 200, "last_name": 200, "interest": 200, "location": 300, "close_reason": 2000}
MAX_CHANNELS = 50
"""Channels of one kind in one input."""
MAX_TAG = 100
_CHANNEL_CODES = {
    ChannelKind.EMAIL: ContactCode.INVALID_EMAIL,
    ChannelKind.PHONE: ContactCode.INVALID_PHONE,
    ChannelKind.MESSENGER: ContactCode.INVALID_MESSENGER,
}


class FieldItem(Protocol):
    """A custom field value as inputs give it (`FieldValueInput`)."""

    key: str
    value: Any


def plain_values(data: dict[str, Any], errors: list[UserError], field: str = "input") -> dict[str, Any]:
    """The contact columns among `data` (names, interest, location, birthday, score, status, close
    reason), checked; a blank text is stored as null."""
    values: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        if name not in data:
            continue
        text = (data[name] or "").strip() or None
        if text is not None and len(text) > limit:
            errors.append(
                UserError(f"{field}.{camel(name)}", ContactCode.TOO_LONG, f"at most {limit} characters")
            )
        values[name] = text
    if "score" in data:
        score = data["score"] if data["score"] is not None else 0
        if not 0 <= score <= 100:
            errors.append(UserError(f"{field}.score", ContactCode.OUT_OF_RANGE, "a score is 0 to 100"))
        values["score"] = score
    if "birthday" in data:
        birthday: date | None = data["birthday"]
        if birthday is not None and not date(1900, 1, 1) <= birthday <= date.today():  # noqa: DTZ011
            errors.append(
                UserError(f"{field}.birthday", ContactCode.OUT_OF_RANGE, "a birthday is 1900 to today")
            )
        values["birthday"] = birthday
    if "status" in data:
        status = data["status"] or ContactStatus.OPEN
        values["status"] = status
        if status is ContactStatus.OPEN:
            values["close_reason"] = None
    return values


ChannelItem = tuple[ChannelKind, str, str | None, str]
"""A channel as an input gives it: kind, value, platform (messengers), and the input path it came from."""


def channel_values(unit: Unit, items: Sequence[ChannelItem], errors: list[UserError]) -> list[ChannelValue]:
    """Each channel checked and normalised (at most 50 of a kind); the same channel twice is one
    DUPLICATE_CHANNEL, at the second's path."""
    checked: list[ChannelValue] = []
    seen: set[str] = set()
    counts: dict[ChannelKind, int] = {}
    for kind, raw, platform, at in items:
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] > MAX_CHANNELS:
            errors.append(UserError(at, ContactCode.TOO_MANY, f"at most {MAX_CHANNELS} of a kind at once"))
            continue
        try:
            value = channel_rules.channel(kind, raw, region=unit.viewer.default_region, platform=platform)
        except channel_rules.ChannelRefused as refused:
            errors.append(UserError(at, _CHANNEL_CODES[kind], str(refused)))
            continue
        if value.normalized in seen:
            errors.append(UserError(at, ContactCode.DUPLICATE_CHANNEL, f"{value.value} is given twice"))
            continue
        seen.add(value.normalized)
        checked.append(value)
    return checked


def tag_names(names: Sequence[str], errors: list[UserError], field: str) -> list[str]:
    """Trimmed tag names, each once (without regard to case), first spelling kept."""
    if len(names) > MAX_BATCH:
        errors.append(UserError(field, ContactCode.TOO_MANY, f"at most {MAX_BATCH} tags at once"))
        return []
    kept: dict[str, str] = {}
    for index, raw in enumerate(names):
        name = raw.strip()
        if not name or len(name) > MAX_TAG:
            errors.append(
                UserError(
                    f"{field}.{index}", ContactCode.INVALID_VALUE, f"a tag has 1 to {MAX_TAG} characters"
                )
            )
            continue
        kept.setdefault(name.lower(), name)
    return list(kept.values())


async def field_values(
    unit: Unit,
    current: dict[str, Any],
    items: Sequence[FieldItem],
    errors: list[UserError],
    field: str,
    *,
    creating: bool = False,
) -> dict[str, Any]:
    """The contact's custom field values after setting `items` (each a key and a value; null unsets), checked
    against each field's type, options and `required` (a new contact must be given every required one)."""
    if len(items) > MAX_BATCH:
        errors.append(UserError(field, ContactCode.TOO_MANY, f"at most {MAX_BATCH} values at once"))
        return current
    definitions = {row.key: row for row in await contact_sql.custom_fields(unit.conn, unit.workspace_id)}
    values = dict(current)
    for index, item in enumerate(items):
        key, value = item.key, item.value
        at = f"{field}.{index}"
        definition = definitions.get(key)
        if definition is None:
            errors.append(UserError(f"{at}.key", ContactCode.UNKNOWN_FIELD, f"no custom field {key[:64]!r}"))
            continue
        try:
            stored = checked_value(definition.type, list(definition.options), value)
        except ValueRefused as refused:
            errors.append(UserError(f"{at}.value", ContactCode.INVALID_FIELD_VALUE, f"{key} {refused}"))
            continue
        if stored is None and definition.required:
            errors.append(UserError(f"{at}.value", ContactCode.REQUIRED_FIELD, f"{key} is required"))
            continue
        if stored is None:
            values.pop(key, None)
        else:
            values[key] = stored
    if creating:
        missing = [key for key, row in definitions.items() if row.required and key not in values]
        errors.extend(UserError(field, ContactCode.REQUIRED_FIELD, f"{key} is required") for key in missing)
    return values


async def placement(
    unit: Unit,
    current: tuple[int | None, int | None],
    data: dict[str, Any],
    errors: list[UserError],
    field: str = "input",
) -> tuple[int | None, int | None]:
    """The `(assigned user, group)` after applying `assigned_to_id` / `group_id` of `data` to `current`.
    An assignee brings their group unless one is given. The result must be a place the viewer still sees:
    an agent keeps contacts assigned to themselves or unassigned in their group, a manager within their
    groups (ASSIGNMENT_NOT_ALLOWED otherwise)."""
    assignee, group_id = current
    if "assigned_to_id" in data:
        assignee = None
        if data["assigned_to_id"] is not None:
            pk = pk_of(data["assigned_to_id"], "User")
            user: AnyRow | None = (
                None if pk is None else await contact_sql.active_user(unit.conn, unit.workspace_id, pk)
            )
            if user is None:
                errors.append(
                    UserError(f"{field}.assignedToId", ContactCode.UNKNOWN_USER, "no such active user")
                )
                return current
            assignee = user.id
            if "group_id" not in data and user.group_id is not None:
                group_id = user.group_id
    if "group_id" in data:
        group_id = None
        if data["group_id"] is not None:
            pk = pk_of(data["group_id"], "Group")
            found = None if pk is None else await contact_sql.group(unit.conn, unit.workspace_id, pk)
            if found is None:
                errors.append(UserError(f"{field}.groupId", ContactCode.UNKNOWN_GROUP, "no such group"))
                return current
            group_id = found.id
    if not sees(unit.viewer, assignee, group_id):
        errors.append(
            UserError(
                f"{field}.assignedToId",
                ContactCode.ASSIGNMENT_NOT_ALLOWED,
                "you would no longer see the contact: assign within your own contacts and groups",
            )
        )
    return assignee, group_id
