"""Issue a new API token for a user, by email. The token is returned once; only its SHA-256 is stored."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.auth.tokens import hash_token, new_token, shown_prefix
from contactcard.db import tokens as token_sql


class UnknownUser(LookupError):
    pass


async def issue_token(
    conn: AsyncConnection, email: str, scopes: list[str], name: str, workspace: str | None = None
) -> str:
    """A new token for the active user with `email` (in the workspace named `workspace`, if given)."""
    user = await token_sql.user_by_email(conn, email, workspace)
    if user is None:
        where = f" in workspace {workspace!r}" if workspace else " (name the workspace with --workspace)"
        raise UnknownUser(f"no single active user with email {email!r}{where}")
    workspace_id, user_id = user
    token = new_token(workspace_id)
    await token_sql.insert(
        conn,
        workspace_id=workspace_id,
        user_id=user_id,
        name=name,
        token_hash=hash_token(token),
        prefix=shown_prefix(token),
        scopes=scopes,
    )
    return token
