"""Writes of contacts and what identifies them: channels, tags, custom field values, assignment."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.base import AnyRow
from contactcard.db.models import (
    Contact,
    ContactChannel,
    ContactCompany,
    ContactTag,
    CustomField,
    Group,
    Tag,
    User,
)
from contactcard.domain.channels import ChannelValue


async def touch(conn: AsyncConnection, workspace_id: int, contact_ids: Sequence[int]) -> None:
    """Move `updated_at` of contacts a mutation changed."""
    if contact_ids:
        await conn.execute(
            update(Contact)
            .where(Contact.workspace_id == workspace_id, Contact.id.in_(contact_ids))
            .values(updated_at=func.now())
        )


async def channels_of(conn: AsyncConnection, workspace_id: int, contact_id: int) -> Sequence[AnyRow]:
    query = (
        select(ContactChannel)
        .where(ContactChannel.workspace_id == workspace_id, ContactChannel.contact_id == contact_id)
        .order_by(ContactChannel.kind, ContactChannel.position, ContactChannel.id)
    )
    return (await conn.execute(query)).all()


async def add_channels(
    conn: AsyncConnection,
    workspace_id: int,
    contact_id: int,
    existing: Sequence[AnyRow],
    channels: Sequence[ChannelValue],
    *,
    primary: bool = False,
) -> list[int]:
    """Append `channels` after the contact's `existing` ones. The first of a kind the contact has none of
    becomes primary; with `primary`, each added one takes the primary place of its kind."""
    if not channels:
        return []
    positions: dict[str, int] = {}
    has_primary: set[str] = set()
    for row in existing:
        positions[row.kind] = max(positions.get(row.kind, -1), row.position)
        if row.is_primary:
            has_primary.add(row.kind)
    rows = []
    for channel in channels:
        kind = channel.kind.value
        positions[kind] = positions.get(kind, -1) + 1
        becomes_primary = primary or kind not in has_primary
        if becomes_primary and kind in has_primary:
            await clear_primary(conn, workspace_id, contact_id, kind)
        has_primary.add(kind)
        rows.append(
            {
                "workspace_id": workspace_id,
                "contact_id": contact_id,
                "kind": channel.kind,
                "platform": channel.platform,
                "value": channel.value,
                "normalized": channel.normalized,
                "is_primary": becomes_primary,
                "position": positions[kind],
            }
        )
    result = await conn.execute(insert(ContactChannel).returning(ContactChannel.id), rows)
    return [int(pk) for pk in result.scalars()]


async def clear_primary(conn: AsyncConnection, workspace_id: int, contact_id: int, kind: str) -> None:
    await conn.execute(
        update(ContactChannel)
        .where(
            ContactChannel.workspace_id == workspace_id,
            ContactChannel.contact_id == contact_id,
            ContactChannel.kind == kind,
            ContactChannel.is_primary,
        )
        .values(is_primary=False)
    )


async def set_primary(conn: AsyncConnection, workspace_id: int, channel: AnyRow) -> None:
    await clear_primary(conn, workspace_id, channel.contact_id, channel.kind)
    await conn.execute(
        update(ContactChannel)
        .where(ContactChannel.workspace_id == workspace_id, ContactChannel.id == channel.id)
        .values(is_primary=True)
    )


async def remove_channel(conn: AsyncConnection, workspace_id: int, channel: AnyRow) -> None:
    """Remove a channel; when it was primary, the next of its kind (by position) becomes primary."""
    await conn.execute(
        delete(ContactChannel).where(
            ContactChannel.workspace_id == workspace_id, ContactChannel.id == channel.id
        )
    )
    if channel.is_primary:
        following = (
            select(ContactChannel.id)
            .where(
                ContactChannel.workspace_id == workspace_id,
                ContactChannel.contact_id == channel.contact_id,
                ContactChannel.kind == channel.kind,
            )
            .order_by(ContactChannel.position, ContactChannel.id)
            .limit(1)
            .scalar_subquery()
        )
        await conn.execute(
            update(ContactChannel)
            .where(ContactChannel.workspace_id == workspace_id, ContactChannel.id == following)
            .values(is_primary=True)
        )


async def channel_by_id(conn: AsyncConnection, workspace_id: int, channel_id: int) -> AnyRow | None:
    query = select(ContactChannel).where(
        ContactChannel.workspace_id == workspace_id, ContactChannel.id == channel_id
    )
    return (await conn.execute(query)).first()


async def ensure_tags(conn: AsyncConnection, workspace_id: int, names: Sequence[str]) -> dict[str, int]:
    """The ids of tags named `names` (without regard to case), created on first use: lower name -> id."""
    if not names:
        return {}
    await conn.execute(
        pg_insert(Tag)
        .values([{"workspace_id": workspace_id, "name": name} for name in names])
        .on_conflict_do_nothing(index_elements=["workspace_id", "name_key"])
    )
    return await tag_ids(conn, workspace_id, names)


async def tag_ids(conn: AsyncConnection, workspace_id: int, names: Sequence[str]) -> dict[str, int]:
    keys = [name.lower() for name in names]
    query = select(Tag.name_key, Tag.id).where(Tag.workspace_id == workspace_id, Tag.name_key.in_(keys))
    return {row.name_key: int(row.id) for row in await conn.execute(query)}


async def tag_names_of(
    conn: AsyncConnection, workspace_id: int, contact_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Each contact's tag names, by name (an empty list for a contact without tags)."""
    query = (
        select(ContactTag.contact_id, Tag.name)
        .join(ContactTag, (ContactTag.workspace_id == Tag.workspace_id) & (ContactTag.tag_id == Tag.id))
        .where(ContactTag.workspace_id == workspace_id, ContactTag.contact_id.in_(contact_ids))
        .order_by(ContactTag.contact_id, Tag.name_key)
    )
    names: dict[int, list[str]] = {contact_id: [] for contact_id in contact_ids}
    for row in await conn.execute(query):
        names[row.contact_id].append(row.name)
    return names


