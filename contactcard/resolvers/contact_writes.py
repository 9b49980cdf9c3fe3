"""Contact mutations: create, update, duplicate, delete and restore, assign, channels, tags, field values.

Each is a `Mutation` of the kernel: WRITE scope, within the contacts the viewer sees; each returns the
contact's primary key (the schema reads the contact back through the request's loaders) and records every
changed field on the contact's history.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from contactcard.db.enums import ChannelKind, ContactSource
from contactcard.db.models import Contact
from contactcard.db.writes import contacts as contact_sql
from contactcard.db.writes import records
from contactcard.domain.channels import ChannelValue
from contactcard.domain.errors import ContactCode, UserError
from contactcard.domain.jsonvalues import json_ready
from contactcard.domain.text import camel
from contactcard.resolvers import contact_input as check
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

RESTORE_WINDOW = timedelta(days=30)
CREATABLE_SOURCES = (ContactSource.MANUAL, ContactSource.API)
_LOADERS = ("tags_by_contact", "company_links_by_contact", "tags_by_workspace")


def record_fields(unit: Unit, contact_id: int, before: Any, after: dict[str, Any]) -> None:
    """A change event for each of `after`'s fields, from its value in the row `before`."""
    for name, value in after.items():
        unit.changed(camel(name), json_ready(getattr(before, name)), json_ready(value), contact_id=contact_id)


def _channel_items(data: dict[str, Any]) -> list[check.ChannelItem]:
    """The emails, phones and messengers of a create input, each with its input path."""
    items: list[check.ChannelItem] = []
    for name, kind in (("emails", ChannelKind.EMAIL), ("phones", ChannelKind.PHONE)):
        items += [(kind, value, None, f"input.{name}.{i}") for i, value in enumerate(data.get(name) or [])]
    for i, messenger in enumerate(data.get("messengers") or []):
        items.append((ChannelKind.MESSENGER, messenger.handle, messenger.platform, f"input.messengers.{i}"))
    return items


async def _insert_contact(unit: Unit, values: dict[str, Any]) -> int:
    return int((await records.insert_row(unit.conn, Contact, unit.workspace_id, values)).id)


def _has_name(values: dict[str, Any]) -> bool:
    return bool(values.get("first_name") or values.get("last_name"))


@mutation(EDIT_RECORDS, ContactCode, invalidates=_LOADERS)
async def create(unit: Unit, data: dict[str, Any]) -> int:
    """A new contact with a name or at least one channel; placed with the viewer unless told otherwise."""
    errors: list[UserError] = []
    values = check.plain_values(data, errors)
    channels = check.channel_values(unit, _channel_items(data), errors)
    if not _has_name(values) and not channels and not errors:
        errors.append(
            UserError("input", ContactCode.NAME_OR_CHANNEL_REQUIRED, "give a name or at least one channel")
        )
    source = data.get("source") or ContactSource.MANUAL
    if source not in CREATABLE_SOURCES:
        errors.append(
            UserError("input.source", ContactCode.INVALID_VALUE, "a new contact's source is MANUAL or API")
        )
    viewer = unit.viewer
    mine = (viewer.user_id, viewer.group_id)
    assignee, group_id = await check.placement(unit, mine, data, errors)
    fields = data.get("fields") or []
    attributes = await check.field_values(unit, {}, fields, errors, "input.fields", creating=True)
    tags = check.tag_names(data.get("tags") or [], errors, "input.tags")
    unit.check(errors)
    pk = await _insert_contact(
        unit,
        {
            **values,
            "source": source,
            "assigned_user_id": assignee,
            "group_id": group_id,
            "attributes": attributes,
        },
    )
    await contact_sql.add_channels(unit.conn, unit.workspace_id, pk, [], channels)
    await _add_tags(unit, [pk], tags)
    unit.changed("contact", None, {"created": True, "source": source.value}, contact_id=pk)
    return pk


@mutation(EDIT_RECORDS, ContactCode)
async def update(unit: Unit, contact_id: str, data: dict[str, Any]) -> int:
    """Change the given fields only; null clears a field."""
    row = await unit.contact(contact_id, "id")
    errors: list[UserError] = []
    values = check.plain_values(data, errors)
    after = {"first_name": row.first_name, "last_name": row.last_name, **values}
    if not _has_name(after) and not await contact_sql.channels_of(unit.conn, unit.workspace_id, row.id):
        errors.append(
            UserError("input", ContactCode.NAME_OR_CHANNEL_REQUIRED, "a contact keeps a name or a channel")
        )
    unit.check(errors)
    await records.update_row(unit.conn, Contact, unit.workspace_id, row.id, values)
    record_fields(unit, row.id, row, values)
    return int(row.id)


