"""Rows of a contact's tabs: insert, change and remove one, and the links of deals and tasks to contacts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import DeclarativeBase

from contactcard.db.base import AnyRow
from contactcard.db.models import DealContact, Pipeline, PipelineStage, TaskContact


async def insert_row(
    conn: AsyncConnection, model: type[DeclarativeBase], workspace_id: int, values: dict[str, Any]
) -> AnyRow:
    """Insert one row of `model`; the row as stored (defaults filled)."""
    table: Any = model.__table__
    statement = insert(table).values(workspace_id=workspace_id, **values).returning(*table.c)
    return (await conn.execute(statement)).one()


async def insert_once(
    conn: AsyncConnection,
    model: type[DeclarativeBase],
    workspace_id: int,
    values: dict[str, Any],
    key: Sequence[str],
    *,
    partial: bool = True,
) -> tuple[AnyRow, bool]:
    """`insert_many_once` of one row."""
    return (await insert_many_once(conn, model, workspace_id, [values], key, partial=partial))[0]


async def insert_many_once(
    conn: AsyncConnection,
    model: type[DeclarativeBase],
    workspace_id: int,
    rows: Sequence[dict[str, Any]],
    key: Sequence[str],
    *,
    partial: bool = True,
) -> list[tuple[AnyRow, bool]]:
    """Insert each row unless one with the same `(workspace_id, *key)` exists (stored before, inserted at
    the same time by another transaction, or earlier in `rows`): per row, the stored row and whether it is
    new. One INSERT and, for the rows that were there, one SELECT. `partial`: the unique index is on the
    rows whose last key column is not null (external ids)."""
    table: Any = model.__table__

    def identity(values: Any) -> tuple[Any, ...]:
        return tuple(values[k] for k in key)

    firsts = list({identity(values): values for values in reversed(rows)}.values())[::-1]
    where = table.c[key[-1]].is_not(None) if partial else None
    statement = (
        pg_insert(table)
        .values([{"workspace_id": workspace_id, **values} for values in firsts])
        .on_conflict_do_nothing(index_elements=["workspace_id", *key], index_where=where)
        .returning(*table.c)
    )
    inserted = {identity(row._mapping): row for row in await conn.execute(statement)}
    missing = [identity(values) for values in firsts if identity(values) not in inserted]
    stored: dict[tuple[Any, ...], AnyRow] = {}
    if missing:
        existing = select(table).where(
            table.c.workspace_id == workspace_id, tuple_(*(table.c[k] for k in key)).in_(missing)
        )
        stored = {identity(row._mapping): row for row in await conn.execute(existing)}
    answers, seen = [], set()
    for values in rows:
        ident = identity(values)
        new = ident in inserted and ident not in seen
        seen.add(ident)
        answers.append((inserted.get(ident) or stored[ident], new))
    return answers


async def row_by_id(
    conn: AsyncConnection, model: type[DeclarativeBase], workspace_id: int, pk: int
) -> AnyRow | None:
    table: Any = model.__table__
    query = select(table).where(table.c.workspace_id == workspace_id, table.c.id == pk)
    return (await conn.execute(query)).first()


async def update_where(
    conn: AsyncConnection,
    model: type[DeclarativeBase],
    workspace_id: int,
    match: dict[str, Any],
    values: dict[str, Any],
) -> None:
    table: Any = model.__table__
    conditions = [table.c[name] == value for name, value in match.items()]
    await conn.execute(
        update(table).where(table.c.workspace_id == workspace_id, *conditions).values(**values)
    )


async def update_row(
    conn: AsyncConnection, model: type[DeclarativeBase], workspace_id: int, pk: int, values: dict[str, Any]
) -> None:
    table: Any = model.__table__
    if values:
        await conn.execute(
            update(table).where(table.c.workspace_id == workspace_id, table.c.id == pk).values(**values)
        )


async def delete_row(conn: AsyncConnection, model: type[DeclarativeBase], workspace_id: int, pk: int) -> None:
    table: Any = model.__table__
    await conn.execute(delete(table).where(table.c.workspace_id == workspace_id, table.c.id == pk))


LinkModel = type[DealContact] | type[TaskContact]


def _link_columns(model: LinkModel) -> tuple[Any, str]:
    """The link table's column of the record (deal_id, task_id) and the copied created_at column."""
    if model is DealContact:
        return DealContact.deal_id, "deal_created_at"
    return TaskContact.task_id, "task_created_at"


async def link(
    conn: AsyncConnection,
    model: LinkModel,
    workspace_id: int,
    pk: int,
    created_at: datetime,
    contact_ids: Sequence[int],
) -> None:
    """Link the record `pk` to contacts (already linked ones stay as they are)."""
    record, created = _link_columns(model)
    if not contact_ids:
        return
    start = 0
    if model is DealContact:
        query = select(func.coalesce(func.max(DealContact.position) + 1, 0)).where(
            DealContact.workspace_id == workspace_id, DealContact.deal_id == pk
        )
        start = int((await conn.execute(query)).scalar_one())
    rows = [
        {"workspace_id": workspace_id, record.key: pk, "contact_id": contact_id, created: created_at}
        | ({"position": start + n} if model is DealContact else {})
        for n, contact_id in enumerate(contact_ids)
    ]
    await conn.execute(pg_insert(model).values(rows).on_conflict_do_nothing())


async def unlink(
    conn: AsyncConnection, model: LinkModel, workspace_id: int, pk: int, contact_id: int
) -> None:
    record, _ = _link_columns(model)
    table: Any = model.__table__
    await conn.execute(
        delete(table).where(
            table.c.workspace_id == workspace_id, record == pk, table.c.contact_id == contact_id
        )
    )


async def linked_contact_ids(
    conn: AsyncConnection, model: LinkModel, workspace_id: int, pk: int
) -> list[int]:
    record, _ = _link_columns(model)
    table: Any = model.__table__
    query = select(table.c.contact_id).where(table.c.workspace_id == workspace_id, record == pk)
    return [int(c) for c in (await conn.execute(query)).scalars()]


async def pipeline(conn: AsyncConnection, workspace_id: int, pipeline_id: int | None) -> AnyRow | None:
    """A pipeline by id, or (None) the workspace's first."""
    query = select(Pipeline).where(Pipeline.workspace_id == workspace_id)
    query = (
        query.where(Pipeline.id == pipeline_id)
        if pipeline_id is not None
        else query.order_by(Pipeline.position, Pipeline.id)
    )
    return (await conn.execute(query.limit(1))).first()


async def stage(conn: AsyncConnection, workspace_id: int, stage_id: int) -> AnyRow | None:
    query = select(PipelineStage).where(
        PipelineStage.workspace_id == workspace_id, PipelineStage.id == stage_id
    )
    return (await conn.execute(query)).first()


async def first_stage(conn: AsyncConnection, workspace_id: int, pipeline_id: int) -> AnyRow | None:
    query = (
        select(PipelineStage)
        .where(PipelineStage.workspace_id == workspace_id, PipelineStage.pipeline_id == pipeline_id)
        .order_by(PipelineStage.position, PipelineStage.id)
        .limit(1)
    )
    return (await conn.execute(query)).first()
