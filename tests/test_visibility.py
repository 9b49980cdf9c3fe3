"""The visibility scope is inside every contact query: agents and managers see only their share."""

from __future__ import annotations

COUNT = "{ contacts(first: 100) { totalCount nodes { id } } }"

SCOPES = {
    "admin@demo.example": "TRUE",
    "manager@demo.example": "c.group_id IN (SELECT g.id FROM groups g WHERE g.workspace_id = u.workspace_id "
    "AND (g.id = u.group_id OR g.parent_id = u.group_id))",
    "agent@demo.example": "(c.assigned_user_id = u.id OR (c.assigned_user_id IS NULL AND c.group_id = u.group_id))",
    "agent2@demo.example": "(c.assigned_user_id = u.id OR (c.assigned_user_id IS NULL AND c.group_id = u.group_id))",
}


async def test_each_role_counts_exactly_its_contacts(gql, tokens, pg):
    counts = {}
    for email, condition in SCOPES.items():
        expected = await pg.fetchval(
            f"SELECT count(*) FROM contacts c JOIN users u ON u.workspace_id = c.workspace_id "  # noqa: S608
            f"WHERE u.email = $1 AND c.deleted_at IS NULL AND {condition}",
            email,
        )
        body = await gql(COUNT, tokens[email])
        assert body["data"]["contacts"]["totalCount"] == expected, email
        assert len(body["data"]["contacts"]["nodes"]) == min(expected, 100), email
        counts[email] = expected
    assert counts["admin@demo.example"] == 500
    assert 0 < counts["agent@demo.example"] < counts["manager@demo.example"] < 500


async def test_an_agent_gets_null_for_a_contact_outside_their_scope(gql, tokens, pg):
    hidden = await pg.fetchval(
        "SELECT c.id FROM contacts c JOIN users u ON u.email = 'agent@demo.example' "
        "WHERE c.assigned_user_id <> u.id ORDER BY c.id LIMIT 1"
    )
    from tests.conftest import global_id  # noqa: PLC0415
    from tests.test_contacts import ONE  # noqa: PLC0415

    assert (await gql(ONE, tokens["agent@demo.example"], {"id": global_id("Contact", hidden)}))["data"] == {
        "contact": None
    }
    assert (await gql(ONE, tokens["admin@demo.example"], {"id": global_id("Contact", hidden)}))["data"][
        "contact"
    ]
