"""SQL for API tokens: create, list, revoke, and the one-statement lookup behind every request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, select, text, update
from sqlalchemy import insert as sql_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contactcard.db.base import AnyRow
from contactcard.db.layouts import WORKSPACE_SUBJECT
from contactcard.db.models import ApiToken, User, Workspace
from contactcard.db.prepared import Prepared

# One statement per request: the token, its user, the workspace, (for a manager's visibility) the ids of the
# user's group and all its sub-groups, and the user's stored card layout layers (workspace, role, own: the
# subjects of `contactcard.db.layouts.stack_subjects`), so that a card needs no statement for its layout.
# It also stamps `last_used_at`, at most once a minute per token, so that a busy token does not write on
# every request.
_LOOKUP = """
WITH RECURSIVE tok AS (
    SELECT t.workspace_id, t.id AS token_id, t.scopes, t.last_used_at,
           u.id AS user_id, u.email, u.name, u.role, u.group_id, w.name AS workspace_name,
           w.default_region, w.default_currency, w.time_zone, w.max_upload_bytes
    FROM api_tokens t
    JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id AND u.deactivated_at IS NULL
    JOIN workspaces w ON w.id = t.workspace_id
    WHERE t.workspace_id = :workspace_id AND {key} AND t.revoked_at IS NULL
),
subtree(id) AS (
    SELECT g.id FROM groups g JOIN tok ON g.workspace_id = tok.workspace_id AND g.id = tok.group_id
    UNION
    SELECT g.id FROM groups g JOIN subtree s ON g.workspace_id = :workspace_id AND g.parent_id = s.id
),
touched AS (
    UPDATE api_tokens t SET last_used_at = now()
    FROM tok
    WHERE t.workspace_id = tok.workspace_id AND t.id = tok.token_id
      AND (tok.last_used_at IS NULL OR tok.last_used_at < now() - interval '60 seconds')
    RETURNING t.id
)
SELECT tok.*, ARRAY(SELECT id FROM subtree) AS group_ids, (SELECT count(*) FROM touched) AS touched,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'subject', l.subject, 'panels', l.panels, 'locked', l.locked, 'version', l.version)),
                 '[]'::jsonb)
        FROM card_layouts l
        WHERE l.workspace_id = tok.workspace_id
          AND l.subject IN (:workspace_subject, 'role:' || tok.role, 'user:' || tok.user_id)
       ) AS layout_layers
FROM tok
"""
_BY_HASH = text(_LOOKUP.format(key="t.token_hash = :token_hash"))
_BY_ID = text(_LOOKUP.format(key="t.id = :token_id"))
# Prepared: one round trip, no BEGIN and COMMIT around it (the statement is its own transaction).
_LOOKUP_BY_HASH = Prepared(_BY_HASH)
_LOOKUP_BY_ID = Prepared(_BY_ID)


def lookup_statement(workspace_id: int, token_hash: str) -> TextClause:
    """The lookup with its values bound (the benchmark's floor runs it so)."""
    return _BY_HASH.bindparams(
        workspace_id=workspace_id, token_hash=token_hash, workspace_subject=WORKSPACE_SUBJECT
    )


async def lookup(engine: AsyncEngine, workspace_id: int, token_hash: str) -> Mapping[str, Any] | None:
    """The token's row (with its user, workspace, groups and layout layers), or None."""
    values = {"workspace_id": workspace_id, "token_hash": token_hash, "workspace_subject": WORKSPACE_SUBJECT}
    rows = await _LOOKUP_BY_HASH.rows(engine, values)
    return rows[0] if rows else None


async def lookup_by_id(engine: AsyncEngine, workspace_id: int, token_id: int) -> Mapping[str, Any] | None:
    """The same as `lookup`, for a background job, which keeps the id of the token it was asked with."""
    values = {"workspace_id": workspace_id, "token_id": token_id, "workspace_subject": WORKSPACE_SUBJECT}
    rows = await _LOOKUP_BY_ID.rows(engine, values)
    return rows[0] if rows else None


async def user_by_email(conn: AsyncConnection, email: str, workspace: str | None = None) -> AnyRow | None:
    """An active user by email (and workspace name); an email used in several workspaces is ambiguous."""
    query = select(User.workspace_id, User.id).where(
        User.email == email.strip().lower(), User.deactivated_at.is_(None)
    )
    if workspace is not None:
        query = query.join(Workspace, Workspace.id == User.workspace_id).where(Workspace.name == workspace)
    rows = (await conn.execute(query)).all()
    return rows[0] if len(rows) == 1 else None


async def insert(
    conn: AsyncConnection,
    *,
    workspace_id: int,
    user_id: int,
    name: str,
    token_hash: str,
    prefix: str,
    scopes: list[str],
) -> int:
    result = await conn.execute(
        sql_insert(ApiToken)
        .values(
            workspace_id=workspace_id,
            user_id=user_id,
            name=name,
            token_hash=token_hash,
            prefix=prefix,
            scopes=scopes,
        )
        .returning(ApiToken.id)
    )
    return int(result.scalar_one())


async def list_tokens(conn: AsyncConnection) -> Sequence[AnyRow]:
    query = (
        select(
            ApiToken.workspace_id,
            ApiToken.id,
            ApiToken.prefix,
            ApiToken.name,
            ApiToken.scopes,
            User.email,
            ApiToken.created_at,
            ApiToken.last_used_at,
            ApiToken.revoked_at,
        )
        .join(User, (User.workspace_id == ApiToken.workspace_id) & (User.id == ApiToken.user_id))
        .order_by(ApiToken.workspace_id, ApiToken.id)
    )
    return (await conn.execute(query)).all()


async def revoke(conn: AsyncConnection, prefix: str, now: datetime) -> int:
    """Revoke the tokens whose shown prefix is `prefix`; returns how many were revoked."""
    result = await conn.execute(
        update(ApiToken)
        .where(ApiToken.prefix == prefix, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(ApiToken.id)
    )
    return len(result.all())
