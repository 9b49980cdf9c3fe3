"""`make bench` / `make bench-quick`: build (or reuse) the dataset, run every workload against every system,
write the report. See bench/README.md."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import dataset, load, report, servers, wrk_load
from bench import export as export_workload
from bench.documents import ours, theirs
from bench.probes import execution as execution_probe
from bench.probes import profile as profile_probe
from bench.probes import statements as statements_probe
from contactcard.config import Settings
from contactcard.db.runtime import database_url

WORKLOADS = Path(__file__).resolve().parent / "workloads"


@dataclass(frozen=True)
class Profile:
    contacts: int
    seconds: float
    warmup: float


EXECUTION_RUNS = 200
"""How many times the execution probe re-runs the CARD document (GraphQL execution alone, for the goals)."""

STATEMENT_RUNS = 200
"""How many CARD requests PostgreSQL's per-statement figures cover (bench/probes/statements.py)."""

PROFILES = {
    "quick": Profile(contacts=5_000, seconds=2, warmup=0.5),
    "full": Profile(contacts=100_000, seconds=15, warmup=3),
}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


async def measure(
    system: servers.Server,
    token: str,
    query: str,
    variables: list[dict[str, Any]],
    concurrency: int,
    profile: Profile,
) -> load.Measure:
    """One measure: from wrk when the machine has it (the client then costs the servers almost nothing),
    else from the in-process httpx client."""
    if wrk_load.available():
        return await asyncio.to_thread(
            wrk_load.run,
            system,
            token,
            query,
            variables,
            concurrency=concurrency,
            seconds=profile.seconds,
            warmup=profile.warmup,
        )
    return await load.run(
        system.url,
        token,
        load.cycle_of(query, variables),
        concurrency=concurrency,
        seconds=profile.seconds,
        warmup=profile.warmup,
    )


