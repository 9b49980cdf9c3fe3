"""Probe (issue 5): what row-level security costs a card.

The card query of tests/queries/card.graphql, 300 times in a row after 30 for warm-up, in-process through
the ASGI app: once as the application role under RLS (one set_config per transaction), once as the tables'
owner (no RLS), twice each. Prints p50 and p99 in milliseconds.

Run, with the demo workspace seeded (DATABASE_URL as for `make serve`):
    .venv/bin/python bench/probes/rls.py "$(.venv/bin/contactcard token create \
        --email admin@demo.example --workspace Demo | tail -1)"
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

from contactcard.app import create_app
from contactcard.config import Settings
from contactcard.db.runtime import database_url, engine_for

CARD = (Path(__file__).parents[2] / "tests" / "queries" / "card.graphql").read_text()
FIRST_CONTACT = "{ contacts(first: 1) { nodes { id } } }"


async def measure(token: str, *, serving: bool, runs: int = 300) -> tuple[float, float]:
    settings = Settings.from_env()
    engine = engine_for(settings, database_url(settings), serving=serving)
    app = create_app(settings, engine=engine)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://probe") as client:
        first = await client.post("/graphql", json={"query": FIRST_CONTACT}, headers=headers)
        variables = {"id": first.json()["data"]["contacts"]["nodes"][0]["id"]}
        times = []
        for n in range(30 + runs):
            started = time.perf_counter()
            response = await client.post(
                "/graphql", json={"query": CARD, "variables": variables}, headers=headers
            )
            if n >= 30:
                times.append((time.perf_counter() - started) * 1000)
            if "errors" in response.json():
                raise SystemExit(response.text[:300])
    await engine.dispose()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]


async def main(token: str) -> None:
    for _ in range(2):
        for serving in (True, False):
            p50, p99 = await measure(token, serving=serving)
            label = "app role + RLS" if serving else "owner, no RLS "
            print(f"{label}: p50 {p50:.2f} ms  p99 {p99:.2f} ms")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
