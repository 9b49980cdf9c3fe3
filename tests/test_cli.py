"""The command line, run as a user runs it: one clear line and exit status 2 for every expected failure."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import asyncpg
import pytest

from contactcard.auth.tokens import shown_prefix
from contactcard.db.migrate import head_revision
from contactcard.db.url import asyncpg_dsn, with_database


def run(*args: str, database_url: str | None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "contactcard.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def rendered(url) -> str:
    return url.render_as_string(hide_password=False)


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("mysql://root@localhost/x", "DATABASE_URL must be a PostgreSQL URL"),
        ("not a url at all", "DATABASE_URL is not a database URL"),
        ("postgresql://postgres@127.0.0.1:1/nowhere", "cannot reach the database at"),
    ],
)
def test_bad_database_urls_are_one_line_and_exit_2(database_url, expected):
    result = run("migrate", database_url=database_url)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


async def test_serve_refuses_a_database_behind_the_code(server_url):
    name = f"contactcard_empty_{secrets.token_hex(3)}"
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = run("serve", "--port", "8799", database_url=rendered(with_database(server_url, name)))
        assert result.returncode == 2
        assert result.stderr == (
            f"contactcard: the database schema is at nothing, the code needs {head_revision()}: "
            "run `contactcard migrate`\n"
        )
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def test_token_create_prints_the_token_last_and_it_works(db_url, gql):
    result = run(
        "token",
        "create",
        "--email",
        "agent@demo.example",
        "--scopes",
        "read,write",
        database_url=rendered(db_url),
    )
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("cc_")
    body = await gql("{ viewer { email scopes } }", token)
    assert body["data"] == {"viewer": {"email": "agent@demo.example", "scopes": ["read", "write"]}}

    listed = run("token", "list", database_url=rendered(db_url))
    assert f"{shown_prefix(token)}…  agent@demo.example  read,write  active" in listed.stdout
    assert token not in listed.stdout


def test_token_create_refuses_bad_input(db_url):
    unknown = run("token", "create", "--email", "nobody@demo.example", database_url=rendered(db_url))
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "contactcard: no single active user with email 'nobody@demo.example' (name the workspace with --workspace)\n",
    )
    scopes = run(
        "token", "create", "--email", "agent@demo.example", "--scopes", "root", database_url=rendered(db_url)
    )
    assert scopes.returncode == 2
    assert "scopes must be a comma-separated list of read, write, admin" in scopes.stderr


def test_seed_demo_twice_does_nothing_the_second_time(db_url):
    result = run("seed", "--demo", database_url=rendered(db_url))
    assert (result.returncode, result.stdout) == (0, "demo workspace exists already: nothing to do\n")


def test_export_schema_check(db_url):
    result = run("export-schema", "--check", database_url=rendered(db_url))
    assert (result.returncode, result.stdout) == (0, "schema.graphql is up to date\n")


async def test_worker_runs_queued_jobs_and_stops_on_sigterm(db_url, gql, owner_engine, pg):
    import asyncio  # noqa: PLC0415
    import signal  # noqa: PLC0415

    from tests.conftest import make_token  # noqa: PLC0415

    token = await make_token(owner_engine, "admin@demo.example", ("read",))
    export = 'mutation { contactsExport(input: {columns: ["NAME"]}) { job { id } userErrors { code } } }'
    job_id = (await gql(export, token))["data"]["contactsExport"]["job"]["id"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = rendered(db_url)
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "contactcard.cli", "worker", "--poll-seconds", "0.2",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        status = None
        for _ in range(150):
            status = (await gql("query($id: ID!) { exportJob(id: $id) { status } }", token, {"id": job_id}))[
                "data"
            ]["exportJob"]["status"]
            if status == "DONE":
                break
            await asyncio.sleep(0.2)
        assert status == "DONE"
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(worker.communicate(), 30)
    assert worker.returncode == 0, err
    assert b"working the job queue" in out