async def measure_all(
    systems: list[servers.Server],
    ds: dataset.Dataset,
    profile: Profile,
    exports: list[dict[str, Any]],
    only: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Every workload (or those in `only`) on every system; the EXPORT measure (one worker's, when every
    workload runs) is appended to `exports`."""
    results = []
    for system in systems:
        system.start()
        try:
            # The floor serves the workloads it was built for, not the filtered list.
            workloads = (
                theirs(ds) if system.peer else await ours(system, ds, filtered_list=system.name != "floor")
            )
            for name, (query, token, variables) in workloads.items():
                if only is not None and name not in only:
                    continue
                for concurrency in (1, 32):
                    measured = await measure(system, token, query, variables, concurrency, profile)
                    results.append(
                        {
                            "system": system.name,
                            "workload": name,
                            "concurrency": concurrency,
                            "requests": measured.requests,
                            "errors": measured.errors,
                            "rps": round(measured.rps, 1),
                            "p50_ms": round(measured.p50_ms, 2),
                            "p99_ms": round(measured.p99_ms, 2),
                            "statements": measured.statements,
                            "server_cpu_ms": _rounded(measured.server_cpu_ms),
                            "postgres_cpu_ms": _rounded(measured.postgres_cpu_ms),
                            "peak_rss_mb": 0.0,
                        }
                    )
                    print(
                        f"{system.name:16} {name:10} c={concurrency:<3} {measured.rps:8.1f} req/s  "
                        f"p50 {measured.p50_ms:7.1f} ms  p99 {measured.p99_ms:7.1f} ms  "
                        f"errors {measured.errors}  cpu/request: server "
                        f"{measured.server_cpu_ms or 0:.2f} ms, "
                        f"PostgreSQL {measured.postgres_cpu_ms or 0:.2f} ms",
                        flush=True,
                    )
            if system.name == "contactcard-1w" and only is None:
                exported = await export_workload.measure(system, ds.admin_token)
                print(f"{system.name:16} EXPORT     {exported}", flush=True)
                exports.append(exported)
        finally:
            system.stop()
        for result in results:
            if result["system"] == system.name:
                result["peak_rss_mb"] = round(system.peak_rss / 2**20, 1)
    return results


def _probe(measured: Coroutine[Any, Any, dict[str, Any] | None], notes: list[str]) -> dict[str, Any] | None:
    """A probe's figures, or None and a note saying why: a failed probe must not lose the run's measures."""
    try:
        return asyncio.run(measured)
    except Exception as exc:
        notes.append(f"A probe failed ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}).")
        return None


PROFILED = ["CARD", "LIST", "GRAPH"]
PROFILE_SECONDS = 15


def _profiled(ds: dataset.Dataset, notes: list[str]) -> dict[str, Any] | None:
    """Where one worker's time goes on each workload (py-spy), or None and a note saying why not."""
    if not wrk_load.available():
        notes.append("No profile: wrk is not on this machine.")
        return None
    try:
        return profile_probe.profile_workloads(ds, PROFILED, PROFILE_SECONDS)
    except Exception as exc:
        notes.append(f"The profile failed ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}).")
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", choices=sorted(PROFILES))
    parser.add_argument(
        "--systems",
        help="comma-separated system names (e.g. contactcard-1w,peer-postgraphile-v5): a partial "
        "run, printed and not written to bench/results",
    )
    parser.add_argument("--workloads", help="comma-separated workloads (e.g. CARD,LIST): a partial run too")
    args = parser.parse_args()
    profile = PROFILES[args.profile]
    settings = Settings.from_env()
    database = "DATABASE_URL" if settings.database_url else "the embedded server"
    # Started here when DATABASE_URL is unset; the servers (subprocesses) reach it through the environment.
    os.environ["DATABASE_URL"] = database_url(settings).render_as_string(hide_password=False)
    started = time.perf_counter()
    name = dataset.seed(profile.contacts, 1, settings)
    seeded = time.perf_counter() - started
    ds = asyncio.run(dataset.prepare(name, settings))
    systems = [servers.contactcard(8201, 1), servers.contactcard(8202, 2), servers.floor(8203)]
    if servers.install_peer():
        systems.append(servers.peer(8204, os.environ["DATABASE_URL"]))
    if servers.install_peer_v5():
        systems.append(servers.peer_v5(8205, os.environ["DATABASE_URL"]))
    notes = [
        f"Dataset `{name}`: {profile.contacts} contacts (seeded or reused in {seeded:.0f} s).",
        (
            "Load from wrk (one thread, keep-alive connections, bench/wrk.lua); CPU per request of the "
            "server's processes and of PostgreSQL's, from /proc over the same seconds."
            if wrk_load.available()
            else "Load from one asyncio/httpx client in the benchmark's process, on the same 2 cores as the "
            "servers (wrk is not on this machine: no CPU per request)."
        ),
        f"Each measure: {profile.warmup:g} s of warm-up, then {profile.seconds:g} s.",
        "CARD draws contacts Zipf-like (exponent 1.1, fixed seed); CARD_HEAVY cycles the heaviest 1 %; "
        "LIST (a MANAGER's token: visibility is the filter) and GRAPH draw among the first 30 pages.",
        "The floor runs as the table owner without row-level security; contactcard runs under RLS.",
        f"Database: PostgreSQL {asyncio.run(dataset.server_version(settings))} ({database}).",
    ]
    if any(system.peer for system in systems):
        node = subprocess.run(
            ["node", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        notes.append(
            f"The peer is PostGraphile 4.9 on Node.js {node} (`postgraphile -c … -s public "
            "--dynamic-json`), as the owner without RLS, asked for the same data through its generated "
            "schema (bench/peer/workloads): no layouts (all eight panels), no visibility rules (LIST lists "
            "the whole workspace), pages by offset, and the newest 20 consent rows instead of the current "
            "state per channel."
        )
    if any(system.name == "peer-postgraphile-v5" for system in systems):
        notes.append(
            "peer-postgraphile-v5 is PostGraphile 5.1.5 (Grafast) on the Node.js 22 of the npm package "
            "`node`, with the Amber and V4 presets (bench/peer-v5/graphile.config.mjs): 4.9's documents."
        )
    else:
        notes.append("PostGraphile (the peer) was skipped: Node.js is not on this machine.")
    exports: list[dict[str, Any]] = []
    if args.systems or args.workloads:
        chosen = set(args.systems.split(",")) if args.systems else None
        only = set(args.workloads.split(",")) if args.workloads else None
        partial = [system for system in systems if chosen is None or system.name in chosen]
        results = asyncio.run(measure_all(partial, ds, profile, exports, only))
        sys.exit(1 if any(r["errors"] for r in results) else 0)
    results = asyncio.run(measure_all(systems, ds, profile, exports))
    execution = _probe(execution_probe.measure(name, EXECUTION_RUNS), notes)
    profiles = _profiled(ds, notes)
    statements = _probe(statements_probe.measure(name, "card", STATEMENT_RUNS), notes)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
    command = f"make bench{'-quick' if args.profile == 'quick' else ''}"
    meta = {
        "dataset": name,
        "execution": execution,
        "export": exports[0] if exports else None,
        "card_statements": statements,
        "profiles": profiles,
    }
    path = report.write(stamp, args.profile, command, notes, results, meta)
    if args.profile == "full":
        here = Path(__file__).resolve().parent
        chart = path.with_suffix(".png")
        (here / "RESULTS.md").write_text(path.read_text().replace(f"]({chart.name})", "](RESULTS.png)"))
        if chart.exists():
            shutil.copy(chart, here / "RESULTS.png")
    print(f"report: {path}")
    sys.exit(1 if any(r["errors"] for r in results) else 0)


if __name__ == "__main__":
    main()
