"""Who sees which contact, by every path: each demo role x each path x each kind of contact.

The workspace (the demo's groups and users) holds one contact of each kind below, one deal and one task
linking all of them, and a second workspace holds one more. A contact a viewer may not see must be absent
from every path exactly as if it did not exist.
"""

from __future__ import annotations

import secrets
from dataclasses import replace

import pytest

from contactcard.db.seed.workspaces import DEMO
from contactcard.db.seed.writer import seed_workspace
from tests.conftest import global_id, make_token

# contact -> (assigned user's email or None, group name or None)
CONTACTS = {
    "agents_own": ("agent@demo.example", "Inbound"),
    "inbound_queue": (None, "Inbound"),
    "inbound_someone_elses": ("manager@demo.example", "Inbound"),
    "outbound": ("agent2@demo.example", "Outbound"),
    "no_team": ("admin@demo.example", None),
}
VISIBLE = {
    "admin@demo.example": {"agents_own", "inbound_queue", "inbound_someone_elses", "outbound", "no_team"},
    "manager@demo.example": {"agents_own", "inbound_queue", "inbound_someone_elses", "outbound"},
    "agent@demo.example": {"agents_own", "inbound_queue"},
    "agent2@demo.example": {"outbound"},
}
ALL_PATHS = """
query Paths($id: ID!, $ids: [ID!]!) {
  contact(id: $id) { id }
  node(id: $id) { id }
  nodes(ids: $ids) { id }
  contacts(first: 100) { totalCount nodes { id } }
}
"""
THROUGH_RECORDS = """
query Through($id: ID!) {
  contact(id: $id) {
    deals(first: 10) { nodes { contacts(first: 10) { totalCount nodes { id } } } }
    tasks(first: 10) { nodes { contacts(first: 10) { totalCount nodes { id } } } }
  }
}
"""


@pytest.fixture(scope="module")
async def world(pg, owner_engine):
    name = f"Access {secrets.token_hex(4)}"
    ws = await seed_workspace(pg, replace(DEMO, name=name), contacts=0, seed=1)
    other = await seed_workspace(pg, replace(DEMO, name=f"{name} other"), contacts=0, seed=2)
    users = {
        r["email"]: r["id"] for r in await pg.fetch("SELECT email, id FROM users WHERE workspace_id = $1", ws)
    }
    groups = {
        r["name"]: r["id"] for r in await pg.fetch("SELECT name, id FROM groups WHERE workspace_id = $1", ws)
    }
    ids = {}
    for label, (assignee, group) in CONTACTS.items():
        ids[label] = await pg.fetchval(
            "INSERT INTO contacts (workspace_id, first_name, source, assigned_user_id, group_id) "
            "VALUES ($1, $2, 'API', $3, $4) RETURNING id",
            ws, label, users.get(assignee), groups.get(group),
        )  # fmt: skip
    ids["other_workspace"] = await pg.fetchval(
        "INSERT INTO contacts (workspace_id, first_name, source) VALUES ($1, 'elsewhere', 'API') RETURNING id",
        other,
    )
    stage = await pg.fetchrow(
        "SELECT pipeline_id, id FROM pipeline_stages WHERE workspace_id = $1 LIMIT 1", ws
    )
    deal = await pg.fetchval(
        "INSERT INTO deals (workspace_id, name, currency, pipeline_id, stage_id) VALUES ($1, 'All', 'EUR', $2, $3) RETURNING id",
        ws, stage["pipeline_id"], stage["id"],
    )  # fmt: skip
    task = await pg.fetchval("INSERT INTO tasks (workspace_id, title) VALUES ($1, 'All') RETURNING id", ws)
    for position, label in enumerate(CONTACTS):
        await pg.execute(
            "INSERT INTO deal_contacts (workspace_id, deal_id, contact_id, deal_created_at, position) VALUES ($1, $2, $3, now(), $4)",
            ws, deal, ids[label], position,
        )  # fmt: skip
        await pg.execute(
            "INSERT INTO task_contacts (workspace_id, task_id, contact_id, task_created_at) VALUES ($1, $2, $3, now())",
            ws, task, ids[label],
        )  # fmt: skip
    tokens = {email: await make_token(owner_engine, email, workspace=name) for email in VISIBLE}
    yield {"ids": ids, "tokens": tokens, "deal": deal}
    await pg.execute("DELETE FROM workspaces WHERE id = ANY($1::bigint[])", [ws, other])


@pytest.mark.parametrize("viewer", list(VISIBLE))
@pytest.mark.parametrize("contact", [*CONTACTS, "other_workspace"])
async def test_contact_node_nodes_list_and_count(gql, world, viewer, contact):
    gid = global_id("Contact", world["ids"][contact])
    body = await gql(ALL_PATHS, world["tokens"][viewer], {"id": gid, "ids": [gid]})
    assert "errors" not in body
    seen = contact in VISIBLE[viewer]
    data = body["data"]
    assert data["contact"] == ({"id": gid} if seen else None)
    assert data["node"] == ({"id": gid} if seen else None)
    assert data["nodes"] == [{"id": gid} if seen else None]
    listed = [n["id"] for n in data["contacts"]["nodes"]]
    assert (gid in listed) is seen
    assert sorted(listed) == sorted(global_id("Contact", world["ids"][c]) for c in VISIBLE[viewer])
    assert data["contacts"]["totalCount"] == len(VISIBLE[viewer])


@pytest.mark.parametrize("viewer", list(VISIBLE))
async def test_a_deals_and_a_tasks_contacts_show_only_visible_ones(gql, world, viewer):
    own = next(iter(sorted(VISIBLE[viewer])))
    body = await gql(
        THROUGH_RECORDS, world["tokens"][viewer], {"id": global_id("Contact", world["ids"][own])}
    )
    assert "errors" not in body
    expected = sorted(global_id("Contact", world["ids"][c]) for c in VISIBLE[viewer])
    for tab in ("deals", "tasks"):
        (record,) = body["data"]["contact"][tab]["nodes"]
        assert sorted(n["id"] for n in record["contacts"]["nodes"]) == expected
        assert record["contacts"]["totalCount"] == len(expected)


async def test_an_invisible_contacts_tabs_are_unreachable(gql, world):
    """The agent cannot reach the outbound contact's deals through the deal: the deal lists it not."""
    body = await gql(
        THROUGH_RECORDS,
        world["tokens"]["agent@demo.example"],
        {"id": global_id("Contact", world["ids"]["outbound"])},
    )
    assert body["data"] == {"contact": None}
