"""Probe (issue 13): where a worker's CPU goes under load, from py-spy's samples.

Starts contactcard with one worker on the benchmark's dataset, loads it with wrk (as `make bench` does) with
one workload at concurrency 32, and samples the worker with `py-spy record` (raw, collapsed stacks) for
`seconds`. Prints the share of samples per package (self time: the innermost frame's) and the functions
of most self time and most total time, and keeps the collapsed stacks (`--keep FILE`, for a flame graph).

    DATABASE_URL=... .venv/bin/python -m bench.probes.profile bench-100000-s1 CARD [seconds] [--keep F]

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

from bench import dataset, servers, wrk_load
from bench.run import ours
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


def summarise(collapsed: Path, top: int = 25) -> None:
    by_package: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        names = []
        for frame in frames:
            match = _FRAME.match(frame)
            function, file = (match["function"], match["file"]) if match else (frame, "")
            names.append((f"{function} ({Path(file).name})", package(file)))
        leaf_name, leaf_package = names[-1]
        by_package[leaf_package] += count
        own[leaf_name] += count
        for name in {name for name, _ in names}:
            total[name] += count
    print(f"{samples} samples")
    print("self time by package:")
    for name, count in by_package.most_common():
        print(f"  {100 * count / samples:5.1f} %  {name}")
    print("most self time:")
    for name, count in own.most_common(top):
        print(f"  {100 * count / samples:5.1f} %  {name}")
    print("most total time:")
    for name, count in total.most_common(top):
        print(f"  {100 * count / samples:5.1f} %  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("workload", choices=["CARD", "CARD_HEAVY", "LIST", "GRAPH"])
    parser.add_argument("seconds", type=float, nargs="?", default=15)
    parser.add_argument("--keep", type=Path, help="where to keep py-spy's collapsed stacks")
    args = parser.parse_args()
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    settings = Settings.from_env()
    ds = asyncio.run(dataset.prepare(args.workspace, settings))
    server = servers.contactcard(PORT, 1)
    server.start()
    try:
        query, token, variables = asyncio.run(ours(server, ds, filtered_list=False))[args.workload]
        worker = max(wrk_load.server_processes(server), key=lambda p: p.memory_info().rss)
        with tempfile.TemporaryDirectory() as folder:
            bodies = Path(folder) / "bodies.jsonl"
            bodies.write_text("".join(json.dumps({"query": query, "variables": v}) + "\n" for v in variables))
            collapsed = args.keep or Path(folder) / "profile.txt"
            load = subprocess.Popen(
                [
                    "wrk",
                    "-t1",
                    "-c32",
                    f"-d{int(args.seconds) + 5}s",
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
                    str(int(args.seconds)),
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
            summarise(collapsed)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
