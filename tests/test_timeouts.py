"""A statement or a request over its time: the client gets a clean error, the pool recovers, and the next
request (of another workspace) sees nothing of the first."""

from __future__ import annotations

import asyncio
import secrets
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


async def served(settings, db_url, **overrides):
    engine = engine_for(replace(settings, **overrides), db_url, serving=True)
    app = create_app(replace(settings, **overrides), engine=engine)
    return engine, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def locked_contacts(pg):
    transaction = pg.transaction()
    await transaction.start()
    await pg.execute("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE")
    return transaction


async def test_a_statement_timeout_is_a_masked_error_and_the_pool_recovers(
    settings, db_url, pg, admin_token, other_workspace
):
    engine, client = await served(settings, db_url, statement_timeout_ms=300, pool_size=2, pool_overflow=0)
    try:
        lock = await locked_contacts(pg)
        try:
            response = await client.post(
                "/graphql", json={"query": LIST}, headers={"authorization": f"Bearer {admin_token}"}
            )
        finally:
            await lock.rollback()
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
            again = await client.post(
                "/graphql", json={"query": LIST}, headers={"authorization": f"Bearer {other_workspace}"}
            )
            assert again.json()["data"]["contacts"]["totalCount"] == 7
    finally:
        await client.aclose()
        await engine.dispose()


async def test_a_request_over_its_time_is_stopped(settings, db_url, pg, admin_token, other_workspace):
    engine, client = await served(settings, db_url, request_timeout_ms=300, statement_timeout_ms=10_000)
    try:
        lock = await locked_contacts(pg)
        try:
            response = await client.post(
                "/graphql", json={"query": LIST}, headers={"authorization": f"Bearer {admin_token}"}
            )
        finally:
            await lock.rollback()
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"
        await asyncio.sleep(0.05)
        again = await client.post(
            "/graphql", json={"query": LIST}, headers={"authorization": f"Bearer {other_workspace}"}
        )
        assert again.json()["data"]["contacts"]["totalCount"] == 7
    finally:
        await client.aclose()
        await engine.dispose()
