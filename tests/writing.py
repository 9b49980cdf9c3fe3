"""What the tests of mutations share: a workspace of their own (the demo's users and groups, generated
contacts), tokens per role and scope, a fingerprint of every row of the workspace to prove that a refused
mutation wrote nothing, and a helper that runs one mutation and returns its payload."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, replace
from typing import Any

from contactcard.db.base import Base
from contactcard.db.seed.workspaces import DEMO
from contactcard.db.seed.writer import seed_workspace
from tests.conftest import global_id, make_token

ADMIN, MANAGER, AGENT, AGENT2 = (
    "admin@demo.example",
    "manager@demo.example",
    "agent@demo.example",
    "agent2@demo.example",
)
TENANT_TABLES = sorted(t.name for t in Base.metadata.sorted_tables if "workspace_id" in t.c)


@dataclass
class Org:
    name: str
    workspace_id: int
    writers: dict[str, str]
    """A read+write token per demo user (the admin's also has `admin`)."""
    readers: dict[str, str]
    """A read-only token per demo user."""
    users: dict[str, int]
    groups: dict[str, int]

    def user(self, email: str) -> str:
        return global_id("User", self.users[email])

    def group(self, name: str) -> str:
        return global_id("Group", self.groups[name])


async def make_org(pg: Any, owner_engine: Any, label: str, contacts: int = 30, seed: int = 11) -> Org:
    name = f"{label} {secrets.token_hex(4)}"
    ws = await seed_workspace(pg, replace(DEMO, name=name), contacts=contacts, seed=seed)
    users = {
        r["email"]: r["id"] for r in await pg.fetch("SELECT id, email FROM users WHERE workspace_id = $1", ws)
    }
    groups = {
        r["name"]: r["id"] for r in await pg.fetch("SELECT id, name FROM groups WHERE workspace_id = $1", ws)
    }
    writers, readers = {}, {}
    for email in (ADMIN, MANAGER, AGENT, AGENT2):
        scopes = ("read", "write", "admin") if email == ADMIN else ("read", "write")
        writers[email] = await make_token(owner_engine, email, scopes, workspace=name)
        readers[email] = await make_token(owner_engine, email, ("read",), workspace=name)
    return Org(name, ws, writers, readers, users, groups)


async def fingerprint(pg: Any, workspace_id: int) -> dict[str, str]:
    """Every tenant table's rows of the workspace, hashed (api_tokens left out: authentication stamps them)."""
    found = {}
    for table in TENANT_TABLES:
        if table == "api_tokens":
            continue
        found[table] = await pg.fetchval(
            f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') "  # noqa: S608
            f"FROM {table} t WHERE workspace_id = $1",
            workspace_id,
        )
    return found


async def run(gql: Any, token: str, document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one root field's payload of a mutation document; a GraphQL error fails the test."""
    body = await gql(document, token, variables or {})
    assert "errors" not in body, body["errors"]
    (payload,) = body["data"].values()
    return payload  # type: ignore[no-any-return]


def pk_of(global_id_: str) -> int:
    """The primary key inside one of our global ids."""
    raw = base64.urlsafe_b64decode(global_id_ + "=" * (-len(global_id_) % 4)).decode()
    return int(raw.partition(":")[2])


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]
