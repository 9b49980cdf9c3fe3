"""Row-level security, the second guard: a statement with no workspace filter at all, on a connection set up
as the application sets up its transactions, sees only the request's workspace."""

from __future__ import annotations

from dataclasses import replace

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from contactcard.db.engine import current_workspace
from contactcard.db.runtime import engine_for


@pytest.fixture
async def demo_and_another(pg):
    demo = await pg.fetchval("SELECT id FROM workspaces WHERE name = 'Demo'")
    other = await pg.fetchval("INSERT INTO workspaces (name) VALUES ('RLS elsewhere') RETURNING id")
    await pg.execute(
        "INSERT INTO contacts (workspace_id, first_name, source) VALUES ($1, 'elsewhere', 'API')", other
    )
    yield demo, other
    await pg.execute("DELETE FROM workspaces WHERE id = $1", other)


async def as_request_of(engine, workspace: int | None, sql: str):
    reset = current_workspace.set(workspace)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(sql))).all()
    finally:
        current_workspace.reset(reset)


async def test_an_unfiltered_statement_sees_only_the_requests_workspace(engine, pg, demo_and_another):
    demo, other = demo_and_another
    assert await pg.fetchval("SELECT count(DISTINCT workspace_id) FROM contacts") >= 2
    rows = await as_request_of(
        engine, demo, "SELECT workspace_id, count(*) FROM contacts GROUP BY workspace_id"
    )
    assert [tuple(r) for r in rows] == [
        (demo, await pg.fetchval("SELECT count(*) FROM contacts WHERE workspace_id = $1", demo))
    ]
    rows = await as_request_of(engine, other, "SELECT first_name FROM contacts")
    assert [tuple(r) for r in rows] == [("elsewhere",)]
    rows = await as_request_of(engine, demo, "SELECT name FROM workspaces")
    assert [tuple(r) for r in rows] == [("Demo",)]


async def test_without_a_workspace_nothing_is_visible(engine):
    for table in ("contacts", "users", "api_tokens", "deals", "history_entries", "card_layouts"):
        assert await as_request_of(engine, None, f"SELECT count(*) FROM {table}") == [(0,)]  # noqa: S608


async def test_a_pooled_connection_names_each_new_requests_workspace(settings, db_url, demo_and_another):
    """The workspace is a session setting sent at checkout when it changes: one connection, reused by
    requests of one workspace, then of none, then of another, shows each only its own rows."""
    demo, other = demo_and_another
    single = engine_for(replace(settings, pool_size=1, pool_overflow=0), db_url, serving=True)
    try:
        seen = []
        for workspace in (demo, demo, None, other, demo):
            rows = await as_request_of(single, workspace, "SELECT DISTINCT workspace_id FROM contacts")
            seen.append([r[0] for r in rows])
        assert seen == [[demo], [demo], [], [other], [demo]]
        assert single.pool.checkedin() == 1  # the same connection served all five
    finally:
        await single.dispose()


async def test_another_workspaces_rows_cannot_be_written(engine, demo_and_another):
    demo, other = demo_and_another
    reset = current_workspace.set(demo)
    try:
        async with engine.begin() as conn:
            with pytest.raises(DBAPIError) as refused:
                await conn.execute(
                    text(
                        "INSERT INTO contacts (workspace_id, first_name, source) VALUES (:ws, 'intruder', 'API')"
                    ),
                    {"ws": other},
                )
        assert isinstance(refused.value.orig.__cause__, asyncpg.InsufficientPrivilegeError)
    finally:
        current_workspace.reset(reset)


async def test_the_application_role_neither_owns_the_tables_nor_bypasses_rls(engine, pg):
    (role,) = await as_request_of(engine, None, "SELECT current_user")
    assert role[0] == "contactcard_app"
    flags = await pg.fetchrow("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'contactcard_app'")
    assert (flags["rolsuper"], flags["rolbypassrls"]) == (False, False)
    owned = await pg.fetchval(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'contactcard_app'"
    )
    assert owned == 0
    unprotected = await pg.fetch(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity AND c.relname <> 'alembic_version'"
    )
    assert [r["relname"] for r in unprotected] == []