async def link_tags(
    conn: AsyncConnection, workspace_id: int, contact_ids: Sequence[int], tag_ids: Sequence[int]
) -> None:
    """Give every one of the contacts every one of the tags (links already there stay)."""
    if contact_ids and tag_ids:
        rows = [
            {"workspace_id": workspace_id, "contact_id": c, "tag_id": t} for c in contact_ids for t in tag_ids
        ]
        await conn.execute(pg_insert(ContactTag).values(rows).on_conflict_do_nothing())


async def unlink_tags(
    conn: AsyncConnection, workspace_id: int, contact_ids: Sequence[int], tag_ids: Sequence[int]
) -> None:
    if contact_ids and tag_ids:
        await conn.execute(
            delete(ContactTag).where(
                ContactTag.workspace_id == workspace_id,
                ContactTag.contact_id.in_(contact_ids),
                ContactTag.tag_id.in_(tag_ids),
            )
        )


async def custom_fields(conn: AsyncConnection, workspace_id: int) -> Sequence[AnyRow]:
    query = select(CustomField).where(CustomField.workspace_id == workspace_id).order_by(CustomField.position)
    return (await conn.execute(query)).all()


async def active_user(conn: AsyncConnection, workspace_id: int, user_id: int) -> AnyRow | None:
    return (await active_users(conn, workspace_id, [user_id])).get(user_id)


async def active_users(
    conn: AsyncConnection, workspace_id: int, user_ids: Sequence[int]
) -> dict[int, AnyRow]:
    """Those of `user_ids` that are active users of the workspace, by id (one statement)."""
    query = select(User).where(
        User.workspace_id == workspace_id, User.id.in_(user_ids), User.deactivated_at.is_(None)
    )
    return {row.id: row for row in await conn.execute(query)}


async def group(conn: AsyncConnection, workspace_id: int, group_id: int) -> AnyRow | None:
    query = select(Group).where(Group.workspace_id == workspace_id, Group.id == group_id)
    return (await conn.execute(query)).first()


async def copy_links(conn: AsyncConnection, workspace_id: int, source_id: int, target_id: int) -> None:
    """Give `target` the tags and company links of `source` (contactDuplicate)."""
    for table, columns in (
        (ContactTag.__table__, ("tag_id",)),
        (ContactCompany.__table__, ("company_id", "job_title", "position")),
    ):
        chosen = [table.c[name] for name in columns]
        source = select(table.c.workspace_id, literal(target_id, table.c.contact_id.type), *chosen).where(
            table.c.workspace_id == workspace_id, table.c.contact_id == source_id
        )
        await conn.execute(
            insert(table).from_select(["workspace_id", "contact_id", *columns], source)  # type: ignore[arg-type]
        )
