"""The benchmark's floor answers each workload with exactly contactcard's data (else it measures nothing)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bench.floor.app import create_app
from contactcard.db.url import asyncpg_dsn

WORKLOADS = Path(__file__).parent.parent / "bench" / "workloads"


@pytest.fixture
async def floor(db_url):
    app = create_app(asyncpg_dsn(db_url))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://floor") as client,
    ):
        yield client


async def both(client, floor, name: str, token: str, variables: dict) -> tuple[dict, dict, int, int]:
    body = {"query": (WORKLOADS / f"{name}.graphql").read_text(), "variables": variables}
    headers = {"authorization": f"Bearer {token}"}
    ours = (await client.post("/graphql", json=body, headers=headers)).json()
    theirs = await floor.post("/graphql", json=body, headers=headers)
    return (
        ours,
        theirs.json(),
        ours["extensions"]["cost"]["sqlStatements"],
        int(theirs.headers["x-sql-statements"]),
    )


@pytest.fixture
async def stored_layout(pg):
    """The admin's own layout, stored: both must read and follow it (reordered, one panel off, sizes set)."""
    admin = await pg.fetchrow("SELECT workspace_id, id FROM users WHERE email = 'admin@demo.example'")
    panels = '[{"kind": "TIMELINE", "settings": {"pageSize": 3}}, {"kind": "CALLS", "enabled": false}, {"kind": "HISTORY"}]'
    await pg.execute(
        "INSERT INTO card_layouts (workspace_id, subject, scope, user_id, version, panels) "
        "VALUES ($1, $2, 'USER', $3, 1, $4::jsonb)",
        admin["workspace_id"],
        f"user:{admin['id']}",
        admin["id"],
        panels,
    )
    yield
    await pg.execute(
        "DELETE FROM card_layouts WHERE workspace_id = $1 AND user_id = $2",
        admin["workspace_id"],
        admin["id"],
    )


@pytest.mark.usefixtures("stored_layout")
async def test_card_list_and_graph_match(client, floor, tokens, admin_token, gql):
    first = await gql("{ contacts(first: 100) { nodes { id } } }", admin_token)
    for node in first["data"]["contacts"]["nodes"][:10]:
        ours, theirs, _, _ = await both(client, floor, "card", admin_token, {"id": node["id"]})
        assert "errors" not in ours
        for mine, floors in zip(
            ours["data"]["contact"]["card"]["panels"],
            theirs["data"]["contact"]["card"]["panels"],
            strict=True,
        ):
            assert floors == mine, mine["kind"]
        assert theirs["data"] == ours["data"]
    ours, theirs, our_count, their_count = await both(
        client, floor, "list", tokens["manager@demo.example"], {"after": None}
    )
    assert theirs["data"] == ours["data"]
    assert their_count == our_count
    after = ours["data"]["contacts"]["pageInfo"]["endCursor"]
    ours, theirs, _, _ = await both(client, floor, "list", tokens["manager@demo.example"], {"after": after})
    assert theirs["data"] == ours["data"]
    ours, theirs, our_count, their_count = await both(client, floor, "graph", admin_token, {"after": None})
    assert theirs["data"] == ours["data"]
    assert their_count == our_count
