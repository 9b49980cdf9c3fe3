"""The viewer: the user behind a request's token, with what they may see and do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.auth.tokens import parse_token
from contactcard.db import tokens as token_sql
from contactcard.db.engine import current_workspace
from contactcard.db.enums import Role, Scope


class StoredLayer(NamedTuple):
    """A stored layout layer, as much of it as the merge needs (the columns of `card_layouts`)."""

    subject: str
    panels: list[dict[str, Any]]
    locked: bool
    version: int


class Unauthenticated(Exception):
    """No token, a malformed, unknown or revoked one, or a deactivated user."""


@dataclass(frozen=True)
class Viewer:
    workspace_id: int
    workspace_name: str
    default_region: str
    """The workspace's country for phone numbers written without a country code."""
    default_currency: str
    time_zone: str
    """The workspace's time zone: where "today" and "this month" begin."""
    max_upload_bytes: int
    """The largest file the workspace accepts."""
    user_id: int
    email: str
    name: str
    role: Role
    group_id: int | None
    # The viewer's group and all its sub-groups (what a MANAGER sees).
    group_ids: tuple[int, ...]
    scopes: frozenset[Scope]
    token_id: int
    layout_layers: tuple[StoredLayer, ...] = ()
    """The viewer's stored card layout layers, read with the token: a card needs no statement for them."""

    def has_scope(self, scope: Scope) -> bool:
        return scope in self.scopes

    @classmethod
    def of(cls, values: Mapping[Any, Any]) -> Viewer:
        """The viewer from a row of the token lookup (`contactcard.db.tokens`)."""
        return cls(
            workspace_id=values["workspace_id"],
            workspace_name=values["workspace_name"],
            default_region=values["default_region"],
            default_currency=values["default_currency"],
            time_zone=values["time_zone"],
            max_upload_bytes=values["max_upload_bytes"],
            user_id=values["user_id"],
            email=values["email"],
            name=values["name"],
            role=Role(values["role"]),
            group_id=values["group_id"],
            group_ids=tuple(values["group_ids"]),
            scopes=frozenset(Scope(s) for s in values["scopes"]),
            token_id=values["token_id"],
            layout_layers=tuple(StoredLayer(**layer) for layer in values.get("layout_layers") or ()),
        )


NOBODY = Viewer(
    workspace_id=0, workspace_name="", default_region="US", default_currency="USD", time_zone="UTC",
    max_upload_bytes=0, user_id=0, email="", name="", role=Role.AGENT, group_id=None, group_ids=(),
    scopes=frozenset(), token_id=0,
)  # fmt: skip
"""A WebSocket connection's viewer until its `connection_init` names a token: may see and do nothing."""


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise Unauthenticated("Authentication required: send the header 'Authorization: Bearer <token>'")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be 'Bearer <token>'")
    return token.strip()


async def authenticate(engine: AsyncEngine, authorization: str | None) -> Viewer:
    parsed = parse_token(bearer_token(authorization))
    if parsed is None:
        raise Unauthenticated("Invalid or revoked token")
    # From here on, every transaction of the request works in the token's workspace (row-level security).
    current_workspace.set(parsed.workspace_id)
    row = await token_sql.lookup(engine, parsed.workspace_id, parsed.token_hash)
    if row is None:
        raise Unauthenticated("Invalid or revoked token")
    return Viewer.of(row)


async def job_viewer(engine: AsyncEngine, workspace_id: int, token_id: int) -> Viewer | None:
    """The viewer a background job runs as: the token it was asked with, as that token is now (None once it
    is revoked or its user deactivated), in the token's workspace (row-level security)."""
    current_workspace.set(workspace_id)
    row = await token_sql.lookup_by_id(engine, workspace_id, token_id)
    return None if row is None else Viewer.of(row)
