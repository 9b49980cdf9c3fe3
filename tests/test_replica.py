"""A read replica (`DATABASE_READ_URL`) with a real streaming standby: the test makes a primary of its own
(initdb), a standby of it (pg_basebackup -R, streaming) and runs the server on both. Queries read the
replica; a request that writes reads the primary after its write, so it sees what it wrote even while the
replica lags (replay paused), and the replica catches up once replay resumes. Skips where PostgreSQL's
server binaries are missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.live_server import free_port, graphql, live_server

BIN = next(
    (Path(p) for p in ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin") if (Path(p) / "pg_basebackup").exists()),
    None,
)  # fmt: skip
pytestmark = pytest.mark.skipif(
    BIN is None, reason="PostgreSQL's server binaries (initdb, pg_basebackup) are missing"
)


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def run(*command: str) -> str:
    done = subprocess.run(as_postgres(*command), capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done.stdout


def psql(port: int, sql: str) -> str:
    return run(
        f"{BIN}/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres", "-Atc", sql
    ).strip()


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[int, int]]:
    # Not under pytest's tmp_path: that is private to root, and the servers run as `postgres`.
    base = Path(tempfile.mkdtemp(prefix="contactcard-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary, standby = base / "primary", base / "standby"
    primary_port, standby_port = free_port(), free_port()
    run(f"{BIN}/initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "--no-sync")
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {primary_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{base}'\n"
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n"
        )
    with (primary / "pg_hba.conf").open("a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    started: list[Path] = []
    try:
        run(f"{BIN}/pg_ctl", "-D", str(primary), "-l", str(base / "primary.log"), "-w", "start")
        started.append(primary)
        run(f"{BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres",
            "-D", str(standby), "-R", "-X", "stream")  # fmt: skip
        with (standby / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {standby_port}\n")
        run(f"{BIN}/pg_ctl", "-D", str(standby), "-l", str(base / "standby.log"), "-w", "start")
        started.append(standby)
        assert psql(standby_port, "SELECT pg_is_in_recovery()") == "t"
        yield primary_port, standby_port
    finally:
        for data in reversed(started):
            run(f"{BIN}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def cli(url: str, *arguments: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(  # noqa: S603 (our own CLI)
        [sys.executable, "-m", "contactcard.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (arguments, done.stdout, done.stderr)
    return done.stdout


def caught_up(primary_port: int, standby_port: int) -> None:
    target = psql(primary_port, "SELECT pg_current_wal_lsn()")
    for _ in range(200):
        if psql(standby_port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
            return
        time.sleep(0.05)
    raise AssertionError("the standby did not catch up")


NAME = "query($id: ID!) { contact(id: $id) { firstName } }"
RENAME = 'mutation($id: ID!) { contactUpdate(id: $id, input: {firstName: "Lagged"}) { contact { firstName } userErrors { code } } }'


def test_queries_read_the_replica_and_a_write_reads_its_own_write(cluster, tmp_path):
    primary_port, standby_port = cluster
    primary = f"postgresql://postgres@127.0.0.1:{primary_port}/postgres"
    replica = f"postgresql://postgres@127.0.0.1:{standby_port}/postgres"
    cli(primary, "migrate")
    cli(primary, "seed", "--contacts", "20", "--workspace", "Replicated")
    emails = psql(primary_port, "SELECT u.email FROM users u JOIN workspaces w ON w.id = u.workspace_id "
                                "WHERE w.name = 'Replicated' AND u.role = 'ADMIN' LIMIT 1")  # fmt: skip
    token = (
        cli(
            primary,
            "token",
            "create",
            "--email",
            emails,
            "--scopes",
            "read,write",
            "--workspace",
            "Replicated",
        )
        .strip()
        .splitlines()[-1]
    )
    caught_up(primary_port, standby_port)
    with live_server(make_url(primary), tmp_path, DATABASE_READ_URL=replica) as server:
        contact = graphql(server.url, token, "{ contacts(first: 1) { nodes { id firstName } } }")["contacts"][
            "nodes"
        ][0]
        before = contact["firstName"]
        assert before != "Lagged"
        psql(standby_port, "SELECT pg_wal_replay_pause()")
        try:
            renamed = graphql(server.url, token, RENAME, {"id": contact["id"]})["contactUpdate"]
            assert renamed == {
                "contact": {"firstName": "Lagged"},
                "userErrors": [],
            }  # read after the write: primary
            # A query reads the replica, which has not replayed the write yet.
            assert graphql(server.url, token, NAME, {"id": contact["id"]})["contact"]["firstName"] == before
        finally:
            psql(standby_port, "SELECT pg_wal_replay_resume()")
        caught_up(primary_port, standby_port)
        assert graphql(server.url, token, NAME, {"id": contact["id"]})["contact"]["firstName"] == "Lagged"