@mutation(EDIT_RECORDS, ContactCode, invalidates=_LOADERS)
async def duplicate(unit: Unit, contact_id: str) -> int:
    """A copy of the contact's identity (names, channels, tags, companies, field values, placement)."""
    row = await unit.contact(contact_id, "id")
    copied = {
        name: getattr(row, name) for name in (*check.TEXT_LIMITS, "score", "birthday", "status", "attributes")
    }
    pk = await _insert_contact(
        unit,
        {
            **copied,
            "source": ContactSource.MANUAL,
            "assigned_user_id": row.assigned_user_id,
            "group_id": row.group_id,
        },
    )
    channels = await contact_sql.channels_of(unit.conn, unit.workspace_id, row.id)
    primary_first = sorted(channels, key=lambda c: (c.kind, not c.is_primary, c.position))  # stays primary
    values = [ChannelValue(ChannelKind(c.kind), c.value, c.normalized, c.platform) for c in primary_first]
    await contact_sql.add_channels(unit.conn, unit.workspace_id, pk, [], values)
    await contact_sql.copy_links(unit.conn, unit.workspace_id, row.id, pk)
    unit.changed("contact", None, {"duplicatedFrom": contact_id}, contact_id=pk)
    return pk


@mutation(EDIT_RECORDS, ContactCode)
async def delete(unit: Unit, contact_id: str) -> datetime:
    """Soft delete: the contact disappears everywhere; `contactRestore` brings it back within 30 days.
    Returns until when it can be restored."""
    row = await unit.contact(contact_id, "id")
    now = datetime.now(UTC)
    await records.update_row(unit.conn, Contact, unit.workspace_id, row.id, {"deleted_at": now})
    unit.changed("deletedAt", None, now.isoformat(), contact_id=row.id)
    return now + RESTORE_WINDOW


@mutation(EDIT_RECORDS, ContactCode)
async def restore(unit: Unit, contact_id: str) -> int:
    row = await unit.find_contact(contact_id, deleted=True)
    if row is None:
        live = await unit.find_contact(contact_id)
        if live is not None:
            unit.refuse("id", "NOT_DELETED", "the contact is not deleted")
        unit.refuse("id", "NOT_FOUND", "no such contact")
    if row.deleted_at < datetime.now(UTC) - RESTORE_WINDOW:
        unit.refuse(
            "id", "RESTORE_EXPIRED", f"deleted contacts can be restored for {RESTORE_WINDOW.days} days"
        )
    await records.update_row(unit.conn, Contact, unit.workspace_id, row.id, {"deleted_at": None})
    unit.changed("deletedAt", row.deleted_at.isoformat(), None, contact_id=row.id)
    return int(row.id)


@mutation(EDIT_RECORDS, ContactCode)
async def assign(unit: Unit, contact_id: str, data: dict[str, Any]) -> int:
    """Assign to a user and/or a group (null: unassign); the assignee's group follows unless one is given."""
    row = await unit.contact(contact_id, "id")
    errors: list[UserError] = []
    assignee, group_id = await check.placement(unit, (row.assigned_user_id, row.group_id), data, errors)
    unit.check(errors)
    values = {"assigned_user_id": assignee, "group_id": group_id}
    await records.update_row(unit.conn, Contact, unit.workspace_id, row.id, values)
    unit.changed("assignedTo", row.assigned_user_id, assignee, contact_id=row.id)
    unit.changed("group", row.group_id, group_id, contact_id=row.id)
    return int(row.id)


@mutation(EDIT_RECORDS, ContactCode)
async def channel_add(
    unit: Unit, contact_id: str, kind: ChannelKind, value: str, platform: str | None, primary: bool
) -> int:
    row = await unit.contact(contact_id, "id")
    errors: list[UserError] = []
    checked = check.channel_values(unit, [(kind, value, platform, "input.value")], errors)
    unit.check(errors)
    existing = await contact_sql.channels_of(unit.conn, unit.workspace_id, row.id)
    if any(c.kind == kind.value and c.normalized == checked[0].normalized for c in existing):
        unit.refuse("input.value", "DUPLICATE_CHANNEL", f"the contact already has {checked[0].value}")
    await contact_sql.add_channels(unit.conn, unit.workspace_id, row.id, existing, checked, primary=primary)
    unit.changed(f"{kind.value.lower()}s", None, checked[0].value, contact_id=row.id)
    return int(row.id)


