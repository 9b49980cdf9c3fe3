"""The systems under test as processes: start, wait until they answer, sample their memory, stop."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    name: str
    command: list[str]
    port: int
    health: str = "/healthz"
    env: dict[str, str] = field(default_factory=dict)
    peer: bool = False
    """Answers PostGraphile's documents (bench/peer/workloads), not contactcard's."""
    process: subprocess.Popen[bytes] | None = None
    peak_rss: int = 0
    _sampling: bool = False
    _log: BinaryIO | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def start(self, timeout: float = 60) -> None:
        self._log = open(ROOT / "bench" / "results" / f"{self.name}.log", "wb")  # noqa: SIM115  (closed by stop)
        self.process = subprocess.Popen(
            self.command, env={**os.environ, **self.env}, stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited early: see bench/results/{self.name}.log")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}{self.health}", timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            raise SystemExit(f"{self.name} did not answer within {timeout:.0f} s")
        self._sampling = True
        threading.Thread(target=self._sample, daemon=True).start()

    def rss(self) -> int:
        """Resident memory of the server and its worker processes, in bytes."""
        if self.process is None:
            raise SystemExit(f"{self.name} is not running")
        root = psutil.Process(self.process.pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])

    def _sample(self) -> None:
        while self._sampling and self.process is not None and self.process.poll() is None:
            with contextlib.suppress(psutil.Error):
                self.peak_rss = max(self.peak_rss, self.rss())
            time.sleep(0.25)

    def stop(self) -> None:
        self._sampling = False
        if self.process is None:
            return
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                child.terminate()
        except psutil.NoSuchProcess:
            pass  # it died during the run (its log is in bench/results/)
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self._log is not None:
            self._log.close()


def contactcard(port: int, workers: int) -> Server:
    return Server(
        f"contactcard-{workers}w",
        [sys.executable, "-m", "contactcard.cli", "serve", "--port", str(port), "--workers", str(workers)],
        port,
        env={"CONTACTCARD_LOG_LEVEL": "warning"},
    )


def floor(port: int) -> Server:
    return Server("floor", [sys.executable, "-m", "bench.floor", "--port", str(port)], port)


PEER = ROOT / "bench" / "peer"


PEER_V5 = ROOT / "bench" / "peer-v5"


def _npm_install(folder: Path, binary: str) -> bool:
    """`npm install` in `folder` once; False (and that peer is skipped) without Node.js and npm."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return False
    if not (folder / "node_modules" / ".bin" / binary).exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=folder, check=True)
    return True


def install_peer() -> bool:
    """PostGraphile 4.9 from npm into bench/peer, once."""
    return _npm_install(PEER, "postgraphile")


def install_peer_v5() -> bool:
    """PostGraphile v5 and the Node.js 22 it needs (the npm package `node`) into bench/peer-v5, once."""
    return _npm_install(PEER_V5, "postgraphile")


def peer(port: int, dsn: str) -> Server:
    binary = str(PEER / "node_modules" / ".bin" / "postgraphile")
    options = [
        "-s",
        "public",
        "--port",
        str(port),
        "--disable-graphiql",
        "--dynamic-json",
        "--disable-query-log",
    ]
    return Server("peer-postgraphile", [binary, "-c", dsn, *options], port, health="/graphql", peer=True)


def peer_v5(port: int, dsn: str) -> Server:
    """PostGraphile v5 on its own Node.js 22, configured by bench/peer-v5/graphile.config.mjs (the V4
    preset: the same generated names, so the same documents as 4.9)."""
    bin_ = PEER_V5 / "node_modules" / ".bin"
    command = [str(bin_ / "node"), str(bin_ / "postgraphile"), "-C", str(PEER_V5 / "graphile.config.mjs")]
    env = {"DATABASE_URL": dsn, "PORT": str(port), "GRAPHILE_ENV": "production"}
    return Server("peer-postgraphile-v5", command, port, health="/graphql", env=env, peer=True)
