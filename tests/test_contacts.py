"""contact, contacts (a Relay connection, newest first) and node/nodes, with their bad inputs."""

from __future__ import annotations

import base64

from tests.conftest import global_id

CONTACT_PAGE = """
query Page($first: Int, $after: String) {
  contacts(first: $first, after: $after) {
    edges { cursor node { id name createdAt } }
    nodes { id }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
TOTAL = "{ contacts(first: 5) { totalCount edges { node { name primaryEmail tags { name } } } } }"
ONE = "query One($id: ID!) { contact(id: $id) { id name firstName lastName } }"
NODE = (
    "query Node($id: ID!) { node(id: $id) { __typename id ... on Contact { name } ... on User { email } } }"
)
NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def test_the_first_query_of_the_readme(gql, admin_token):
    body = await gql(TOTAL, admin_token)
    assert "errors" not in body
    assert body["data"]["contacts"]["totalCount"] == 500
    assert len(body["data"]["contacts"]["edges"]) == 5


async def test_walking_every_page_gives_each_contact_once_newest_first(gql, admin_token, pg):
    seen, after, pages = [], None, 0
    while True:
        body = await gql(CONTACT_PAGE, admin_token, {"first": 100, "after": after})
        connection = body["data"]["contacts"]
        seen.extend(edge["node"] for edge in connection["edges"])
        assert [n["id"] for n in connection["nodes"]] == [e["node"]["id"] for e in connection["edges"]]
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
        assert after == connection["edges"][-1]["cursor"]
    expected = await pg.fetch(
        "SELECT c.id FROM contacts c JOIN workspaces w ON w.id = c.workspace_id "
        "WHERE w.name = 'Demo' ORDER BY c.created_at DESC, c.id DESC"
    )
    assert pages == 5
    assert [n["id"] for n in seen] == [global_id("Contact", row["id"]) for row in expected]


async def test_a_cursor_stays_valid_when_newer_contacts_arrive(gql, admin_token, pg):
    first = (await gql(CONTACT_PAGE, admin_token, {"first": 3}))["data"]["contacts"]
    ws = await pg.fetchval("SELECT id FROM workspaces WHERE name = 'Demo'")
    new_id = await pg.fetchval(
        "INSERT INTO contacts (workspace_id, first_name, source) VALUES ($1, 'Newest', 'API') RETURNING id",
        ws,
    )
    try:
        after = await gql(CONTACT_PAGE, admin_token, {"first": 2, "after": first["edges"][1]["cursor"]})
        assert after["data"]["contacts"]["edges"][0]["node"]["id"] == first["edges"][2]["node"]["id"]
    finally:
        await pg.execute("DELETE FROM contacts WHERE workspace_id = $1 AND id = $2", ws, new_id)


async def test_first_out_of_bounds_is_an_error_at_the_field(gql, admin_token):
    for first in (0, -1, 101, 1_000_000):
        body = await gql(CONTACT_PAGE, admin_token, {"first": first})
        assert body["data"] == {"contacts": None}
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["contacts"], "PAGE_SIZE")]


async def test_a_cursor_not_ours_is_an_error_and_the_rest_of_the_response_stays(gql, admin_token):
    query = "query($after: String) { viewer { email } contacts(first: 2, after: $after) { nodes { id } } }"
    foreign = base64.urlsafe_b64encode(b'["deals",1,"2026-01-01T00:00:00+00:00",1]').decode()
    for after in ("garbage", "", foreign, "W10", "x" * 600):
        body = await gql(query, admin_token, {"after": after})
        assert body["data"] == {"viewer": {"email": "admin@demo.example"}, "contacts": None}, after
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_CURSOR"]


async def test_contact_by_id(gql, admin_token, pg):
    row = await pg.fetchrow("SELECT id, first_name, last_name FROM contacts ORDER BY id LIMIT 1")
    body = await gql(ONE, admin_token, {"id": global_id("Contact", row["id"])})
    assert body["data"]["contact"]["firstName"] == row["first_name"]
    assert body["data"]["contact"]["lastName"] == row["last_name"]


async def test_unknown_other_type_and_malformed_ids(gql, admin_token):
    assert (await gql(ONE, admin_token, {"id": global_id("Contact", 999_999_999)}))["data"] == {
        "contact": None
    }
    assert (await gql(ONE, admin_token, {"id": global_id("User", 1)}))["data"] == {"contact": None}
    for bad in ("not-an-id", global_id("Contact", 0), base64.b64encode(b"Contact:abc").decode(), "=" * 5):
        body = await gql(ONE, admin_token, {"id": bad})
        assert body["data"] == {"contact": None}, bad
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_ID"], bad


async def test_node_resolves_contacts_and_users(gql, admin_token, pg):
    contact = await pg.fetchrow("SELECT id FROM contacts ORDER BY id LIMIT 1")
    user = await pg.fetchrow("SELECT id FROM users WHERE email = 'agent@demo.example'")
    body = await gql(NODE, admin_token, {"id": global_id("Contact", contact["id"])})
    assert body["data"]["node"]["__typename"] == "Contact"
    body = await gql(NODE, admin_token, {"id": global_id("User", user["id"])})
    assert body["data"]["node"] == {
        "__typename": "User",
        "id": global_id("User", user["id"]),
        "email": "agent@demo.example",
    }
    # A type that is not a node, and a node type's id that names nothing, are null.
    assert (await gql(NODE, admin_token, {"id": global_id("Pipeline", 1)}))["data"] == {"node": None}
    assert (await gql(NODE, admin_token, {"id": global_id("Deal", 999_999_999)}))["data"] == {"node": None}


async def test_nodes_keeps_order_and_nulls_and_caps_the_list(gql, admin_token, pg):
    ids = [r["id"] for r in await pg.fetch("SELECT id FROM contacts ORDER BY id LIMIT 2")]
    asked = [global_id("Contact", ids[1]), global_id("Contact", 999_999_999), global_id("Contact", ids[0])]
    body = await gql(NODES, admin_token, {"ids": asked})
    assert body["data"]["nodes"] == [{"id": asked[0]}, None, {"id": asked[2]}]
    body = await gql(NODES, admin_token, {"ids": [asked[0]] * 251})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_IDS"]


async def test_another_workspaces_contact_is_null(gql, admin_token, pg):
    other = await pg.fetchval("INSERT INTO workspaces (name) VALUES ('Other ws for ids') RETURNING id")
    try:
        contact = await pg.fetchval(
            "INSERT INTO contacts (workspace_id, first_name, source) VALUES ($1, 'Hidden', 'API') RETURNING id",
            other,
        )
        assert (await gql(ONE, admin_token, {"id": global_id("Contact", contact)}))["data"] == {
            "contact": None
        }
        assert (await gql(NODE, admin_token, {"id": global_id("Contact", contact)}))["data"] == {"node": None}
    finally:
        await pg.execute("DELETE FROM workspaces WHERE id = $1", other)
