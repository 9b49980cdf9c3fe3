"""The statement budget: a list of 50 contacts with every identity field costs what a list of 1 costs; and
what the cost report's `nodes` counts."""

from __future__ import annotations

from typing import Any

import pytest

from contactcard.schema.extensions import count_list_items

IDENTITY = """
query List($first: Int!) {
  contacts(first: $first) {
    totalCount
    edges { cursor node {
      id name firstName lastName source status createdAt
      emails { value isPrimary } phones { value } messengers { platform value }
      primaryEmail primaryPhone
      assignedTo { id name email }
      tags { name color }
      fields { key label type value }
      companies { jobTitle company { name website } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
# authentication, the page (with each contact's channels), its count, then one batch each: users, tags, field
# definitions, companies
EXPECTED_STATEMENTS = 7


async def test_fifty_contacts_cost_the_statements_of_one(gql, admin_token):
    one = await gql(IDENTITY, admin_token, {"first": 1})
    fifty = await gql(IDENTITY, admin_token, {"first": 50})
    assert "errors" not in one
    assert "errors" not in fifty
    assert len(fifty["data"]["contacts"]["edges"]) == 50
    assert one["extensions"]["cost"]["sqlStatements"] == EXPECTED_STATEMENTS
    assert fifty["extensions"]["cost"]["sqlStatements"] == EXPECTED_STATEMENTS


async def test_fields_not_asked_run_no_sql(gql, admin_token):
    body = await gql("{ contacts(first: 50) { nodes { name } } }", admin_token)
    assert body["extensions"]["cost"]["sqlStatements"] == 2  # authentication and the page


async def test_cost_reports_nodes_and_duration(gql, admin_token):
    body = await gql("{ contacts(first: 3) { nodes { tags { name } } } }", admin_token)
    tags = sum(len(node["tags"]) for node in body["data"]["contacts"]["nodes"])
    cost = body["extensions"]["cost"]
    assert cost["nodes"] == 3 + tags
    assert cost["durationMs"] > 0


@pytest.mark.parametrize(
    ("data", "items"),
    [
        (None, 0),
        ({"contact": None}, 0),
        ({"a": [], "b": {"c": [1, 2, None]}}, 3),
        ({"contacts": {"nodes": [{"tags": [{"n": 1}, {"n": 2}]}, {"tags": []}]}}, 4),
        ({"matrix": [[1, 2], [3], []], "json": {"inside": [1, [2, 3]]}}, 10),
    ],
)
def test_the_cost_reports_nodes_count_every_list_item(data: Any, items: int) -> None:
    assert count_list_items(data) == items
