"""Probe (issue 17): where PostgreSQL's time goes for one request of a workload.

Two views of the same workload (CARD or LIST, the benchmark's documents):

- `pg_stat_statements` over `runs` requests through the ASGI app as the application role: per statement,
  calls per request, planning and execution time per call, rows and shared buffers per call. Needs the
  extension preloaded (`shared_preload_libraries = 'pg_stat_statements'`, `pg_stat_statements.track_planning
  = on`); without it this part says so and is skipped.
- `EXPLAIN (ANALYZE, BUFFERS)` of each statement one request sent, with its own parameters, as the
  application role with the request's workspace named (as the server runs it), under the engine's
  `plan_cache_mode`.

Run on the benchmark's dataset (`make bench` seeds it):
    DATABASE_URL=... .venv/bin/python -m bench.probes.statements bench-100000-s1 card 200 [--explain]
"""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.probes.execution import request_context
from contactcard.app import create_app
from contactcard.auth.issue import issue_token
from contactcard.config import Settings
from contactcard.db.engine import StatementCounter
from contactcard.db.runtime import database_url, engine_for
from contactcard.schema import build_schema

WORKLOADS = Path(__file__).resolve().parents[1] / "workloads"
TOKEN_USERS = {"card": "admin", "list": "manager1", "graph": "admin", "list_filtered": "admin"}
"""Whose token each workload uses, as in `make bench`."""


def _dsn(settings: Settings) -> str:
    url = database_url(settings)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def _variables(
    client: httpx.AsyncClient, workload: str, headers: dict[str, str]
) -> list[dict[str, Any]]:
    if workload != "card":
        return [{"after": None}]
    first = await client.post(
        "/graphql", json={"query": "{ contacts(first: 50) { nodes { id } } }"}, headers=headers
    )
    return [{"id": node["id"]} for node in first.json()["data"]["contacts"]["nodes"]]


def label(statement: str) -> str:
    """A short name for a statement: the tables it reads, in the order it names them."""
    tables: list[str] = []
    for table in re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", statement):
        if table not in tables and table not in ("unnest", "LATERAL"):
            tables.append(table)
    return ", ".join(tables[:4]) or " ".join(statement.split())[:40]


async def statistics(dsn: str, app: Any, workload: str, token: str, runs: int) -> dict[str, Any] | None:
    """PostgreSQL's own figures for `runs` requests of `workload` (None without pg_stat_statements): per
    request, the statements, planning and execution ms; per statement, calls and ms per request."""
    query = (WORKLOADS / f"{workload}.graphql").read_text()
    headers = {"authorization": f"Bearer {token}"}
    owner = await asyncpg.connect(dsn)
    try:
        preloaded = await owner.fetchval("SELECT current_setting('shared_preload_libraries')")
        if "pg_stat_statements" not in preloaded:
            return None
        await owner.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://probe"
        ) as client:
            variables = await _variables(client, workload, headers)
            for n in range(20):  # warm-up: every connection of the pool prepares its statements
                await client.post(
                    "/graphql",
                    json={"query": query, "variables": variables[n % len(variables)]},
                    headers=headers,
                )
            await owner.execute("SELECT pg_stat_statements_reset()")
            for n in range(runs):
                body = {"query": query, "variables": variables[n % len(variables)]}
                response = await client.post("/graphql", json=body, headers=headers)
                if "errors" in response.json():
                    raise SystemExit(response.text[:300])
        rows = await owner.fetch(
            """
            SELECT query, calls, total_plan_time, total_exec_time, rows, shared_blks_hit, shared_blks_read
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query NOT ILIKE '%pg_stat_statements%'
            ORDER BY total_plan_time + total_exec_time DESC
            """
        )
    finally:
        await owner.close()
    return {
        "workload": workload,
        "runs": runs,
        "statements": sum(r["calls"] for r in rows) / runs,
        "plan_ms": sum(r["total_plan_time"] for r in rows) / runs,
        "exec_ms": sum(r["total_exec_time"] for r in rows) / runs,
        "by_statement": [
            {
                "label": label(r["query"]),
                "text": " ".join(r["query"].split()),
                "calls": r["calls"] / runs,
                "plan_ms": r["total_plan_time"] / (r["calls"] or 1),
                "exec_ms": r["total_exec_time"] / (r["calls"] or 1),
                "rows": r["rows"] / (r["calls"] or 1),
                "buffers": (r["shared_blks_hit"] + r["shared_blks_read"]) / (r["calls"] or 1),
            }
            for r in rows
        ],
    }


