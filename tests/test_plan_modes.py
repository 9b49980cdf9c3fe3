"""Which statements PostgreSQL plans once and which it plans for their values (issue 17).

A card's reads are seeks by id arrays: planned once per connection (a generic plan), since planning them at
every execution was most of PostgreSQL's work per card. A list over the workspace plans for its values (a
custom plan), and the next checkout puts the connection back in the default mode. Checked on the server's
own record of each prepared statement (`pg_prepared_statements`), through one pooled connection so that
every statement of the requests is on it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import URL

from contactcard.app import create_app
from contactcard.auth.visibility import Visibility
from contactcard.config import Settings
from contactcard.db.runtime import engine_for
from contactcard.loaders.contacts import contacts_page_query

CARD = (Path(__file__).parent / "queries" / "card.graphql").read_text()
FIRST = "{ contacts(first: 5) { nodes { id } } }"
FILTERED = '{ contacts(first: 5, filter: { status: OPEN, search: "a" }) { nodes { id name } } }'


@pytest.fixture
async def one_connection(settings: Settings, db_url: URL, owner_engine: Any) -> AsyncIterator[Any]:
    engine = engine_for(replace(settings, pool_size=1, pool_overflow=0), db_url, serving=True)
    yield engine
    await engine.dispose()


async def _prepared_statements(engine: Any) -> list[Any]:
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        return list(
            await raw.fetch("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        )


async def test_card_reads_are_planned_once_and_lists_for_their_values(
    settings: Settings, one_connection: Any, admin_token: str
) -> None:
    app = create_app(settings, engine=one_connection)
    headers = {"authorization": f"Bearer {admin_token}"}

    async def post(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        ids = [node["id"] for node in (await post(FIRST))["data"]["contacts"]["nodes"]]
        for contact_id in ids[:3]:
            await post(CARD, {"id": contact_id})
        await post(FILTERED)
        await post(FIRST)
        for contact_id in ids[:3]:  # after the lists switched the connection to custom plans
            await post(CARD, {"id": contact_id})

    statements = await _prepared_statements(one_connection)
    panels = [row for row in statements if "JOIN LATERAL" in row["statement"]]
    assert panels, "the card's panels read through a prepared statement (one for all: db/combined.py)"
    for row in panels:
        assert row["custom_plans"] == 0, row["statement"][:200]
        assert row["generic_plans"] >= 6, row["statement"][:200]  # 6 cards, one plan reused
    token_lookup = [row for row in statements if "WITH RECURSIVE tok" in row["statement"]]
    assert token_lookup
    assert token_lookup[0]["custom_plans"] == 0
    listed = contacts_page_query(Visibility.ALL, False).sql
    lists = [row for row in statements if row["statement"] == listed]
    assert lists
    assert lists[0]["custom_plans"] == 2
    assert lists[0]["generic_plans"] == 0
    filtered = [row for row in statements if "contactcard_fold_name" in row["statement"]]
    assert filtered
    assert all(row["generic_plans"] == 0 and row["custom_plans"] >= 1 for row in filtered)
