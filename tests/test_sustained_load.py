"""Sustained load (issue 14 item 6), the short version that runs in `make test`: 2 uvicorn workers, 32
clients reading cards, lists and graphs for 20 s: 0 errors, and memory flat over the second half.
The 10-minute run on the 100 000-contact dataset is `python -m bench.soak 0 32 --workers 2 --minutes 10`
(bench/results/*-soak.md)."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path

import httpx

from tests.live_server import live_server

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ROOT / "bench" / "workloads"
SECONDS = 20
CLIENTS = 32
GROWTH_MB = 30
"""What RSS (two workers and their supervisor) may move by over the second half: pages come and go."""


def _uvicorn_lines(log: Path) -> str:
    """The server log's lines that are not request records: what uvicorn said of its workers."""
    kept = [line for line in log.read_text().splitlines() if '"event": "request"' not in line]
    return "\n".join(kept)[-3000:]


async def test_two_workers_under_32_clients(db_url, tmp_path, admin_token, gql):
    ids = [n["id"] for n in (await gql("{ contacts(first: 50) { nodes { id } } }", admin_token))["data"]
           ["contacts"]["nodes"]]  # fmt: skip
    card, listing, graph = ((WORKLOADS / f"{w}.graphql").read_text() for w in ("card", "list", "graph"))
    bodies = itertools.cycle([
        *({"query": card, "variables": {"id": i}} for i in ids),
        {"query": listing, "variables": {}},
        {"query": graph, "variables": {}},
    ])  # fmt: skip
    failures: list[str] = []
    samples: list[tuple[float, float]] = []
    count = 0
    with live_server(db_url, tmp_path, workers=2) as server:
        headers = {"authorization": f"Bearer {admin_token}"}
        limits = httpx.Limits(max_connections=CLIENTS)
        started = time.monotonic()
        async with httpx.AsyncClient(base_url=server.url, headers=headers, limits=limits, timeout=30) as http:

            async def client() -> None:
                nonlocal count
                while time.monotonic() - started < SECONDS:
                    try:
                        response = await http.post("/graphql", json=next(bodies))
                    except httpx.TransportError as dropped:  # this client stops: the failure is told
                        failures.append(f"{time.monotonic() - started:.1f} s: {dropped!r}")
                        return
                    count += 1
                    if response.status_code != 200 or "errors" in response.json():
                        failures.append(f"{response.status_code} {response.text[-300:]}")

            async def sampler() -> None:
                while time.monotonic() - started < SECONDS:
                    samples.append((time.monotonic() - started, server.rss_mb()))
                    await asyncio.sleep(1)

            await asyncio.gather(sampler(), *(client() for _ in range(CLIENTS)))
    assert count > 200
    assert failures == [], _uvicorn_lines(server.log)
    second_half = [mb for at, mb in samples if at >= SECONDS / 2]
    assert max(second_half) - second_half[0] <= GROWTH_MB, samples
