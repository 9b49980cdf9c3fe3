"""Strings SQL would treat specially are data in every text argument: clean errors, nothing changed."""

from __future__ import annotations

import base64

import pytest

NASTY = ["' OR 1=1--", "%", "_", "\\", "'; DROP TABLE contacts; --", "contact%' OR '1'='1"]


@pytest.fixture
async def counts(pg):
    async def take() -> tuple[int, ...]:
        row = await pg.fetchrow(
            "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM card_layouts), (SELECT count(*) FROM api_tokens)"
        )
        return tuple(row)

    return take


@pytest.mark.parametrize("text", NASTY)
async def test_ids_and_cursors(gql, admin_token, counts, text):
    before = await counts()
    encoded = base64.urlsafe_b64encode(f"Contact:{text}".encode()).decode()
    for value in (text, encoded):
        body = await gql(
            "query($id: ID!) { contact(id: $id) { id } node(id: $id) { id } }", admin_token, {"id": value}
        )
        assert body["data"] == {"contact": None, "node": None}
        assert {e["extensions"]["code"] for e in body["errors"]} == {"BAD_ID"}
        body = await gql(
            "query($a: String) { contacts(first: 1, after: $a) { nodes { id } } }", admin_token, {"a": value}
        )
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_CURSOR"]
        body = await gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", admin_token, {"ids": [value]})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_ID"]
    assert await counts() == before


@pytest.mark.parametrize("text", NASTY)
async def test_layout_inputs(gql, tokens, owner_engine, counts, text):
    from tests.conftest import make_token  # noqa: PLC0415

    token = await make_token(owner_engine, "agent2@demo.example", ("read", "write"))
    before = await counts()
    query = """mutation($input: CardLayoutUpdateInput!) { cardLayoutUpdate(input: $input) {
      cardLayout { version } userErrors { field code } } }"""
    for panels in (
        [{"kind": text}],
        [{"kind": "HISTORY", "settings": {"only": text}}],
        [{"kind": "HISTORY", "settings": {text: 1}}],
    ):
        body = await gql(query, token, {"input": {"expectedVersion": 0, "panels": panels}})
        result = body["data"]["cardLayoutUpdate"]
        assert result["cardLayout"] is None
        assert len(result["userErrors"]) == 1
    assert await counts() == before


@pytest.mark.parametrize("text", NASTY)
async def test_the_authorization_header(client, counts, text):
    before = await counts()
    response = await client.post(
        "/graphql", json={"query": "{ viewer { email } }"}, headers={"authorization": f"Bearer {text}"}
    )
    assert response.status_code == 401
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { email } }"},
        headers={"authorization": f"Bearer cc_1_{text}{'a' * 40}"},
    )
    assert response.status_code == 401
    assert await counts() == before
