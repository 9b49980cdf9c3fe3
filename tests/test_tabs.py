"""The eight tabs: Relay connections per contact, newest first, batched one statement per tab."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest

from contactcard.resolvers.pagination import encode_cursor
from tests.conftest import global_id

# tab field -> (type of its global ids, SQL listing a contact's ids newest first)
TABS = {
    "history": (
        "HistoryEntry",
        "SELECT id FROM history_entries WHERE contact_id = $1 ORDER BY created_at DESC, id DESC",
    ),
    "deals": (
        "Deal",
        "SELECT deal_id FROM deal_contacts WHERE contact_id = $1 ORDER BY deal_created_at DESC, deal_id DESC",
    ),
    "tasks": (
        "Task",
        "SELECT task_id FROM task_contacts WHERE contact_id = $1 ORDER BY task_created_at DESC, task_id DESC",
    ),
    "payments": (
        "Payment",
        "SELECT id FROM payments WHERE contact_id = $1 ORDER BY created_at DESC, id DESC",
    ),
    "calls": ("Call", "SELECT id FROM calls WHERE contact_id = $1 ORDER BY started_at DESC, id DESC"),
    "courses": (
        "Enrollment",
        "SELECT id FROM enrollments WHERE contact_id = $1 ORDER BY enrolled_at DESC, id DESC",
    ),
    "timeline": (
        "TimelineEvent",
        "SELECT id FROM timeline_events WHERE contact_id = $1 ORDER BY occurred_at DESC, id DESC",
    ),
    "consentLog": (
        "ConsentRecord",
        "SELECT id FROM consents WHERE contact_id = $1 ORDER BY recorded_at DESC, id DESC",
    ),
}

PAGE = """
query Page($id: ID!, $first: Int!, $after: String) {
  contact(id: $id) {
    name
    %s(first: $first, after: $after) {
      totalCount
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
}
"""

EIGHT_TABS = """
query EightTabs($first: Int!, $after: String) {
  contacts(first: $first, after: $after) {
    nodes {
      id
      history(first: 20) { edges { cursor node { __typename id createdAt author { name }
        ... on Comment { body editedAt mentions { name } attachments { name contentType sizeBytes } }
        ... on ChangeEvent { field before after } } } pageInfo { hasNextPage } }
      deals(first: 20) { nodes { id name amount { amount currency } type status createdAt closedAt
        responsible { name } pipeline { name } stage { name position probability } contacts(first: 5) { nodes { id name } } } }
      tasks(first: 20) { nodes { id title description status dueAt createdAt completedAt assignee { name } contacts(first: 5) { nodes { id } } } }
      payments(first: 20) { nodes { id provider amount { amount currency } description status paidAt createdAt externalId } }
      calls(first: 20) { nodes { id startedAt duration direction status recordingUrl user { name } } }
      courses(first: 20) { nodes { id progress status enrolledAt completedAt blocked course { title lessonCount } } }
      timeline(first: 20) { nodes { __typename id type occurredAt properties
        ... on VisitEvent { page device os browser } ... on PurchaseEvent { amount { amount currency } items { sku quantity price { amount } } } } }
      consents { channel state since source }
    }
  }
}
"""
# authentication, the page of contacts, one statement per tab (8; the users, stages and courses their rows
# refer to are joined into them), attachments, mentioned users, a deal's contacts, a task's contacts (4)
EIGHT_TABS_STATEMENTS = 14


async def contact_with_most(pg, sql_of_ids: str) -> tuple[int, list[int]]:
    """The contact with the most rows in the table `sql_of_ids` reads, and its ids in the tab's order."""
    table = sql_of_ids.split(" FROM ")[1].split(" ", maxsplit=1)[0]
    contact = await pg.fetchval(
        f"SELECT contact_id FROM {table} GROUP BY contact_id ORDER BY count(*) DESC, contact_id LIMIT 1"  # noqa: S608
    )
    return contact, [row[0] for row in await pg.fetch(sql_of_ids, contact)]


@pytest.mark.parametrize("tab", list(TABS))
async def test_walking_every_page_gives_each_entry_once_in_order(gql, admin_token, pg, tab):
    type_name, sql = TABS[tab]
    contact, expected = await contact_with_most(pg, sql)
    first = min(100, max(2, len(expected) // 3 + 1))  # three pages or more, the last one shorter or full
    seen, after, pages = [], None, 0
    while True:
        body = await gql(
            PAGE % tab, admin_token, {"id": global_id("Contact", contact), "first": first, "after": after}
        )
        assert "errors" not in body, body["errors"]
        connection = body["data"]["contact"][tab]
        assert connection["totalCount"] == len(expected)
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert len(expected) > first, "the contact has more entries than one page"
    assert seen == [global_id(type_name, pk) for pk in expected]
    assert pages == -(-len(expected) // first)


async def test_each_contact_of_a_batch_gets_its_own_newest_three_deals(gql, admin_token, pg):
    body = await gql(
        "{ contacts(first: 50) { nodes { id deals(first: 3) { nodes { id } pageInfo { hasNextPage } } } } }",
        admin_token,
    )
    nodes = body["data"]["contacts"]["nodes"]
    assert len(nodes) == 50
    with_deals = 0
    for node in nodes:
        pk = int(base64.urlsafe_b64decode(node["id"] + "==").decode().split(":")[1])
        expected = [r[0] for r in await pg.fetch(TABS["deals"][1], pk)]
        assert [d["id"] for d in node["deals"]["nodes"]] == [global_id("Deal", d) for d in expected[:3]]
        assert node["deals"]["pageInfo"]["hasNextPage"] is (len(expected) > 3)
        with_deals += bool(expected)
    assert with_deals > 10


async def test_a_cursor_of_another_contact_or_tab_is_refused_and_the_rest_stays(gql, admin_token, pg):
    contact, _ = await contact_with_most(pg, TABS["calls"][1])
    other = await pg.fetchval("SELECT contact_id FROM calls WHERE contact_id <> $1 LIMIT 1", contact)
    first_page = await gql(PAGE % "calls", admin_token, {"id": global_id("Contact", contact), "first": 2})
    cursor = first_page["data"]["contact"]["calls"]["pageInfo"]["endCursor"]
    for target, tab, after in (
        (other, "calls", cursor),
        (contact, "payments", cursor),
        (contact, "calls", "not-a-cursor"),
        (contact, "calls", encode_cursor("calls", contact, "yesterday", 1)),
    ):
        body = await gql(
            PAGE % tab, admin_token, {"id": global_id("Contact", target), "first": 2, "after": after}
        )
        assert body["data"]["contact"][tab] is None
        assert body["data"]["contact"]["name"]
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["contact", tab], "BAD_CURSOR")
        ]


async def test_first_outside_bounds_on_a_tab_is_an_error_at_that_tab(gql, admin_token, pg):
    contact, _ = await contact_with_most(pg, TABS["deals"][1])
    for first in (0, -5, 101):
        body = await gql(PAGE % "deals", admin_token, {"id": global_id("Contact", contact), "first": first})
        assert body["data"]["contact"]["deals"] is None
        assert body["data"]["contact"]["name"]
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["contact", "deals"], "PAGE_SIZE")
        ]


async def test_unknown_enum_values_are_validation_errors(gql, admin_token, pg):
    body = await gql(
        "{ contacts(first: 1) { nodes { history(only: EVERYTHING) { totalCount } } } }", admin_token
    )
    assert body["data"] is None
    assert "EVERYTHING" in body["errors"][0]["message"]
    body = await gql(
        "{ contacts(first: 1) { nodes { timeline(types: [NOPE]) { totalCount } } } }", admin_token
    )
    assert body["data"] is None
    assert "NOPE" in body["errors"][0]["message"]


async def test_history_only_comments(gql, admin_token, pg):
    contact, _ = await contact_with_most(pg, TABS["history"][1])
    comments = await pg.fetchval(
        "SELECT count(*) FROM history_entries WHERE contact_id = $1 AND kind = 'COMMENT'", contact
    )
    query = "query($id: ID!) { contact(id: $id) { history(first: 100, only: COMMENTS) { totalCount nodes { __typename } } } }"
    history = (await gql(query, admin_token, {"id": global_id("Contact", contact)}))["data"]["contact"][
        "history"
    ]
    assert history["totalCount"] == comments
    assert {node["__typename"] for node in history["nodes"]} == {"Comment"}
    assert len(history["nodes"]) == min(100, comments)


async def test_timeline_types_filter(gql, admin_token, pg):
    contact, _ = await contact_with_most(pg, TABS["timeline"][1])
    query = """query($id: ID!, $types: [TimelineEventType!]) { contact(id: $id) {
      timeline(first: 100, types: $types) { totalCount nodes { __typename type ... on PurchaseEvent { amount { amount currency } } } } } }"""
    for types, typenames in (
        (["PURCHASE"], {"PurchaseEvent"}),
        (["VISIT", "COUPON"], {"VisitEvent", "CouponEvent"}),
    ):
        expected = await pg.fetchval(
            "SELECT count(*) FROM timeline_events WHERE contact_id = $1 AND type = ANY($2::text[])",
            contact,
            types,
        )
        timeline = (await gql(query, admin_token, {"id": global_id("Contact", contact), "types": types}))[
            "data"
        ]["contact"]["timeline"]
        assert timeline["totalCount"] == expected > 0
        assert {node["type"] for node in timeline["nodes"]} == set(types)
        assert {node["__typename"] for node in timeline["nodes"]} == typenames
    purchases = [n for n in timeline["nodes"] if n["__typename"] == "PurchaseEvent"]
    assert all(Decimal(p["amount"]["amount"]) > 0 for p in purchases)


async def test_header_summaries(gql, admin_token, pg):
    contact, _ = await contact_with_most(pg, TABS["deals"][1])
    query = """query($id: ID!) { contact(id: $id) { dealCount lastActivityAt openDealAmount { amount currency }
      ecommerce { orderCount totalValue { amount currency } averageOrderValue { amount currency } }
      consents { channel state since source } } }"""
    card = (await gql(query, admin_token, {"id": global_id("Contact", contact)}))["data"]["contact"]
    assert card["dealCount"] == await pg.fetchval(
        "SELECT count(*) FROM deal_contacts WHERE contact_id = $1", contact
    )
    open_amounts = await pg.fetch(
        "SELECT d.currency, sum(d.amount) AS total FROM deal_contacts dc JOIN deals d ON d.workspace_id = dc.workspace_id "
        "AND d.id = dc.deal_id WHERE dc.contact_id = $1 AND d.status = 'OPEN' GROUP BY d.currency ORDER BY total DESC",
        contact,
    )
    assert card["openDealAmount"] == [
        {"amount": f"{r['total']:.2f}", "currency": r["currency"]} for r in open_amounts
    ]
    purchases = await pg.fetch(
        "SELECT currency, count(*) AS n, sum(amount) AS total FROM timeline_events WHERE contact_id = $1 AND type = 'PURCHASE' "
        "GROUP BY currency ORDER BY total DESC",
        contact,
    )
    assert card["ecommerce"]["orderCount"] == sum(r["n"] for r in purchases)
    assert card["ecommerce"]["totalValue"] == [
        {"amount": f"{r['total']:.2f}", "currency": r["currency"]} for r in purchases
    ]
    assert card["ecommerce"]["averageOrderValue"] == [
        {"amount": f"{r['total'] / r['n']:.2f}", "currency": r["currency"]} for r in purchases
    ]
    latest = {
        r["channel"]: r
        for r in await pg.fetch(
            "SELECT DISTINCT ON (channel) channel, state, source FROM consents WHERE contact_id = $1 "
            "ORDER BY channel, recorded_at DESC, id DESC",
            contact,
        )
    }
    assert [c["channel"] for c in card["consents"]] == [
        "EMAIL",
        "SMS",
        "WEB_PUSH",
        "PHONE",
        "MESSENGER",
        "DATA_PROCESSING",
    ]
    for consent in card["consents"]:
        row = latest.get(consent["channel"])
        assert consent["state"] == (row["state"] if row else "UNKNOWN")
        assert consent["source"] == (row["source"] if row else None)
    last = await pg.fetchval("SELECT last_activity_at FROM contacts WHERE id = $1", contact)
    newest_call = await pg.fetchval("SELECT max(started_at) FROM calls WHERE contact_id = $1", contact)
    assert card["lastActivityAt"] == last.isoformat()
    assert newest_call is None or last >= newest_call


async def test_a_deals_contacts_are_only_those_the_viewer_may_see(gql, tokens, pg):
    deal = await pg.fetchrow(
        "SELECT dc.deal_id, array_agg(dc.contact_id ORDER BY dc.position) AS contacts FROM deal_contacts dc "
        "JOIN contacts c ON c.workspace_id = dc.workspace_id AND c.id = dc.contact_id "
        "JOIN users u ON u.email = 'agent@demo.example' "
        "GROUP BY dc.deal_id HAVING bool_or(c.assigned_user_id = u.id) AND bool_or(c.assigned_user_id IS DISTINCT FROM u.id "
        "AND c.group_id IS DISTINCT FROM u.group_id) ORDER BY dc.deal_id LIMIT 1"
    )
    seen_by_agent = await pg.fetchval(
        "SELECT c.id FROM contacts c JOIN users u ON u.email = 'agent@demo.example' "
        "WHERE c.id = ANY($1::bigint[]) AND c.assigned_user_id = u.id ORDER BY c.id LIMIT 1",
        deal["contacts"],
    )
    query = "query($id: ID!) { contact(id: $id) { deals(first: 100) { nodes { id contacts(first: 10) { totalCount nodes { id } } } } } }"
    for token, expected_count in (
        (tokens["admin@demo.example"], len(deal["contacts"])),
        (tokens["agent@demo.example"], None),
    ):
        deals = (await gql(query, token, {"id": global_id("Contact", seen_by_agent)}))["data"]["contact"][
            "deals"
        ]["nodes"]
        linked = next(d for d in deals if d["id"] == global_id("Deal", deal["deal_id"]))
        ids = [n["id"] for n in linked["contacts"]["nodes"]]
        assert linked["contacts"]["totalCount"] == len(ids)
        if expected_count is not None:
            assert ids == [global_id("Contact", c) for c in deal["contacts"]]
        else:
            assert global_id("Contact", seen_by_agent) in ids
            assert len(ids) < len(deal["contacts"])


async def test_comments_resolve_mentions_and_attachments(gql, admin_token, pg):
    entry = await pg.fetchrow(
        "SELECT h.contact_id, f.name FROM history_entries h JOIN files f ON f.workspace_id = h.workspace_id "
        "AND f.id = h.attachment_file_ids[1] ORDER BY h.id LIMIT 1"
    )
    query = """query($id: ID!) { contact(id: $id) { history(first: 100, only: COMMENTS) { nodes {
      ... on Comment { attachments { name contentType } mentions { email } } } } } }"""
    nodes = (await gql(query, admin_token, {"id": global_id("Contact", entry["contact_id"])}))["data"][
        "contact"
    ]["history"]["nodes"]
    attachments = [a for node in nodes for a in node["attachments"]]
    assert {"name": entry["name"], "contentType": "application/pdf"} in attachments


async def rich_contact_cursor(pg) -> tuple[int, str | None]:
    """A contact with rows in every tab (and comments with attachments and mentions), and the cursor that
    starts a page at it."""
    rich = await pg.fetchrow(
        "SELECT c.workspace_id, c.id, c.created_at FROM contacts c WHERE "
        "EXISTS (SELECT 1 FROM (SELECT * FROM history_entries h WHERE h.contact_id = c.id "
        "  ORDER BY h.created_at DESC, h.id DESC LIMIT 20) page "
        "  HAVING bool_or(cardinality(page.attachment_file_ids) > 0) AND bool_or(cardinality(page.mention_user_ids) > 0)) "
        "AND EXISTS (SELECT 1 FROM enrollments e WHERE e.contact_id = c.id) "
        "AND EXISTS (SELECT 1 FROM deal_contacts d WHERE d.contact_id = c.id) "
        "AND EXISTS (SELECT 1 FROM task_contacts t WHERE t.contact_id = c.id) "
        "AND EXISTS (SELECT 1 FROM payments p WHERE p.contact_id = c.id) "
        "AND EXISTS (SELECT 1 FROM calls k WHERE k.contact_id = c.id AND k.user_id IS NOT NULL) "
        "AND EXISTS (SELECT 1 FROM timeline_events e WHERE e.contact_id = c.id) "
        "ORDER BY c.created_at DESC, c.id DESC LIMIT 1"
    )
    before = await pg.fetchrow(
        "SELECT id, created_at FROM contacts WHERE workspace_id = $1 AND (created_at, id) > ($2, $3) "
        "ORDER BY created_at, id LIMIT 1",
        rich["workspace_id"],
        rich["created_at"],
        rich["id"],
    )
    cursor = (
        None
        if before is None
        else encode_cursor("contacts", rich["workspace_id"], before["created_at"], before["id"])
    )
    return rich["id"], cursor


async def test_fifty_contacts_with_eight_tabs_cost_the_statements_of_one(gql, admin_token, pg):
    rich, after = await rich_contact_cursor(pg)
    one = await gql(EIGHT_TABS, admin_token, {"first": 1, "after": after})
    fifty = await gql(EIGHT_TABS, admin_token, {"first": 50, "after": after})
    assert "errors" not in one
    assert "errors" not in fifty
    assert one["data"]["contacts"]["nodes"][0]["id"] == global_id("Contact", rich)
    assert len(fifty["data"]["contacts"]["nodes"]) == 50
    assert one["extensions"]["cost"]["sqlStatements"] == EIGHT_TABS_STATEMENTS
    assert fifty["extensions"]["cost"]["sqlStatements"] == EIGHT_TABS_STATEMENTS


async def test_a_card_of_one_contact_costs_no_more_than_the_list(gql, admin_token, pg):
    rich, after = await rich_contact_cursor(pg)
    card_query = EIGHT_TABS.replace(
        "query EightTabs($first: Int!, $after: String) {\n  contacts(first: $first, after: $after) {\n    nodes {",
        "query Card($id: ID!) {\n  contact(id: $id) {\n    ... on Contact {",
    )
    card = await gql(card_query, admin_token, {"id": global_id("Contact", rich)})
    assert "errors" not in card
    history = card["data"]["contact"]["history"]["edges"]
    newest = await pg.fetch(TABS["history"][1], rich)
    assert [e["node"]["id"] for e in history] == [global_id("HistoryEntry", r[0]) for r in newest[:20]]
    fifty = await gql(EIGHT_TABS, admin_token, {"first": 50, "after": after})
    assert card["extensions"]["cost"]["sqlStatements"] <= fifty["extensions"]["cost"]["sqlStatements"]


async def test_tab_fields_not_asked_run_no_sql(gql, admin_token):
    body = await gql("{ contacts(first: 50) { nodes { name } } }", admin_token)
    assert body["extensions"]["cost"]["sqlStatements"] == 2


async def test_money_is_a_decimal_string(gql, admin_token):
    body = await gql(
        "{ contacts(first: 20) { nodes { deals(first: 5) { nodes { amount { amount currency } } } } } }",
        admin_token,
    )
    amounts = [d["amount"] for n in body["data"]["contacts"]["nodes"] for d in n["deals"]["nodes"]]
    assert amounts
    for money in amounts:
        assert isinstance(money["amount"], str)
        assert Decimal(money["amount"]).as_tuple().exponent == -2
        assert len(money["currency"]) == 3


GRAPH = """
query Graph($first: Int!, $after: String) {
  contacts(first: $first, after: $after) {
    nodes { id deals(first: 10) { nodes { id contacts(first: 5) { nodes { id tasks(first: 5) { nodes { id title } } } } } } }
  }
}
"""


async def test_walking_the_graph_costs_one_statement_per_level(gql, admin_token, pg):
    _, after = await rich_contact_cursor(pg)
    one = await gql(GRAPH, admin_token, {"first": 1, "after": after})
    twenty = await gql(GRAPH, admin_token, {"first": 20, "after": after})
    assert "errors" not in twenty
    # authentication, contacts, their deals, the deals' contacts, their tasks
    assert one["extensions"]["cost"]["sqlStatements"] == 5
    assert twenty["extensions"]["cost"]["sqlStatements"] == 5
    tasks = [
        t
        for c in twenty["data"]["contacts"]["nodes"]
        for d in c["deals"]["nodes"]
        for dc in d["contacts"]["nodes"]
        for t in dc["tasks"]["nodes"]
    ]
    assert tasks
