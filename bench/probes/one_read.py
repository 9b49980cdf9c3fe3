"""Probe (issue 13 item 4): one read per card against a statement per panel.

For `cards` contacts of the workspace, it builds the page statements of the CARD document's seven list
panels as the list loaders send them, and the one statement that reads them together (db/combined.py).
Then, as the application role with the workspace named (as the server runs), it reads every card's pages
two ways:

- **per panel**: seven statements, each on a connection of its own from a pool of 30, all at once (the
  loaders' shape before issue 13);
- **one read**: the combined statement, its JSON decoded into rows (`Combined.decode`), as the server does.

at concurrency 1 and 32 for `seconds` each, and prints cards per second, the PostgreSQL backends' CPU per
card (user + system from /proc through psutil) and the probe's own CPU per card (sending, receiving and
decoding: what the server's process would spend on the read).

    DATABASE_URL=... .venv/bin/python -m bench.probes.one_read bench-100000-s1 [cards] [seconds]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import psutil

from bench.probes.statements import _dsn, token_for
from contactcard.auth.viewer import authenticate
from contactcard.config import Settings
from contactcard.db.combined import Combined, combined
from contactcard.db.engine import MAX_PREPARED_STATEMENT_BYTES
from contactcard.db.runtime import database_url, engine_for
from contactcard.layouts.registry import PanelKind
from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.lists import PageArgs, page_query
from contactcard.schema.tabs import TAB_OF_PANEL

CARD = (Path(__file__).resolve().parents[1] / "workloads" / "card.graphql").read_text()
POOL = 30

Statement = tuple[str, list[Any]]


CARD_LISTS = ("HISTORY", "DEALS", "TASKS", "PAYMENTS", "CALLS", "COURSES", "TIMELINE")
"""The list panels the CARD document shows (the consents' current states are a statement apart)."""


async def card_reads(
    settings: Settings, workspace: str, cards: int
) -> tuple[int, Combined, list[list[Statement]], list[Statement]]:
    """For `cards` contacts, each panel's page statement as its list loader sends it alone, and the one
    statement that reads them together (db/combined.py), with their arguments; and the workspace."""
    token = await token_for(settings, workspace, "card")
    engine = engine_for(settings, database_url(settings), serving=True)
    try:
        env = LoaderEnv(engine=engine, viewer=await authenticate(engine, f"Bearer {token}"))
    finally:
        await engine.dispose()
    owner = await asyncpg.connect(_dsn(settings))
    ids = [
        row[0]
        for row in await owner.fetch(
            "SELECT c.id FROM contacts c JOIN workspaces w ON w.id = c.workspace_id WHERE w.name = $1 "
            "ORDER BY c.id LIMIT $2",
            workspace,
            cards,
        )
    ]
    await owner.close()
    page = PageArgs(21)  # the benchmark's layout: page size 20 everywhere, no filters
    specs = [TAB_OF_PANEL[PanelKind(kind)].spec for kind in CARD_LISTS]
    parts = tuple(page_query(spec, env.visibility, *page.shape()) for spec in specs)
    together = combined(parts)
    alone, one = [], []
    for pk in ids:
        values = [{**env.values, "keys": [pk], **page.values()} for _ in parts]
        alone.append([(part.sql, part.args(named)) for part, named in zip(parts, values, strict=True)])
        one.append((together.sql, together.args(values)))
    return env.workspace_id, together, alone, one


async def measure(
    backends: list[psutil.Process], work: Callable[[int], Awaitable[None]], cards: int,
    concurrency: int, seconds: float,
) -> dict[str, float]:  # fmt: skip
    done = 0
    deadline = 0.0

    async def client(start: int) -> None:
        nonlocal done
        n = start
        while time.monotonic() < deadline:
            await work(n % cards)
            done += 1
            n += concurrency

    deadline = time.monotonic() + 1  # warm-up
    await asyncio.gather(*(client(i) for i in range(concurrency)))
    done = 0
    cpu_before = sum(sum(p.cpu_times()[:2]) for p in backends)
    own_before = time.process_time()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(client(i) for i in range(concurrency)))
    elapsed = time.monotonic() - started
    cpu = sum(sum(p.cpu_times()[:2]) for p in backends) - cpu_before
    own = time.process_time() - own_before
    return {
        "cards_per_s": done / elapsed,
        "postgres_cpu_ms": cpu / done * 1000,
        "client_cpu_ms": own / done * 1000,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("cards", type=int, nargs="?", default=200)
    parser.add_argument("seconds", type=float, nargs="?", default=10)
    args = parser.parse_args()
    settings = Settings.from_env()
    workspace_id, statement, captured, together = await card_reads(settings, args.workspace, args.cards)
    print(f"{len(captured)} cards, {len(captured[0])} list panels each (the CARD document's)")

    connections = [
        await asyncpg.connect(
            _dsn(settings),
            max_cacheable_statement_size=MAX_PREPARED_STATEMENT_BYTES,
            server_settings={
                "plan_cache_mode": settings.plan_cache_mode,
                "jit": "off",
                "max_parallel_workers_per_gather": "0",
            },
        )
        for _ in range(POOL)
    ]
    free: asyncio.Queue[asyncpg.Connection] = asyncio.Queue()
    for conn in connections:
        await conn.execute(f'SET ROLE "{settings.db_role}"')
        await conn.execute("SELECT set_config('contactcard.workspace_id', $1, false)", str(workspace_id))
        free.put_nowait(conn)
    backends = [psutil.Process(conn.get_server_pid()) for conn in connections]

    async def fetch(sql: str, values: list[Any]) -> list[Any]:
        conn = await free.get()
        try:
            return await conn.fetch(sql, *values)
        finally:
            free.put_nowait(conn)

    async def per_panel(n: int) -> None:
        found = await asyncio.gather(*(fetch(sql, values) for sql, values in captured[n]))
        for part, records in zip(statement.parts, found, strict=True):
            part.to_rows(records)

    async def single(n: int) -> None:
        sql, values = together[n]
        statement.decode((await fetch(sql, values))[0])

    for concurrency in (1, 32):
        for name, work in (("per panel", per_panel), ("one read", single)):
            found = await measure(backends, work, len(captured), concurrency, args.seconds)
            print(
                f"c={concurrency:<3} {name:<10} {found['cards_per_s']:7.1f} cards/s  PostgreSQL "
                f"{found['postgres_cpu_ms']:.2f} ms/card  probe {found['client_cpu_ms']:.2f} ms/card"
            )
    for conn in connections:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main())
