"""Probe: the benchmark's workloads in-process (ASGI, no network, one request at a time), for quick
before/after measures of an optimisation. The benchmark proper (`make bench`) is the reference.

Latencies here vary by a third from run to run on a shared machine; the CPU time this process spends per
request (client and server together, not waiting for PostgreSQL) varies much less.

Run on the benchmark's dataset (`make bench` seeds it), for example:
    DATABASE_URL=... .venv/bin/python bench/probes/workloads.py bench-100000-s1 200
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
import psutil

from contactcard.app import create_app
from contactcard.auth.issue import issue_token
from contactcard.config import Settings
from contactcard.db.runtime import database_url, engine_for

WORKLOADS = Path(__file__).resolve().parents[1] / "workloads"


async def main(workspace: str, runs: int) -> None:
    threshold = os.environ.get("PROBE_GC_THRESHOLD")
    if threshold:  # compare collector settings: "700,10,10" is Python's default
        import contactcard.app  # noqa: PLC0415

        values = tuple(int(v) for v in threshold.split(","))
        contactcard.app.tune_gc = lambda: (gc.collect(), gc.freeze(), gc.set_threshold(*values))  # type: ignore[assignment]
    settings = Settings.from_env()
    url = database_url(settings)
    owner = engine_for(settings, url)
    async with owner.begin() as conn:
        admin = await issue_token(conn, f"admin@{workspace}.example", ["read"], "probe", workspace)
        manager = await issue_token(conn, f"manager1@{workspace}.example", ["read"], "probe", workspace)
    await owner.dispose()
    engine = engine_for(settings, url, serving=True)
    app = create_app(settings, engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://probe") as client:
        first = await client.post(
            "/graphql",
            json={"query": "{ contacts(first: 50) { nodes { id } } }"},
            headers={"authorization": f"Bearer {admin}"},
        )
        ids = [n["id"] for n in first.json()["data"]["contacts"]["nodes"]]
        for name, token in (("card", admin), ("list", manager), ("graph", admin)):
            query = (WORKLOADS / f"{name}.graphql").read_text()
            times = []
            cpu_started = 0.0
            for n in range(runs + 20):
                if n == 20:
                    cpu_started = time.process_time()
                variables = {"id": ids[n % len(ids)]} if name == "card" else {"after": None}
                started = time.perf_counter()
                response = await client.post(
                    "/graphql",
                    json={"query": query, "variables": variables},
                    headers={"authorization": f"Bearer {token}"},
                )
                if n >= 20:
                    times.append((time.perf_counter() - started) * 1000)
                if "errors" in response.json():
                    raise SystemExit(response.text[:300])
            cpu = (time.process_time() - cpu_started) / runs * 1000
            times.sort()
            print(
                f"{name:6} p50 {statistics.median(times):6.2f} ms  p90 {times[int(len(times) * 0.9)]:6.2f} ms"
                f"  cpu {cpu:6.2f} ms/request"
            )
    await engine.dispose()
    print(f"rss {psutil.Process().memory_info().rss / 2**20:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
