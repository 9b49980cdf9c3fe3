"""The load: a fixed document, variables drawn in order from a list, at a given concurrency, after a warm-up.

Runs in the benchmark's own process (asyncio + httpx, keep-alive connections); the servers run in theirs.
On this 2-core machine the client takes CPU from the server: the report says so beside the numbers.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Measure:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statements: float | None
    server_cpu_ms: float | None = None
    """CPU the server's processes spent per request (wrk runs only: bench/wrk_load.py)."""
    postgres_cpu_ms: float | None = None
    """CPU PostgreSQL's processes spent per request (wrk runs only)."""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def statements_of(response: httpx.Response, body: Any) -> int | None:
    header = response.headers.get("x-sql-statements")
    if header is not None:
        return int(header)
    if isinstance(body, dict):
        cost = (body.get("extensions") or {}).get("cost") or {}
        return cost.get("sqlStatements")
    return None


async def run(
    url: str,
    token: str,
    bodies: Iterator[dict[str, Any]],
    *,
    concurrency: int,
    seconds: float,
    warmup: float,
) -> Measure:
    latencies: list[float] = []
    statements: list[int] = []
    errors = 0
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        measuring_from = started + warmup
        until = measuring_from + seconds

        async def worker() -> None:
            nonlocal errors
            while (now := time.perf_counter()) < until:
                body = next(bodies)
                try:
                    response = await client.post(url, json=body)
                    decoded = response.json()
                except (httpx.HTTPError, ValueError):
                    # A dropped connection or a body that is not JSON: an error of the system under test,
                    # counted (the report shows it) rather than ending the whole run.
                    errors += now >= measuring_from
                    continue
                elapsed = time.perf_counter() - now
                if now < measuring_from:
                    continue
                if response.status_code != 200 or (isinstance(decoded, dict) and decoded.get("errors")):
                    errors += 1
                latencies.append(elapsed * 1000)
                count = statements_of(response, decoded)
                if count is not None:
                    statements.append(count)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies.sort()
    return Measure(
        requests=len(latencies),
        errors=errors,
        seconds=seconds,
        p50_ms=statistics.median(latencies) if latencies else 0.0,
        p99_ms=latencies[int(len(latencies) * 0.99)] if latencies else 0.0,
        statements=statistics.mean(statements) if statements else None,
    )


def cycle_of(query: str, variables: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return ({"query": query, "variables": v} for v in itertools.cycle(variables))
