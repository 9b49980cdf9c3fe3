"""A real contactcard server for tests that need one over TCP (a browser, a Node.js client): `contactcard
serve`, as a user runs it, in a subprocess, on a free port, against the test database, stopped after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    """`http://127.0.0.1:<port>`"""
    process: subprocess.Popen[bytes]
    log: Path
    """uvicorn's own lines (a worker started, died, restarted) and the server's."""

    def rss_mb(self) -> float:
        """Resident memory of the server and its workers."""
        root = psutil.Process(self.process.pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 2**20


@contextmanager
def live_server(db_url: Any, log_dir: Path, workers: int = 1, **env: str) -> Iterator[LiveServer]:
    """A server (`contactcard serve` with `workers` uvicorn processes) on the database `db_url`."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": db_url.render_as_string(hide_password=False),
        "CONTACTCARD_RUN_JOBS": "0",
        **env,
    }
    log = log_dir / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own CLI with fixed arguments)
            [sys.executable, "-m", "contactcard.cli", "serve", "--port", str(port), "--workers", str(workers)],
            env=environment, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield LiveServer(url, process, log)
    finally:
        process.terminate()
        process.wait(timeout=20)


def graphql(server: str, token: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The data of one operation against a live server (a GraphQL error fails the test)."""
    body = httpx.post(f"{server}/graphql", json={"query": query, "variables": variables or {}},
                      headers={"authorization": f"Bearer {token}"}, timeout=30).json()  # fmt: skip
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def first_contact(server: str, token: str) -> str:
    """The id of the first contact the token's user sees (newest first)."""
    return str(
        graphql(server, token, "{ contacts(first: 1) { nodes { id } } }")["contacts"]["nodes"][0]["id"]
    )
