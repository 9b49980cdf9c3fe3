"""The two datasets: the demo workspace `make serve` shows, and large deterministic ones for benchmarks."""

from __future__ import annotations

import re

import asyncpg

from contactcard.db.enums import Role
from contactcard.db.seed.generator import Means
from contactcard.db.seed.writer import Progress, UserSpec, WorkspaceSpec, seed_workspace
from contactcard.files.store import FileStore

DEMO_NAME = "Demo"
DEMO_CONTACTS = 500
DEMO_SEED = 20261123

DEMO = WorkspaceSpec(
    name=DEMO_NAME,
    currency="EUR",
    groups=[("Sales", None), ("Inbound", "Sales"), ("Outbound", "Sales")],
    users=[
        UserSpec("admin@demo.example", "Ada Admin", Role.ADMIN, None),
        UserSpec("manager@demo.example", "Marta Manager", Role.MANAGER, "Sales"),
        UserSpec("agent@demo.example", "Álvaro Agent", Role.AGENT, "Inbound"),
        UserSpec("agent2@demo.example", "Ольга Agent", Role.AGENT, "Outbound"),
    ],
)


class WorkspaceExists(ValueError):
    pass


def bulk_spec(name: str) -> WorkspaceSpec:
    """Groups Sales > Team 1..4, an admin, a manager per team pair, and three agents per team."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workspace"
    teams = [f"Team {n}" for n in range(1, 5)]
    users = [UserSpec(f"admin@{slug}.example", "Admin", Role.ADMIN, None)]
    users += [UserSpec(f"manager{n}@{slug}.example", f"Manager {n}", Role.MANAGER, "Sales") for n in (1, 2)]
    users += [
        UserSpec(f"agent{t}{n}@{slug}.example", f"Agent {t}.{n}", Role.AGENT, team)
        for t, team in enumerate(teams, 1)
        for n in range(1, 4)
    ]
    return WorkspaceSpec(
        name=name, currency="USD", groups=[("Sales", None), *((t, "Sales") for t in teams)], users=users
    )


async def workspace_id(conn: asyncpg.Connection, name: str) -> int | None:
    value = await conn.fetchval("SELECT id FROM workspaces WHERE name = $1", name)
    return None if value is None else int(value)


async def _seed(
    conn: asyncpg.Connection,
    spec: WorkspaceSpec,
    contacts: int,
    seed: int,
    means: Means | None,
    progress: Progress | None,
    store: FileStore | None = None,
) -> int:
    created = await seed_workspace(
        conn, spec, contacts=contacts, seed=seed, means=means, progress=progress, store=store
    )
    await conn.execute("ANALYZE")
    return created


async def seed_demo(
    conn: asyncpg.Connection, progress: Progress | None = None, store: FileStore | None = None
) -> int | None:
    """Create the demo workspace (its files' bytes in `store`); None (and nothing written) when it exists."""
    if await workspace_id(conn, DEMO_NAME) is not None:
        return None
    return await _seed(conn, DEMO, DEMO_CONTACTS, DEMO_SEED, None, progress, store)


async def seed_bulk(
    conn: asyncpg.Connection,
    name: str,
    contacts: int,
    seed: int,
    progress: Progress | None = None,
    means: Means | None = None,
) -> int:
    if await workspace_id(conn, name) is not None:
        raise WorkspaceExists(f"workspace {name!r} exists already; choose another --workspace")
    return await _seed(conn, bulk_spec(name), contacts, seed, means, progress)
