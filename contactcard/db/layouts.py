"""SQL for card layouts: read a viewer's layers, write a layer under optimistic concurrency, its versions.

A write names the version it was based on: `UPDATE … WHERE version = :expected` (or, for a first write,
`INSERT … ON CONFLICT DO NOTHING`). Of two writes based on the same version, the second finds no row to
change once the first commits, and reports a conflict instead of overwriting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.base import AnyRow
from contactcard.db.enums import LayoutScope, Role
from contactcard.db.models import CardLayout, CardLayoutVersion

layouts = CardLayout.__table__
versions = CardLayoutVersion.__table__

WORKSPACE_SUBJECT = "workspace"


def role_subject(role: Role) -> str:
    return f"role:{role.value}"


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def stack_subjects(role: Role | None, user_id: int | None) -> tuple[str, str | None, str | None]:
    """The subjects of the layers from the workspace down to a role's or a user's (None: not wanted)."""
    return (
        WORKSPACE_SUBJECT,
        None if role is None else role_subject(role),
        None if user_id is None else user_subject(user_id),
    )


def layers_statement(workspace_id: int, subjects: Sequence[str | None]) -> Select[Any]:
    wanted = [subject for subject in subjects if subject is not None]
    return select(layouts).where(layouts.c.workspace_id == workspace_id, layouts.c.subject.in_(wanted))


async def read_layers(
    conn: AsyncConnection, workspace_id: int, subjects: Sequence[str | None]
) -> Sequence[AnyRow]:
    rows: Sequence[AnyRow] = (await conn.execute(layers_statement(workspace_id, subjects))).all()
    return rows


async def write_layer(
    conn: AsyncConnection,
    *,
    workspace_id: int,
    subject: str,
    scope: LayoutScope,
    role: Role | None,
    user_id: int | None,
    expected_version: int,
    panels: list[dict[str, Any]],
    locked: bool,
    by_user: int,
) -> int | None:
    """The new version, or None when the stored version is not `expected_version` (nothing written)."""
    if expected_version == 0:
        statement: Any = (
            pg_insert(CardLayout)
            .values(
                workspace_id=workspace_id,
                subject=subject,
                scope=scope,
                role=role,
                user_id=user_id,
                version=1,
                panels=panels,
                locked=locked,
                updated_by_id=by_user,
            )
            .on_conflict_do_nothing(index_elements=["workspace_id", "subject"])
        )
    else:
        statement = (
            update(CardLayout)
            .where(
                layouts.c.workspace_id == workspace_id,
                layouts.c.subject == subject,
                layouts.c.version == expected_version,
            )
            .values(version=layouts.c.version + 1, panels=panels, locked=locked, updated_by_id=by_user)
        )
    written = (await conn.execute(statement.returning(layouts.c.id, layouts.c.version))).first()
    if written is None:
        return None
    await conn.execute(
        insert(CardLayoutVersion).values(
            workspace_id=workspace_id,
            layout_id=written.id,
            version=written.version,
            panels=panels,
            locked=locked,
            created_by_id=by_user,
        )
    )
    return int(written.version)


def versions_statement(workspace_id: int, subject: str, limit: int, before: int | None) -> Select[Any]:
    """A layer's versions, newest first, `limit` of them below version `before`."""
    query = (
        select(versions)
        .join(
            layouts,
            (layouts.c.workspace_id == versions.c.workspace_id) & (layouts.c.id == versions.c.layout_id),
        )
        .where(layouts.c.workspace_id == workspace_id, layouts.c.subject == subject)
    )
    if before is not None:
        query = query.where(versions.c.version < before)
    return query.order_by(versions.c.version.desc()).limit(limit)


async def version_of(conn: AsyncConnection, workspace_id: int, subject: str, version: int) -> AnyRow | None:
    # Not `before=version + 1`: for the largest integer the sum overflows the column's type.
    query = versions_statement(workspace_id, subject, 1, None).where(versions.c.version == version)
    row: AnyRow | None = (await conn.execute(query)).first()
    return row
