"""Refused before anything executes: each limit with its stable code, and only authentication ran."""

from __future__ import annotations

import orjson

from contactcard.schema import limits

NOTHING_RAN = 1  # the authentication statement


def refused(body, code: str) -> None:
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert body["extensions"]["cost"]["sqlStatements"] == NOTHING_RAN


async def test_a_query_deeper_than_12_levels(gql, admin_token):
    deep = (
        "{ contacts(first: 1) { nodes { deals(first: 1) { nodes { contacts(first: 1) { nodes { tasks(first: 1) { nodes {"
        " contacts(first: 1) { nodes { deals(first: 1) { nodes { contacts(first: 1) { nodes { id } } } } } } } } } } } } } } }"
    )
    refused(await gql(deep, admin_token), "MAX_DEPTH")
    fine = "{ contacts(first: 1) { nodes { deals(first: 1) { nodes { contacts(first: 1) { nodes { id } } } } } } }"
    assert "errors" not in await gql(fine, admin_token)


async def test_depth_counts_through_fragments(gql, admin_token):
    query = """{ contacts(first: 1) { nodes { ...A } } }
      fragment A on Contact { deals(first: 1) { nodes { contacts(first: 1) { nodes { ...B } } } } }
      fragment B on Contact { tasks(first: 1) { nodes { contacts(first: 1) { nodes { ...C } } } } }
      fragment C on Contact { deals(first: 1) { nodes { contacts(first: 1) { nodes { id } } } } }"""
    refused(await gql(query, admin_token), "MAX_DEPTH")


async def test_circular_fragments(gql, admin_token):
    query = "{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }"
    body = await gql(query, admin_token)
    assert body["data"] is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert body["extensions"]["cost"]["sqlStatements"] == NOTHING_RAN


async def test_200_aliases_inside_fragments(gql, admin_token):
    aliases = " ".join(f"a{n}: name" for n in range(20))
    query = (
        "{ viewer { ...F ...F ...F ...F ...F ...F ...F ...F ...F ...F } } fragment F on Viewer { "
        + aliases
        + " }"
    )
    refused(await gql(query, admin_token), "MAX_ALIASES")
    assert "errors" not in await gql(
        "{ viewer { " + " ".join(f"a{n}: name" for n in range(30)) + " } }", admin_token
    )


async def test_10000_tokens(gql, admin_token):
    query = "{ viewer { " + "name " * 10_000 + "} }"
    body = await gql(query, admin_token)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["MAX_TOKENS"]


async def test_too_many_directives_and_a_repeated_one(gql, admin_token):
    many = (
        "{ viewer { name "
        + "@include(if: true) " * 1
        + "email @skip(if: false) "
        # nested, so that no field repeats (ten repeats of a field are refused first: MAX_REPEATED_FIELDS)
        + "... on Viewer @include(if: true) { " * 55
        + "id"
        + " }" * 55
        + " } }"
    )
    refused(await gql(many, admin_token), "MAX_DIRECTIVES")
    repeated = "{ viewer { name @include(if: true) @include(if: true) } }"
    body = await gql(repeated, admin_token)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]


