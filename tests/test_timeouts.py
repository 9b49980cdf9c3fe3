"""A statement or a request over its time: the client gets a clean error, the pool recovers, and the next
request (of another workspace) sees nothing of the first."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import asynccontextmanager
from dataclasses import replace

import httpx
import pytest

from contactcard.app import create_app
from contactcard.db.runtime import engine_for
from contactcard.db.seed.workspaces import DEMO
from contactcard.db.seed.writer import seed_workspace
from tests.conftest import make_token

LIST = "{ contacts(first: 100) { totalCount nodes { id } } }"


@pytest.fixture
async def other_workspace(pg, owner_engine):
    name = f"Timeouts {secrets.token_hex(4)}"
    ws = await seed_workspace(pg, replace(DEMO, name=name), contacts=7, seed=9)
    yield await make_token(owner_engine, "admin@demo.example", workspace=name)
    await pg.execute("DELETE FROM workspaces WHERE id = $1", ws)


@asynccontextmanager
async def served(settings, db_url, **overrides):
    """An app (and its own engine) with some settings changed."""
    engine = engine_for(replace(settings, **overrides), db_url, serving=True)
    app = create_app(replace(settings, **overrides), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client
    await engine.dispose()


async def list_as(client, token):
    return await client.post("/graphql", json={"query": LIST}, headers={"authorization": f"Bearer {token}"})


async def list_while_contacts_are_locked(client, pg, token):
    """The list, asked while another transaction holds an exclusive lock on contacts: it has to wait."""
    lock = pg.transaction()
    await lock.start()
    try:
        await pg.execute("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE")
        return await list_as(client, token)
    finally:
        await lock.rollback()


async def test_a_statement_timeout_is_a_masked_error_and_the_pool_recovers(
    settings, db_url, pg, admin_token, other_workspace
):
    async with served(settings, db_url, statement_timeout_ms=300, pool_size=2, pool_overflow=0) as client:
        response = await list_while_contacts_are_locked(client, pg, admin_token)
        body = response.json()
        assert body["data"] == {"contacts": None}
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert (
            error["message"]
            == f"Internal error. Quote request id {error['extensions']['requestId']} when reporting it."
        )
        assert "statement" not in response.text
        assert "Traceback" not in response.text
        for _ in range(4):  # more requests than the pool has connections: none was lost
            again = await list_as(client, other_workspace)
            assert again.json()["data"]["contacts"]["totalCount"] == 7


async def test_a_request_over_its_time_is_stopped(settings, db_url, pg, admin_token, other_workspace):
    async with served(settings, db_url, request_timeout_ms=300, statement_timeout_ms=10_000) as client:
        response = await list_while_contacts_are_locked(client, pg, admin_token)
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"
        await asyncio.sleep(0.05)
        again = await list_as(client, other_workspace)
        assert again.json()["data"]["contacts"]["totalCount"] == 7
