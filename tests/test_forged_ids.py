"""A forged global ID is null or a clear error, never another record."""

from __future__ import annotations

import base64

import pytest

from tests.conftest import global_id

QUERY = "query($id: ID!) { contact(id: $id) { id name } node(id: $id) { id } }"


async def test_a_deal_id_passed_as_a_contact_is_null(gql, admin_token, pg):
    deal = await pg.fetchval("SELECT id FROM deals ORDER BY id LIMIT 1")
    # a contact with the same number exists: the type in the id must still keep them apart
    assert await pg.fetchval("SELECT count(*) FROM contacts WHERE id = $1", deal) in (0, 1)
    body = await gql(QUERY, admin_token, {"id": global_id("Deal", deal)})
    # node(id:) finds the deal itself (deals are nodes); contact(id:) refuses another type's id.
    assert body == {
        "data": {"contact": None, "node": {"id": global_id("Deal", deal)}},
        "extensions": body["extensions"],
    }


async def test_another_workspaces_id_is_null(gql, admin_token, pg):
    other = await pg.fetchval("INSERT INTO workspaces (name) VALUES ('Forged ids elsewhere') RETURNING id")
    try:
        contact = await pg.fetchval(
            "INSERT INTO contacts (workspace_id, first_name, source) VALUES ($1, 'x', 'API') RETURNING id",
            other,
        )
        user = await pg.fetchval(
            "INSERT INTO users (workspace_id, email, name, role) VALUES ($1, 'x@y.example', 'X', 'ADMIN') RETURNING id",
            other,
        )
        for gid in (global_id("Contact", contact), global_id("User", user)):
            body = await gql(QUERY, admin_token, {"id": gid})
            assert body["data"] == {"contact": None, "node": None}
            assert "errors" not in body
    finally:
        await pg.execute("DELETE FROM workspaces WHERE id = $1", other)


@pytest.mark.parametrize(
    "forged",
    [
        "garbage",
        base64.b64encode(b"\x00\xff\x10").decode(),
        base64.urlsafe_b64encode(b"Contact:1 OR 1=1").decode(),
        base64.urlsafe_b64encode(b"Contact:-5").decode(),
        base64.urlsafe_b64encode(b"Contact:99999999999999999999999").decode(),
        base64.urlsafe_b64encode(b"../Contact:1").decode(),
        "Q29udGFjdDox" * 20,
    ],
)
async def test_garbage_ids_are_a_clear_error(gql, admin_token, forged):
    body = await gql(QUERY, admin_token, {"id": forged})
    assert body["data"] == {"contact": None, "node": None}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["contact"], "BAD_ID"),
        (["node"], "BAD_ID"),
    ]
