"""The memory soak of issue 6 (and issue 14's sustained load): contactcard serves `requests` requests, or
as many as it can in `--minutes`, CARD, LIST and GRAPH in turn, `concurrency` at a time, on the full
dataset, with `--workers` uvicorn workers; the RSS of all its processes is sampled as it goes. The goals: 0
errors, at most 300 MB per worker, and no growth over the second half. Writes
bench/results/<date>-soak.json and .md.

    DATABASE_URL=... .venv/bin/python -m bench.soak 100000 8
    DATABASE_URL=... .venv/bin/python -m bench.soak 0 32 --workers 2 --minutes 10
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

import httpx

from bench import dataset, servers
from bench.documents import WORKLOADS, cursors
from bench.report import RESULTS
from contactcard.config import Settings

SAMPLES = 20
LIMIT_MB = 300
GROWTH_TOLERANCE_MB = 0.05 * LIMIT_MB


def rss_mb(server: servers.Server) -> float:
    return server.rss() / 2**20


async def soak(total: int, concurrency: int, workers: int = 1, minutes: float = 0) -> dict[str, Any]:
    """`total` requests, or (with `minutes`) as many as fit in that time."""
    settings = Settings.from_env()
    ds = await dataset.prepare(dataset.seed(100_000, 1, settings), settings)
    server = servers.contactcard(8210, workers)
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
        deadline = started + minutes * 60
        next_sample = [started + minutes * 60 / SAMPLES]

        def more() -> bool:
            return time.perf_counter() < deadline if minutes else sent < total

        def sample_due() -> bool:
            if not minutes:
                return sent % every == 0
            if time.perf_counter() < next_sample[0]:
                return False
            next_sample[0] += minutes * 60 / SAMPLES
            return True

        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as client:

            async def worker() -> None:
                nonlocal sent, errors
                while more():
                    sent += 1
                    if sample_due():
                        samples.append((sent, rss_mb(server)))
                    response = await client.post(server.url, json=next(bodies))
                    if response.status_code != 200 or "errors" in response.json():
                        errors += 1

            await asyncio.gather(*(worker() for _ in range(concurrency)))
        samples.append((sent, rss_mb(server)))
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    half = [mb for n, mb in samples if n >= sent // 2]
    return {
        "requests": sent,
        "errors": errors,
        "concurrency": concurrency,
        "workers": workers,
        "seconds": round(elapsed, 1),
        "samples": [{"requests": n, "rss_mb": round(mb, 1)} for n, mb in samples],
        "peak_rss_mb": round(max(mb for _, mb in samples), 1),
        "growth_over_second_half_mb": round(half[-1] - half[0], 1),
    }


def goal_met(result: dict[str, Any]) -> bool:
    """0 errors, at most 300 MB per worker, and no growth over the second half (within 5 % of the limit:
    RSS moves by pages)."""
    workers = result.get("workers", 1)
    return bool(
        result["errors"] == 0
        and result["peak_rss_mb"] <= LIMIT_MB * workers
        and result["growth_over_second_half_mb"] <= GROWTH_TOLERANCE_MB * workers
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("requests", type=int, nargs="?", default=100_000, help="how many (0 with --minutes)")
    parser.add_argument("concurrency", type=int, nargs="?", default=8)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers")
    parser.add_argument("--minutes", type=float, default=0, help="run for this long instead of a count")
    args = parser.parse_args()
    total, concurrency = args.requests, args.concurrency
    result = asyncio.run(soak(total, concurrency, args.workers, args.minutes))
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
    base = RESULTS / f"{stamp}-soak"
    base.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    verdict = "met" if goal_met(result) else "not met"
    lines = [
        f"# Memory soak ({stamp})",
        "",
        f"Command: `.venv/bin/python -m bench.soak {' '.join(sys.argv[1:])}` ({args.workers} worker(s); "
        "CARD, LIST and GRAPH in turn on the 100 000-contact dataset; RSS of all the server's processes).",
        "",
        f"{result['requests']} requests in {result['seconds']} s, {result['errors']} errors. Peak RSS "
        f"{result['peak_rss_mb']} MB; over the second half it changed by "
        f"{result['growth_over_second_half_mb']} MB. Goal (<= {LIMIT_MB} MB per worker, no growth over the "
        f"second half, taken as within {GROWTH_TOLERANCE_MB:.0f} MB per worker; 0 errors): {verdict}.",
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