async def _channel(unit: Unit, channel_id: str) -> tuple[Any, Any]:
    """A channel and its contact (locked), if the viewer sees the contact; NOT_FOUND otherwise."""
    pk = pk_of(channel_id, "Channel")
    channel = None if pk is None else await contact_sql.channel_by_id(unit.conn, unit.workspace_id, pk)
    if channel is None:
        unit.refuse("channelId", "NOT_FOUND", "no such channel")
    return channel, await unit.contact(int(channel.contact_id), "channelId")


@mutation(EDIT_RECORDS, ContactCode)
async def channel_remove(unit: Unit, channel_id: str) -> int:
    """Remove a channel; the next of its kind becomes primary. A contact without a name keeps one channel."""
    channel, row = await _channel(unit, channel_id)
    channels = await contact_sql.channels_of(unit.conn, unit.workspace_id, row.id)
    if len(channels) == 1 and not (row.first_name or row.last_name):
        unit.refuse(
            "channelId", "NAME_OR_CHANNEL_REQUIRED", "a contact without a name keeps its last channel"
        )
    await contact_sql.remove_channel(unit.conn, unit.workspace_id, channel)
    unit.changed(f"{channel.kind.value.lower()}s", channel.value, None, contact_id=row.id)
    return int(row.id)


@mutation(EDIT_RECORDS, ContactCode)
async def channel_set_primary(unit: Unit, channel_id: str) -> int:
    channel, row = await _channel(unit, channel_id)
    if not channel.is_primary:
        channels = await contact_sql.channels_of(unit.conn, unit.workspace_id, row.id)
        before = next((c.value for c in channels if c.kind == channel.kind and c.is_primary), None)
        await contact_sql.set_primary(unit.conn, unit.workspace_id, channel)
        unit.changed(f"primary{channel.kind.value.title()}", before, channel.value, contact_id=row.id)
    return int(row.id)


async def _add_tags(unit: Unit, contact_ids: list[int], names: list[str]) -> None:
    ids = await contact_sql.ensure_tags(unit.conn, unit.workspace_id, names)
    await contact_sql.link_tags(unit.conn, unit.workspace_id, contact_ids, list(ids.values()))


async def change_tags(unit: Unit, contact_ids: list[int], names: list[str], *, add: bool) -> list[int]:
    """Tag (or untag) contacts already checked and locked, in a fixed number of statements however many;
    the ones whose tags changed (each recorded)."""
    before = await contact_sql.tag_names_of(unit.conn, unit.workspace_id, contact_ids)
    if add:
        await _add_tags(unit, contact_ids, names)
    else:
        ids = await contact_sql.tag_ids(unit.conn, unit.workspace_id, names)
        await contact_sql.unlink_tags(unit.conn, unit.workspace_id, contact_ids, list(ids.values()))
    after = await contact_sql.tag_names_of(unit.conn, unit.workspace_id, contact_ids)
    for contact_id in contact_ids:
        unit.changed("tags", before[contact_id], after[contact_id], contact_id=contact_id)
    return [contact_id for contact_id in contact_ids if before[contact_id] != after[contact_id]]


async def _change_tags(unit: Unit, contact_id: str, names: list[str], *, add: bool) -> int:
    row = await unit.contact(contact_id, "id")
    errors: list[UserError] = []
    wanted = check.tag_names(names, errors, "input.tags")
    unit.check(errors)
    await change_tags(unit, [int(row.id)], wanted, add=add)
    return int(row.id)


@mutation(EDIT_RECORDS, ContactCode, invalidates=("tags_by_contact", "tags_by_workspace"))
async def tags_add(unit: Unit, contact_id: str, tags: list[str]) -> int:
    """Tag the contact; a tag is created on first use, and matched without regard to case."""
    return await _change_tags(unit, contact_id, tags, add=True)


@mutation(EDIT_RECORDS, ContactCode, invalidates=("tags_by_contact", "tags_by_workspace"))
async def tags_remove(unit: Unit, contact_id: str, tags: list[str]) -> int:
    """Untag the contact (names it does not carry are ignored)."""
    return await _change_tags(unit, contact_id, tags, add=False)


@mutation(EDIT_RECORDS, ContactCode)
async def fields_set(unit: Unit, contact_id: str, values: list[check.FieldItem]) -> int:
    """Set custom field values (null unsets); each checked against its field's type, options, `required`."""
    row = await unit.contact(contact_id, "id")
    errors: list[UserError] = []
    attributes = await check.field_values(unit, row.attributes, values, errors, "input.values")
    unit.check(errors)
    await records.update_row(unit.conn, Contact, unit.workspace_id, row.id, {"attributes": attributes})
    for key in sorted({*row.attributes, *attributes}):
        unit.changed(f"fields.{key}", row.attributes.get(key), attributes.get(key), contact_id=row.id)
    return int(row.id)
