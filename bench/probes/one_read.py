"""Probe (issue 13 item 4): one read per card against today's statement per panel.

For `cards` contacts of the workspace, it captures the statements one CARD request sends (the contact with
its channels, then one per panel; the token lookup is apart), as the server builds them. Then, as the
application role with the workspace named (as the server runs), it reads every card two ways:

- **per panel**: the card's statements as the server sends them, each on a connection of its own from a pool
  of 30, all at once (the loaders' shape);
- **one read**: one statement holding them all, each panel's rows aggregated as JSON:
  `SELECT (SELECT coalesce(json_agg(p), '[]') FROM (<statement 1>) p), (…)`, parameters renumbered; the
  probe decodes the JSON (orjson), as a server would before making objects of it.

at concurrency 1 and 32 for `seconds` each, and prints cards per second, the PostgreSQL backends' CPU per
card (user + system from /proc through psutil) and the probe's own CPU per card (sending, receiving and
decoding: what the server's process would spend on the read).

    DATABASE_URL=... .venv/bin/python -m bench.probes.one_read bench-100000-s1 [cards] [seconds]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import psutil

from bench.probes.execution import request_context
from bench.probes.statements import _dsn, token_for
from contactcard.config import Settings
from contactcard.db.engine import StatementCounter
from contactcard.db.runtime import database_url, engine_for
from contactcard.resolvers.ids import to_global_id
from contactcard.schema import build_schema

CARD = (Path(__file__).resolve().parents[1] / "workloads" / "card.graphql").read_text()
POOL = 30

Statement = tuple[str, list[Any]]


async def card_statements(
    settings: Settings, workspace: str, cards: int
) -> tuple[int, list[list[Statement]]]:
    """The statements of `cards` CARD requests (the workspace's first contacts), and the workspace."""
    token = await token_for(settings, workspace, "card")
    engine = engine_for(settings, database_url(settings), serving=True)
    schema = build_schema(settings)
    captured = []
    workspace_id = 0
    try:
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
        for pk in ids:
            counter = StatementCounter(keep_text=True)
            context = await request_context(engine, token, counter)
            workspace_id = context.viewer.workspace_id
            result = await schema.execute(
                CARD, variable_values={"id": to_global_id("Contact", pk)}, context_value=context
            )
            if result.errors:
                raise SystemExit(str(result.errors))
            captured.append([(sql, list(args or ())) for sql, args in counter.statements])
    finally:
        await engine.dispose()
    return workspace_id, captured


_PARAMETER = re.compile(r"\$(\d+)")


def one_read(statements: list[Statement]) -> Statement:
    """One statement answering all of `statements`, each one's rows as a JSON array in a column."""
    columns, args = [], []
    for n, (sql, values) in enumerate(statements):
        offset = len(args)
        renumbered = _PARAMETER.sub(lambda m, o=offset: f"${int(m.group(1)) + o}", sql)  # type: ignore[misc]
        columns.append(f"(SELECT coalesce(json_agg(p{n}), '[]'::json) FROM ({renumbered}) AS p{n}) AS s{n}")  # noqa: S608
        args.extend(values)
    return "SELECT " + ", ".join(columns), args


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
    workspace_id, captured = await card_statements(settings, args.workspace, args.cards)
    combined = [one_read(statements) for statements in captured]
    print(f"{len(captured)} cards, {len(captured[0])} statements each (the contact and its panels)")

    connections = [
        await asyncpg.connect(
            _dsn(settings),
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
        await asyncio.gather(*(fetch(sql, values) for sql, values in captured[n]))

    async def single(n: int) -> None:
        sql, values = combined[n]
        for value in (await fetch(sql, values))[0]:
            orjson.loads(value)

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
