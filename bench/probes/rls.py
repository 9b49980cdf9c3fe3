"""Probe (issue 5): the cost of row-level security.

Run: .venv/bin/python bench/probes/rls.py "$(.venv/bin/contactcard token create --email admin@demo.example --workspace Demo | tail -1)"

 the card query of tests/queries/card.graphql, 300 times in a row, as the application role under
RLS (one set_config per transaction) and as the owner (no RLS). In-process ASGI, one connection pool."""
import asyncio, statistics, sys, time
import httpx
from dataclasses import replace
from contactcard.app import create_app
from contactcard.config import Settings
from contactcard.db.runtime import engine_for, database_url

async def run(serving: bool, token: str, n: int = 300):
    s = Settings.from_env(); e = engine_for(s, database_url(s), serving=serving)
    app = create_app(s, engine=e)
    q = open("tests/queries/card.graphql").read()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        h = {"authorization": f"Bearer {token}"}
        cid = (await c.post("/graphql", json={"query": "{ contacts(first: 1) { nodes { id } } }"}, headers=h)).json()["data"]["contacts"]["nodes"][0]["id"]
        for _ in range(30):
            await c.post("/graphql", json={"query": q, "variables": {"id": cid}}, headers=h)
        times = []
        for _ in range(n):
            t = time.perf_counter(); r = await c.post("/graphql", json={"query": q, "variables": {"id": cid}}, headers=h); times.append((time.perf_counter() - t) * 1000)
            assert "errors" not in r.json(), r.text[:300]
    await e.dispose()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]

async def main(token):
    for _ in range(2):
        for serving in (True, False):
            p50, p99 = await run(serving, token)
            print(f"{'app role + RLS' if serving else 'owner, no RLS '}: p50 {p50:.2f} ms  p99 {p99:.2f} ms")
asyncio.run(main(sys.argv[1]))
