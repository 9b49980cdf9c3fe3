"""The load from wrk (C, one thread, keep-alive connections), so that the client costs the servers almost
no CPU on this 2-core machine, with the CPU each request cost the server's processes and PostgreSQL's
backends (from /proc, through psutil) measured over the same seconds.

`bench/wrk.lua` cycles the request bodies; the SQL statement count comes from one request made first.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.load import Measure, statements_of
from bench.servers import Server

SCRIPT = Path(__file__).resolve().parent / "wrk.lua"


def available() -> bool:
    return shutil.which("wrk") is not None


CpuTimes = dict[tuple[int, float], float]
"""CPU seconds by process, each process known by (pid, creation time): a pid reused is another process."""


def cpu_times(processes: list[psutil.Process]) -> CpuTimes:
    found = {}
    for process in processes:
        try:
            times = process.cpu_times()
            found[(process.pid, process.create_time())] = times.user + times.system
        except psutil.Error:
            continue
    return found


def cpu_spent(before: CpuTimes, after: CpuTimes) -> float:
    """CPU spent between two readings by the processes alive at the second (those started in between
    from zero). A process that ended in between is not counted: never negative, at worst a little low."""
    return sum(seconds - before.get(key, 0.0) for key, seconds in after.items())


def _postgres() -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres")]


def server_processes(system: Server) -> list[psutil.Process]:
    if system.process is None:
        raise SystemExit(f"{system.name} is not running")
    root = psutil.Process(system.process.pid)
    return [root, *root.children(recursive=True)]


def _wrk(url: str, token: str, bodies: Path, concurrency: int, seconds: float) -> list[str]:
    # wrk takes whole seconds: a fraction (the quick profile's warm-up) is rounded up.
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{math.ceil(seconds)}s", "--timeout", "30s",
               "-s", str(SCRIPT), url, "--", str(bodies), token]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return line.split()[1:]


def run(
    system: Server,
    token: str,
    query: str,
    variables: list[dict[str, Any]],
    *,
    concurrency: int,
    seconds: float,
    warmup: float,
) -> Measure:
    first = httpx.post(
        system.url,
        json={"query": query, "variables": variables[0]},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    )
    statements = statements_of(first, first.json())
    with tempfile.TemporaryDirectory() as folder:
        bodies = Path(folder) / "bodies.jsonl"
        bodies.write_text("".join(json.dumps({"query": query, "variables": v}) + "\n" for v in variables))
        if warmup:
            _wrk(system.url, token, bodies, concurrency, warmup)
        server_before, postgres_before = cpu_times(server_processes(system)), cpu_times(_postgres())
        requests, errors, duration, p50, p99 = _wrk(system.url, token, bodies, concurrency, seconds)
        server_cpu = cpu_spent(server_before, cpu_times(server_processes(system)))
        postgres_cpu = cpu_spent(postgres_before, cpu_times(_postgres()))
    count = int(requests)
    return Measure(
        requests=count,
        errors=int(errors),
        seconds=float(duration),
        p50_ms=float(p50),
        p99_ms=float(p99),
        statements=None if statements is None else float(statements),
        server_cpu_ms=server_cpu * 1000 / count if count else None,
        postgres_cpu_ms=postgres_cpu * 1000 / count if count else None,
    )