def show(found: dict[str, Any] | None) -> None:
    if found is None:
        print("pg_stat_statements is not preloaded: no per-statement statistics")
        return
    print(
        f"{found['workload']}: {found['runs']} requests; per request {found['statements']:.1f} statements, "
        f"planning {found['plan_ms']:.3f} ms + execution {found['exec_ms']:.3f} ms in PostgreSQL"
    )
    print("calls/req  plan ms/call  exec ms/call  rows/call  buffers/call  statement")
    for r in found["by_statement"]:
        print(
            f"{r['calls']:9.2f}  {r['plan_ms']:12.3f}  {r['exec_ms']:12.3f}  {r['rows']:9.1f}  "
            f"{r['buffers']:12.1f}  {r['label']}: {r['text'][:110]}"
        )


async def token_for(settings: Settings, workspace: str, workload: str) -> str:
    owner = engine_for(settings, database_url(settings))
    async with owner.begin() as conn:
        email = f"{TOKEN_USERS[workload]}@{workspace}.example"
        token = await issue_token(conn, email, ["read"], "probe", workspace)
    await owner.dispose()
    return token


async def measure(workspace: str, workload: str, runs: int) -> dict[str, Any] | None:
    """`statistics` for the benchmark's report, on an app of its own (in this process)."""
    settings = Settings.from_env()
    token = await token_for(settings, workspace, workload)
    engine = engine_for(settings, database_url(settings), serving=True)
    try:
        return await statistics(_dsn(settings), create_app(settings, engine=engine), workload, token, runs)
    finally:
        await engine.dispose()


async def explain(dsn: str, settings: Settings, workload: str, token: str, role: str) -> None:
    """One request's statements, captured with their parameters, explained as the server runs them."""
    url = database_url(settings)
    engine = engine_for(settings, url, serving=True)
    schema = build_schema(settings)
    counter = StatementCounter(keep_text=True)
    context = await request_context(engine, token, counter)
    viewer = context.viewer
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(settings, engine=engine)), base_url="http://probe"
    ) as client:
        variables = (await _variables(client, workload, {"authorization": f"Bearer {token}"}))[0]
    query = (WORKLOADS / f"{workload}.graphql").read_text()
    result = await schema.execute(query, variable_values=variables, context_value=context)
    if result.errors:
        raise SystemExit(str(result.errors))
    await engine.dispose()
    conn = await asyncpg.connect(
        dsn,
        server_settings={
            "plan_cache_mode": settings.plan_cache_mode,
            "jit": "off",
            "max_parallel_workers_per_gather": "0",
        },
    )
    try:
        await conn.execute(f'SET ROLE "{role}"')
        await conn.execute(
            "SELECT set_config('contactcard.workspace_id', $1, false)", str(viewer.workspace_id)
        )
        for n, (sql, args) in enumerate(counter.statements):
            if sql.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK"):
                continue
            print("-" * 100)
            print(" ".join(sql.split())[:600])
            # PREPARE + EXPLAIN EXECUTE, so that the connection's plan_cache_mode decides the plan as it does
            # for the server's prepared statements (an EXPLAIN of the text would always plan for the values).
            types = [
                t.name if t.schema == "pg_catalog" else f"{t.schema}.{t.name}"
                for t in (await conn.prepare(sql)).get_parameters()
            ]
            await conn.execute(
                f"PREPARE probe{n} ({', '.join(types)}) AS {sql}" if types else f"PREPARE probe{n} AS {sql}"
            )
            # EXECUTE takes no protocol parameters: the values go in as typed literals.
            literals = [
                f"{await conn.fetchval(f'SELECT quote_nullable($1::{type_}::text)', arg)}::{type_}"
                for type_, arg in zip(types, args or (), strict=True)
            ]
            execute = f"EXECUTE probe{n}({', '.join(literals)})" if types else f"EXECUTE probe{n}"
            for _ in range(6):  # past the five custom plans `auto` starts with
                await conn.fetch(execute)
            plan = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS, SUMMARY) {execute}")
            for line in plan:
                print("   ", line[0])
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("workload", choices=sorted(TOKEN_USERS))
    parser.add_argument("runs", type=int, nargs="?", default=200)
    parser.add_argument("--explain", action="store_true", help="explain one request's statements too")
    args = parser.parse_args()
    show(await measure(args.workspace, args.workload, args.runs))
    if args.explain:
        settings = Settings.from_env()
        token = await token_for(settings, args.workspace, args.workload)
        await explain(_dsn(settings), settings, args.workload, token, settings.db_role)


if __name__ == "__main__":
    asyncio.run(main())
