"""The test harness: one fresh database per session, built by the migrations and seeded with the demo
workspace, on the PostgreSQL at DATABASE_URL or (unset) the embedded one; the real ASGI app over httpx.

Isolation: the demo workspace is only read by tests; a test that writes does so in a workspace of its own
(workspaces never see each other) or undoes nothing that another test reads.
"""

from __future__ import annotations

import base64
import dataclasses
import secrets
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.app import create_app
from contactcard.auth.issue import issue_token
from contactcard.config import Settings
from contactcard.db.migrate import upgrade
from contactcard.db.runtime import database_url, engine_for
from contactcard.db.seed.workspaces import seed_demo
from contactcard.db.url import asyncpg_dsn, with_database


def global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


DEMO_USERS = ("admin@demo.example", "manager@demo.example", "agent@demo.example", "agent2@demo.example")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The environment's settings, with uploads kept in a directory of this run's own."""
    return dataclasses.replace(Settings.from_env(), files_dir=tmp_path_factory.mktemp("files"))


@pytest.fixture(scope="session")
async def server_url(settings: Settings) -> URL:
    """The server's own database (`postgres` or DATABASE_URL's), where test databases are created."""
    return database_url(settings)


@pytest.fixture(scope="session")
async def db_url(server_url: URL) -> AsyncIterator[URL]:
    name = f"contactcard_test_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield with_database(server_url, name)
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
async def owner_engine(settings: Settings, db_url: URL) -> AsyncIterator[AsyncEngine]:
    """The tables' owner, as migrations, the seeder and the CLI connect: not subject to row-level security."""
    engine = engine_for(settings, db_url)
    await upgrade(engine)
    conn = await asyncpg.connect(asyncpg_dsn(db_url))
    try:
        await seed_demo(conn)
    finally:
        await conn.close()
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def engine(settings: Settings, db_url: URL, owner_engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The API's engine: the application role, under row-level security."""
    engine = engine_for(settings, db_url, serving=True)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def pg(db_url: URL, owner_engine: AsyncEngine) -> AsyncIterator[asyncpg.Connection]:
    """A plain connection to the test database (migrated and seeded), for arranging and checking rows."""
    conn = await asyncpg.connect(asyncpg_dsn(db_url))
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
async def client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def make_token(
    engine: AsyncEngine, email: str, scopes: tuple[str, ...] = ("read",), workspace: str = "Demo"
) -> str:
    async with engine.begin() as conn:
        return await issue_token(conn, email, list(scopes), "tests", workspace)


@pytest.fixture(scope="session")
async def tokens(owner_engine: AsyncEngine) -> dict[str, str]:
    """A read token for each demo user, by email."""
    return {email: await make_token(owner_engine, email) for email in DEMO_USERS}


@pytest.fixture(scope="session")
def admin_token(tokens: dict[str, str]) -> str:
    return tokens["admin@demo.example"]


class Gql:
    """Posts GraphQL documents as a given token and returns the decoded response."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(
        self, query: str, token: str | None, variables: dict[str, Any] | None = None, status: int = 200
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="session")
def gql(client: httpx.AsyncClient) -> Gql:
    return Gql(client)
