"""Probe: GraphQL execution alone, per resolved field, on the benchmark's CARD document.

The document runs once to fill the request's loaders (their caches are per request), then `runs` more times
with the same context: every later execution is answered from the loaders' caches, runs no SQL (checked),
and so measures strawberry/graphql-core execution of the card: resolvers, completion, serialization of
scalars, our extensions. "Fields" counts every key of the response (objects, lists and leaves).

    DATABASE_URL=... .venv/bin/python -m bench.probes.execution bench-100000-s1 300
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request

from contactcard.auth.issue import issue_token
from contactcard.auth.viewer import authenticate
from contactcard.config import Settings
from contactcard.db.engine import StatementCounter, current_counter
from contactcard.db.runtime import database_url, engine_for
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema import build_schema

CARD = (Path(__file__).resolve().parents[1] / "workloads" / "card.graphql").read_text()


def count_fields(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0


async def request_context(engine: Any, token: str, counter: StatementCounter) -> RequestContext:
    """A request's context as the server makes it (the token's viewer, fresh loaders), counting into
    `counter`: for running the schema directly, without HTTP."""
    viewer = await authenticate(engine, f"Bearer {token}")
    current_counter.set(counter)
    return RequestContext(
        request=Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"}),
        request_id="probe",
        started_at=time.perf_counter(),
        viewer=viewer,
        loaders=Loaders.for_request(LoaderEnv(engine=engine, viewer=viewer)),
        statements=counter,
    )


async def measure(workspace: str, runs: int) -> dict[str, float]:
    """Execution alone of the CARD document, `runs` times: response fields, p50 and best per field."""
    settings = Settings.from_env()
    url = database_url(settings)
    owner = engine_for(settings, url)
    async with owner.begin() as conn:
        token = await issue_token(conn, f"admin@{workspace}.example", ["read"], "probe", workspace)
        # A contact with full pages in every panel: the probe measures a busy card.
        contact_id = (
            await conn.exec_driver_sql(
                "SELECT contact_id FROM history_entries h JOIN workspaces w ON w.id = h.workspace_id "
                "WHERE w.name = $1 GROUP BY contact_id ORDER BY count(*) DESC LIMIT 1 OFFSET 500",
                (workspace,),
            )
        ).scalar_one()
    await owner.dispose()
    engine = engine_for(settings, url, serving=True)
    schema = build_schema(settings)
    context = await request_context(engine, token, StatementCounter())
    counter = context.statements
    variables = {"id": to_global_id("Contact", contact_id)}
    first = await schema.execute(CARD, variable_values=variables, context_value=context)
    if first.errors:
        raise SystemExit(str(first.errors))
    fields = count_fields(first.data)
    loaded = counter.count
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await schema.execute(CARD, variable_values=variables, context_value=context)
        times.append(time.perf_counter() - started)
        if result.data != first.data:
            raise SystemExit("a cached execution answered differently")
    if counter.count != loaded:
        raise SystemExit(f"cached executions ran {counter.count - loaded} statements")
    await engine.dispose()
    p50 = statistics.median(times)
    return {
        "fields": fields,
        "runs": runs,
        "p50_ms": round(p50 * 1000, 2),
        "us_per_field_p50": round(p50 / fields * 1e6, 2),
        "us_per_field_min": round(min(times) / fields * 1e6, 2),
    }


def main(workspace: str, runs: int) -> None:
    found = asyncio.run(measure(workspace, runs))
    print(
        f"CARD execution: {found['fields']:.0f} fields, p50 {found['p50_ms']:.2f} ms, "
        f"{found['us_per_field_p50']:.2f} us/field, min {found['us_per_field_min']:.2f} us/field "
        f"({runs} runs; statements on the first run only)"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
