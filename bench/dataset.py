"""The benchmark's dataset: seeded once per (contacts, seed) and reused, with the layout, tokens and the
contacts each workload asks for (drawn Zipf-like with a fixed seed, and the heaviest 1%)."""

from __future__ import annotations

import bisect
import itertools
import random
import subprocess
import sys
from dataclasses import dataclass

import asyncpg
import orjson

from contactcard.auth.issue import issue_token
from contactcard.config import Settings
from contactcard.db.runtime import database_url, engine_for
from contactcard.db.url import asyncpg_dsn
from contactcard.layouts.registry import REGISTRY
from contactcard.resolvers.ids import to_global_id

PANELS = [kind.value for kind in REGISTRY]  # every panel kind, in default order


@dataclass(frozen=True)
class Dataset:
    workspace: str
    workspace_id: int
    admin_token: str
    manager_token: str
    contacts: list[str]
    """Global ids in the order the CARD workload asks for them (Zipf-like over all contacts)."""
    heavy: list[str]
    """The heaviest 1% of contacts (most history and timeline rows)."""


def seed(contacts: int, seed_value: int, settings: Settings) -> str:
    """Seed `bench-<contacts>-s<seed>` unless it exists (the dataset is keyed by its parameters)."""
    name = f"bench-{contacts}-s{seed_value}"
    cli = [sys.executable, "-m", "contactcard.cli"]
    subprocess.run([*cli, "migrate"], check=True)
    result = subprocess.run(
        [*cli, "seed", "--contacts", str(contacts), "--workspace", name, "--seed", str(seed_value)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and "exists already" not in result.stderr:
        raise SystemExit(result.stderr)
    return name


def zipf(items: list[int], count: int, rng: random.Random, exponent: float = 1.1) -> list[int]:
    """`count` draws from `items`, the first ones far more often (rank r has weight 1/r^exponent)."""
    ranked = items[:]
    rng.shuffle(ranked)
    cumulative = list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(ranked) + 1)))
    return [ranked[bisect.bisect(cumulative, rng.random() * cumulative[-1])] for _ in range(count)]


async def server_version(settings: Settings) -> str:
    conn = await asyncpg.connect(asyncpg_dsn(database_url(settings)))
    try:
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


async def prepare(name: str, settings: Settings, draws: int = 20_000, seed_value: int = 7) -> Dataset:
    url = database_url(settings)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        ws = await conn.fetchval("SELECT id FROM workspaces WHERE name = $1", name)
        layout = [{"kind": kind, "enabled": True, "settings": {"pageSize": 20}} for kind in PANELS]
        await conn.execute(
            "INSERT INTO card_layouts (workspace_id, subject, scope, version, panels) "
            "VALUES ($1, 'workspace', 'WORKSPACE', 1, $2::jsonb) "
            "ON CONFLICT (workspace_id, subject) DO UPDATE SET panels = excluded.panels",
            ws,
            orjson.dumps(layout).decode(),
        )
        ids = [
            r["id"]
            for r in await conn.fetch("SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY id", ws)
        ]
        heavy = await conn.fetch(
            "SELECT contact_id FROM timeline_events WHERE workspace_id = $1 "
            "GROUP BY contact_id ORDER BY count(*) DESC, contact_id LIMIT $2",
            ws,
            max(len(ids) // 100, 1),
        )
    finally:
        await conn.close()
    engine = engine_for(settings, url)
    slug = name.lower()
    async with engine.begin() as tx:
        admin = await issue_token(tx, f"admin@{slug}.example", ["read"], "bench", name)
        manager = await issue_token(tx, f"manager1@{slug}.example", ["read"], "bench", name)
    await engine.dispose()
    drawn = zipf(ids, draws, random.Random(seed_value))
    return Dataset(
        workspace=name,
        workspace_id=ws,
        admin_token=admin,
        manager_token=manager,
        contacts=[to_global_id("Contact", pk) for pk in drawn],
        heavy=[to_global_id("Contact", row["contact_id"]) for row in heavy],
    )
