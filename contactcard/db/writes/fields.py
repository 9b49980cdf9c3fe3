"""Custom field definitions (admin) and the values stored under their key in `contacts.attributes`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.base import AnyRow
from contactcard.db.models import Contact, CustomField


async def field_by_id(conn: AsyncConnection, workspace_id: int, field_id: int) -> AnyRow | None:
    query = select(CustomField).where(CustomField.workspace_id == workspace_id, CustomField.id == field_id)
    return (await conn.execute(query.with_for_update())).first()


async def key_taken(conn: AsyncConnection, workspace_id: int, key: str) -> bool:
    query = select(CustomField.id).where(CustomField.workspace_id == workspace_id, CustomField.key == key)
    return (await conn.execute(query)).first() is not None


async def next_position(conn: AsyncConnection, workspace_id: int) -> int:
    query = select(func.coalesce(func.max(CustomField.position) + 1, 0)).where(
        CustomField.workspace_id == workspace_id
    )
    return int((await conn.execute(query)).scalar_one())


async def stored_values(conn: AsyncConnection, workspace_id: int, key: str) -> Sequence[Any]:
    """Every value stored under `key`, one per contact that has one (deleted contacts included: a restore
    brings them back)."""
    query = select(Contact.attributes[key]).where(
        Contact.workspace_id == workspace_id, Contact.attributes.has_key(key)
    )
    return list((await conn.execute(query)).scalars())


async def delete_field(conn: AsyncConnection, workspace_id: int, field_id: int, key: str) -> int:
    """Drop the definition and the values under its key; how many contacts had one."""
    await conn.execute(
        delete(CustomField).where(CustomField.workspace_id == workspace_id, CustomField.id == field_id)
    )
    result = await conn.execute(
        update(Contact)
        .where(Contact.workspace_id == workspace_id, Contact.attributes.has_key(key))
        .values(attributes=Contact.attributes.op("-")(key))
    )
    return int(result.rowcount)
