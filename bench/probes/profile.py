"""Probe (issue 13): where a worker's CPU goes under load, from py-spy's samples.

Starts contactcard with one worker on the benchmark's dataset, loads it with wrk (as `make bench` does) with
one workload at concurrency 32, and samples the worker with `py-spy record` (raw, collapsed stacks) for
`seconds`. Prints the share of samples per package (self time: the innermost frame's) and the functions
of most self time and most total time. A full `make bench` runs it on CARD, LIST and GRAPH for its report.

    DATABASE_URL=... .venv/bin/python -m bench.probes.profile bench-100000-s1 CARD [seconds]

py-spy (PyPI, in the bench extra) reads the worker's memory: it needs ptrace rights (root, or
`kernel.yama.ptrace_scope = 0`).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import dataset, servers, wrk_load
from bench.documents import ours
from contactcard.config import Settings

PORT = 8391
_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^():]*?)(?::\d+)?\)$")


def package(file: str) -> str:
    """Which package a frame's file belongs to (site-packages' top folder, our package, or the stdlib)."""
    parts = Path(file).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    for ours_ in ("contactcard", "bench"):
        if ours_ in parts:
            return ours_
    return "python (stdlib, C)" if file else "native"


EXECUTOR = ("Run.execute ", "Run.drain ", "Run.step ", "Stepped.step ", ".execute_plan ", "GraphQLView.")
"""Our frames on every request's stack (the compiled executor's loop, the view): no news in a profile."""


def summarise(collapsed: Path, top: int = 25) -> dict[str, Any]:
    """Shares of the samples: self time by package and by function, and total time of contactcard's own
    functions (the frames below the request's: resolvers, loaders, reads)."""
    by_package: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue  # a frame's name read mid-change from the worker's memory (seen: bytes of a row)
        count = int(count_text)
        samples += count
        names = []
        for frame in stack.split(";"):
            match = _FRAME.match(frame)
            function, file = (match["function"], match["file"]) if match else (frame, "")
            names.append((f"{function} ({Path(file).name})", package(file)))
        leaf_name, leaf_package = names[-1]
        by_package[leaf_package] += count
        own[leaf_name] += count
        for name in {name for name, where in names if where == "contactcard" and not outer(name)}:
            total[name] += count

    def shares(counter: collections.Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * count / max(samples, 1), 1)) for name, count in counter.most_common(top)]

    return {"samples": samples, "packages": shares(by_package), "self": shares(own), "total": shares(total)}


def outer(name: str) -> bool:
    """A frame of the command line, the view or the executor's loop (`name` as `summarise` writes it)."""
    return any(part in name for part in EXECUTOR) or "(cli.py)" in name or "(app.py)" in name


def show(found: dict[str, Any]) -> None:
    print(f"{found['samples']} samples")
    for title, key in (("self time by package", "packages"), ("most self time", "self"),
                       ("most total time in contactcard's functions", "total")):  # fmt: skip
        print(f"{title}:")
        for name, share in found[key]:
            print(f"  {share:5.1f} %  {name}")


def profile(
    workload: str, query: str, token: str, variables: list[dict[str, Any]], seconds: float
) -> dict[str, Any]:
    """py-spy's samples of a one-worker contactcard under wrk at concurrency 32, summarised."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    server = servers.contactcard(PORT, 1)
    server.start()
    try:
        worker = max(wrk_load.server_processes(server), key=lambda p: p.memory_info().rss)
        with tempfile.TemporaryDirectory() as folder:
            bodies = Path(folder) / "bodies.jsonl"
            bodies.write_text("".join(json.dumps({"query": query, "variables": v}) + "\n" for v in variables))
            collapsed = Path(folder) / "profile.txt"
            load = subprocess.Popen(
                [
                    "wrk",
                    "-t1",
                    "-c32",
                    f"-d{int(seconds) + 5}s",
                    "--timeout",
                    "30s",
                    "-s",
                    str(wrk_load.SCRIPT),
                    server.url,
                    "--",
                    str(bodies),
                    token,
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(3)  # warm-up
            subprocess.run(
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(worker.pid),
                    "--duration",
                    str(int(seconds)),
                    "--format",
                    "raw",
                    "--output",
                    str(collapsed),
                    "--nonblocking",
                ],
                check=True,
                capture_output=True,
            )
            load.wait()
            return {"workload": workload, "seconds": seconds, **summarise(collapsed)}
    finally:
        server.stop()


def profile_workloads(ds: dataset.Dataset, names: list[str], seconds: float) -> dict[str, dict[str, Any]]:
    """`profile` of each workload of `names` (bench/run.py's documents, for the dataset's tokens)."""
    probe = servers.contactcard(PORT, 1)
    probe.start()
    try:
        workloads = asyncio.run(ours(probe, ds, filtered_list=False))
    finally:
        probe.stop()
    return {name: profile(name, *workloads[name], seconds) for name in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("workload", choices=["CARD", "CARD_HEAVY", "LIST", "GRAPH"])
    parser.add_argument("seconds", type=float, nargs="?", default=15)
    args = parser.parse_args()
    ds = asyncio.run(dataset.prepare(args.workspace, Settings.from_env()))
    show(profile_workloads(ds, [args.workload], args.seconds)[args.workload])


if __name__ == "__main__":
    main()
