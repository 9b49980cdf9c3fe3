"""Every record of a card's tabs is a Node: `node(id:)` refetches it, under its contact's visibility."""
# ruff: noqa: S608  (the SQL is built from the constants below)

from __future__ import annotations

import pytest

from tests.conftest import global_id

NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Deal { name stage { name } responsible { id } }
    ... on Task { title assignee { id } }
    ... on Comment { body author { id } }
    ... on ChangeEvent { field }
    ... on Payment { amount { amount currency } }
    ... on PaymentLink { url }
    ... on Call { direction user { id } }
    ... on Enrollment { progress course { title } }
    ... on TimelineEvent { occurredAt }
    ... on ConsentRecord { channel state }
    ... on File { name }
  }
}
"""
# (global id type, the record's id and its contact's id, from where)
RECORDS = [
    ("Deal", "d.deal_id", "d.contact_id", "deal_contacts d"),
    ("Task", "t.task_id", "t.contact_id", "task_contacts t"),
    ("HistoryEntry", "h.id", "h.contact_id", "history_entries h"),
    ("Payment", "p.id", "p.contact_id", "payments p"),
    ("PaymentLink", "p.id", "p.contact_id", "payment_links p"),
    ("Call", "c.id", "c.contact_id", "calls c"),
    ("Enrollment", "e.id", "e.contact_id", "enrollments e"),
    ("TimelineEvent", "e.id", "e.contact_id", "timeline_events e"),
    ("ConsentRecord", "c.id", "c.contact_id", "consents c"),
    ("File", "f", "h.contact_id", "history_entries h, unnest(h.attachment_file_ids) f"),
]
SEEN_BY_AGENT = "(k.assigned_user_id = $2 OR (k.assigned_user_id IS NULL AND k.group_id = $3))"


def record_sql(record: str, contact: str, source: str, *, hidden: bool) -> str:
    """One record of a contact of the demo (`hidden`: whose contacts, all of them, the agent cannot see)."""
    sql = f"SELECT {record} FROM {source} WHERE {contact.split('.', maxsplit=1)[0]}.workspace_id = $1 AND {contact} IS NOT NULL"
    if hidden:
        # Every contact the record belongs to (deals and tasks have several) is out of the agent's sight.
        same_record = f"{source.split(maxsplit=1)[0]} o WHERE o.workspace_id = $1 AND o.{record.rsplit('.', maxsplit=1)[-1]} = {record}"
        owners = (
            f"SELECT o.contact_id FROM {same_record}"
            if source.split(maxsplit=1)[0] in {"deal_contacts", "task_contacts"}
            else f"SELECT {contact}"
        )
        sql += (
            f" AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.workspace_id = $1 AND k.id IN ({owners})"
            f" AND {SEEN_BY_AGENT})"
        )
    return sql + " ORDER BY 1 LIMIT 1"


async def _demo(pg):
    ws = await pg.fetchval("SELECT id FROM workspaces WHERE name = 'Demo'")
    agent = await pg.fetchrow(
        "SELECT id, group_id FROM users WHERE workspace_id = $1 AND email = 'agent@demo.example'", ws
    )
    return ws, agent


@pytest.mark.parametrize(("type_name", "record", "contact", "source"), RECORDS)
async def test_node_refetches_every_record_of_a_tab(gql, pg, tokens, type_name, record, contact, source):
    ws, _ = await _demo(pg)
    found = await pg.fetchval(record_sql(record, contact, source, hidden=False), ws)
    gid = global_id(type_name, found)
    body = await gql(NODE, tokens["admin@demo.example"], {"id": gid})
    assert "errors" not in body, body["errors"]
    assert body["data"]["node"]["id"] == gid
    assert body["data"]["node"]["__typename"] != "Contact"


@pytest.mark.parametrize(("type_name", "record", "contact", "source"), RECORDS)
async def test_a_record_of_contacts_the_viewer_cannot_see_is_null(
    gql, pg, tokens, type_name, record, contact, source
):
    ws, agent = await _demo(pg)
    found = await pg.fetchval(
        record_sql(record, contact, source, hidden=True), ws, agent["id"], agent["group_id"]
    )
    assert found is not None
    gid = global_id(type_name, found)
    seen = await gql(NODE, tokens["admin@demo.example"], {"id": gid})
    assert seen["data"]["node"]["id"] == gid
    hidden = await gql(NODE, tokens["agent@demo.example"], {"id": gid})
    assert "errors" not in hidden
    assert hidden["data"]["node"] is None


async def test_a_user_history_entry_is_not_a_contacts_record(gql, pg, tokens):
    """Layout edits are history of a user, not of a contact: node(id:) does not show them."""
    ws, _ = await _demo(pg)
    entry = await pg.fetchval(
        "INSERT INTO history_entries (workspace_id, subject_user_id, author_id, kind, field) "
        "SELECT $1, id, id, 'CHANGE', 'cardLayout' FROM users WHERE workspace_id = $1 LIMIT 1 RETURNING id",
        ws,
    )
    try:
        body = await gql(NODE, tokens["admin@demo.example"], {"id": global_id("HistoryEntry", entry)})
        assert body["data"]["node"] is None
    finally:
        await pg.execute("DELETE FROM history_entries WHERE workspace_id = $1 AND id = $2", ws, entry)