async def test_a_body_over_1_mb(client, admin_token):
    body = orjson.dumps({"query": "{ viewer { name } }", "variables": {"pad": "x" * 2_000_000}})
    response = await client.post(
        "/graphql",
        content=body,
        headers={"authorization": f"Bearer {admin_token}", "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"


async def test_page_sizes_out_of_range(gql, admin_token):
    for first in (1_000_000, 0, -1, 101):
        body = await gql("query($n: Int) { contacts(first: $n) { nodes { id } } }", admin_token, {"n": first})
        assert body["data"] == {"contacts": None}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["PAGE_SIZE"]
        assert body["extensions"]["cost"]["sqlStatements"] == NOTHING_RAN


async def test_the_node_budget(gql, admin_token):
    query = "{ contacts(first: 100) { nodes { deals(first: 100) { nodes { contacts(first: 100) { nodes { id } } } } } } }"
    body = await gql(query, admin_token)
    refused(body, "NODE_BUDGET")
    assert "1010100" in body["errors"][0]["message"]
    ok = await gql("{ contacts(first: 10) { nodes { deals(first: 10) { nodes { id } } } } }", admin_token)
    assert ok["extensions"]["cost"]["requested"] == 10 + 10 * 10
    defaulted = await gql("{ contacts { nodes { deals { nodes { id } } } } }", admin_token)
    assert defaulted["extensions"]["cost"]["requested"] == 20 + 20 * 20


async def test_the_budget_counts_variables_and_card_panels(gql, admin_token):
    body = await gql(
        "query($n: Int) { contacts(first: $n) { nodes { card { panels { ... on DealsPanel { deals { nodes { id } } } } } } } }",
        admin_token,
        {"n": 3},
    )
    assert body["extensions"]["cost"]["requested"] == 3 + 3 * 50


async def test_batching_is_off(client, admin_token):
    response = await client.post(
        "/graphql",
        json=[{"query": "{ viewer { name } }"}, {"query": "{ viewer { email } }"}],
        headers={"authorization": f"Bearer {admin_token}"},
    )
    assert response.status_code == 400


async def test_bulk_ids_are_capped(gql, admin_token):
    body = await gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", admin_token, {"ids": ["x"] * 251})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_IDS"]


async def test_nodes_multiplies_the_budget_by_its_ids(gql, admin_token):
    ids = [f"id{n}" for n in range(250)]
    one_tab = (
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Contact { history(first: 100) { nodes { id } } } } }"
    )
    body = await gql(one_tab, admin_token, {"ids": ids})
    assert body["extensions"]["cost"]["requested"] == 250 * 100
    three_tabs = one_tab.replace(
        "history(first: 100) { nodes { id } }",
        "history(first: 100) { nodes { id } } calls(first: 100) { nodes { id } } deals(first: 100) { nodes { id } }",
    )
    refused(await gql(three_tabs, admin_token, {"ids": ids}), "NODE_BUDGET")


async def test_json_nested_past_any_reason_is_refused_cleanly(client, admin_token):
    nested = "[" * 50_000 + "]" * 50_000
    body = '{"query": "query($s: JSON!) { viewer { name } }", "variables": {"s": ' + nested + "}}"
    response = await client.post(
        "/graphql",
        content=body,
        headers={"authorization": f"Bearer {admin_token}", "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text


async def test_unknown_or_repeated_directives_are_one_error_before_validation(gql, admin_token):
    """`{ __typename @aa @aa … }` under the directive limit: one error, not one per directive."""
    for query in ("{ __typename" + " @aa" * 40 + " }", "{ __typename" + " @include(if: true)" * 40 + " }",
                  "query @aa { __typename }"):  # fmt: skip
        body = await gql(query, admin_token)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"], query
        assert body["extensions"]["cost"]["sqlStatements"] == 1
    body = await gql("{ viewer { name @include(if: true) @skip(if: false) } }", admin_token)
    assert body["data"]["viewer"]["name"]


async def test_a_budget_that_reads_variables_is_counted_anew_for_each_request(gql, admin_token):
    query = "query($n: Int, $id: ID!) { contacts(first: $n) { nodes { id } } contact(id: $id) { id } }"
    ids = (await gql("{ contacts(first: 1) { nodes { id } } }", admin_token))["data"]["contacts"]["nodes"]
    for n in (3, 7, 3):
        body = await gql(query, admin_token, {"n": n, "id": ids[0]["id"]})
        assert body["extensions"]["cost"]["requested"] == n


async def test_a_budget_that_reads_no_variable_is_walked_once(gql, admin_token):
    query = "query($id: ID!) { contact(id: $id) { deals(first: 7) { nodes { id } } } }"
    ids = (await gql("{ contacts(first: 2) { nodes { id } } }", admin_token))["data"]["contacts"]["nodes"]
    for node in ids:
        body = await gql(query, admin_token, {"id": node["id"]})
        assert body["extensions"]["cost"]["requested"] == 7
    assert [key for key in limits._walked if key[1] == query]  # kept: `$id` counts nothing
    over = (
        "query($id: ID!) { contact(id: $id) { deals(first: 7) { nodes { contacts(first: 100) { nodes { "
        "deals(first: 100) { nodes { id } } } } } } } }"
    )
    for node in ids:  # a refusal is not kept: every request is refused
        refused(await gql(over, admin_token, {"id": node["id"]}), "NODE_BUDGET")
