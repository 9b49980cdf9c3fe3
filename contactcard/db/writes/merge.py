"""Merging contacts: every tab's rows of the sources move to the target; each function says how many.

Link tables (a deal's or task's contacts) and enrollments are unique per contact: a record the target has
already stays once, the sources' duplicate links are dropped. The consent log is append-only (a trigger
refuses UPDATE): the sources' entries are copied to the target, with their original times.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, literal, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.models import (
    Call,
    Consent,
    ContactCompany,
    ContactTag,
    DealContact,
    Document,
    Enrollment,
    File,
    HistoryEntry,
    Payment,
    PaymentLink,
    TaskContact,
    TimelineEvent,
)

MOVED_BY_CONTACT = {
    "history": HistoryEntry,
    "payments": Payment,
    "payment_links": PaymentLink,
    "calls": Call,
    "timeline": TimelineEvent,
    "files": File,
    "documents": Document,
}
"""Tabs whose rows simply change contact."""


async def move_rows(
    conn: AsyncConnection, workspace_id: int, model: Any, sources: Sequence[int], target: int
) -> int:
    table = model.__table__
    result = await conn.execute(
        update(table)
        .where(table.c.workspace_id == workspace_id, table.c.contact_id.in_(sources))
        .values(contact_id=target)
    )
    return int(result.rowcount)


async def move_unique(
    conn: AsyncConnection, workspace_id: int, model: Any, record: str, sources: Sequence[int], target: int
) -> int:
    """Move the sources' rows of a table unique per (record, contact) (deal and task links, enrollments):
    one row per record the target does not have yet; the sources' other rows of those records go."""
    table = model.__table__
    key = table.c[record]
    has = select(key).where(table.c.workspace_id == workspace_id, table.c.contact_id == target)
    picked = (
        select(key.label("record"), table.c.contact_id.label("contact"))
        .where(table.c.workspace_id == workspace_id, table.c.contact_id.in_(sources), key.not_in(has))
        .ext(distinct_on(key))
        .order_by(key, table.c.contact_id)
        .subquery("picked")
    )
    result = await conn.execute(
        update(table)
        .where(
            table.c.workspace_id == workspace_id,
            key == picked.c.record,
            table.c.contact_id == picked.c.contact,
        )
        .values(contact_id=target)
    )
    await conn.execute(
        delete(table).where(
            table.c.workspace_id == workspace_id, table.c.contact_id.in_(sources), key.in_(has)
        )
    )
    return int(result.rowcount)


async def copy_consents(conn: AsyncConnection, workspace_id: int, sources: Sequence[int], target: int) -> int:
    table: Any = Consent.__table__
    columns = ["channel", "state", "source", "note", "recorded_by_id", "recorded_at"]
    chosen = select(table.c.workspace_id, literal(target), *(table.c[c] for c in columns)).where(
        table.c.workspace_id == workspace_id, table.c.contact_id.in_(sources)
    )
    result = await conn.execute(insert(table).from_select(["workspace_id", "contact_id", *columns], chosen))
    return int(result.rowcount)


async def union_links(
    conn: AsyncConnection, workspace_id: int, model: Any, record: str, sources: Sequence[int], target: int
) -> int:
    """Give the target the sources' tags or companies it lacks; how many it got."""
    table = model.__table__
    extra = [c.name for c in table.c if c.name not in {"workspace_id", "contact_id", record, "created_at"}]
    chosen = (
        select(table.c.workspace_id, literal(target), table.c[record], *(table.c[c] for c in extra))
        .where(table.c.workspace_id == workspace_id, table.c.contact_id.in_(sources))
        .ext(distinct_on(table.c[record]))
        .order_by(table.c[record])
    )
    statement = (
        pg_insert(table)
        .from_select(["workspace_id", "contact_id", record, *extra], chosen)
        .on_conflict_do_nothing()
    )
    return int((await conn.execute(statement)).rowcount)


LINKS = {
    "deals": (DealContact, "deal_id"),
    "tasks": (TaskContact, "task_id"),
    "courses": (Enrollment, "course_id"),
}
UNIONS = {"tags": (ContactTag, "tag_id"), "companies": (ContactCompany, "company_id")}
