"""The memory soak of issue 6: one contactcard worker serves `requests` requests (CARD, LIST and GRAPH in
turn, `concurrency` at a time, on the full dataset); its RSS is sampled as it goes. The goal: at most 300 MB
and no growth over the second half. Writes bench/results/<date>-soak.json and .md.

    DATABASE_URL=... .venv/bin/python -m bench.soak 100000 8
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

import httpx

from bench import dataset, servers
from bench.report import RESULTS
from bench.run import WORKLOADS, cursors
from contactcard.config import Settings

SAMPLES = 20
LIMIT_MB = 300
GROWTH_TOLERANCE_MB = 0.05 * LIMIT_MB


def rss_mb(server: servers.Server) -> float:
    return server.rss() / 2**20


async def soak(total: int, concurrency: int) -> dict[str, Any]:
    settings = Settings.from_env()
    ds = await dataset.prepare(dataset.seed(100_000, 1, settings), settings)
    server = servers.contactcard(8210, 1)
    server.start()
    try:
        card, listing, graph = (
            (WORKLOADS / f"{name}.graphql").read_text() for name in ("card", "list", "graph")
        )
        pages = await cursors(server.url, ds.admin_token, listing, 30)
        bodies = itertools.cycle(
            [
                *({"query": card, "variables": {"id": c}} for c in ds.contacts[:200]),
                *({"query": listing, "variables": p} for p in pages),
                *({"query": graph, "variables": p} for p in pages),
            ]
        )
        headers = {"authorization": f"Bearer {ds.admin_token}"}
        samples: list[tuple[int, float]] = [(0, rss_mb(server))]
        sent = errors = 0
        every = max(total // SAMPLES, 1)
        started = time.perf_counter()
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as client:

            async def worker() -> None:
                nonlocal sent, errors
                while sent < total:
                    sent += 1
                    if sent % every == 0:
                        samples.append((sent, rss_mb(server)))
                    response = await client.post(server.url, json=next(bodies))
                    if response.status_code != 200 or "errors" in response.json():
                        errors += 1

            await asyncio.gather(*(worker() for _ in range(concurrency)))
        samples.append((sent, rss_mb(server)))
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    half = [mb for n, mb in samples if n >= total // 2]
    return {
        "requests": sent,
        "errors": errors,
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "samples": [{"requests": n, "rss_mb": round(mb, 1)} for n, mb in samples],
        "peak_rss_mb": round(max(mb for _, mb in samples), 1),
        "growth_over_second_half_mb": round(half[-1] - half[0], 1),
    }


def goal_met(result: dict[str, Any]) -> bool:
    """At most 300 MB, and no growth over the second half (within 5 % of the limit: RSS moves by pages)."""
    return bool(
        result["peak_rss_mb"] <= LIMIT_MB and result["growth_over_second_half_mb"] <= GROWTH_TOLERANCE_MB
    )


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    result = asyncio.run(soak(total, concurrency))
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
    base = RESULTS / f"{stamp}-soak"
    base.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    verdict = "met" if goal_met(result) else "not met"
    lines = [
        f"# Memory soak ({stamp})",
        "",
        f"Command: `.venv/bin/python -m bench.soak {total} {concurrency}` (one worker; CARD, LIST and GRAPH "
        "in turn on the 100 000-contact dataset).",
        "",
        f"{result['requests']} requests in {result['seconds']} s, {result['errors']} errors. Peak RSS "
        f"{result['peak_rss_mb']} MB; over the second half it changed by "
        f"{result['growth_over_second_half_mb']} MB. Goal (<= {LIMIT_MB} MB, no growth over the second "
        f"half, taken as within {GROWTH_TOLERANCE_MB:.0f} MB): {verdict}.",
        "",
        "| requests | RSS MB |",
        "|---|---|",
        *(f"| {s['requests']} | {s['rss_mb']} |" for s in result["samples"]),
        "",
    ]
    base.with_suffix(".md").write_text("\n".join(lines))
    print(f"report: {base.with_suffix('.md')}")


if __name__ == "__main__":
    main()
