"""Bearer tokens: no, malformed, unknown or revoked token is HTTP 401 with code UNAUTHENTICATED."""

from __future__ import annotations

from datetime import UTC, datetime

from contactcard.auth.tokens import shown_prefix
from contactcard.db import tokens as token_sql
from tests.conftest import make_token

VIEWER = "{ viewer { email name role scopes workspace { name } } }"
UNAUTHENTICATED = "UNAUTHENTICATED"


async def test_the_viewer_is_the_tokens_user(gql, admin_token):
    body = await gql(VIEWER, admin_token)
    assert body["data"] == {
        "viewer": {
            "email": "admin@demo.example",
            "name": "Ada Admin",
            "role": "ADMIN",
            "scopes": ["read"],
            "workspace": {"name": "Demo"},
        }
    }
    assert "errors" not in body


async def test_no_token_is_401(gql):
    body = await gql(VIEWER, None, status=401)
    assert [e["extensions"]["code"] for e in body["errors"]] == [UNAUTHENTICATED]
    assert "data" not in body


async def test_wrong_scheme_malformed_and_unknown_tokens_are_401(client, admin_token):
    forged = admin_token[:-4] + ("AAAA" if not admin_token.endswith("AAAA") else "BBBB")
    for header in (
        f"Basic {admin_token}",
        "Bearer",
        "Bearer not-a-token",
        f"Bearer {forged}",
        "Bearer cc_999_" + "x" * 43,
    ):
        response = await client.post("/graphql", json={"query": VIEWER}, headers={"authorization": header})
        assert response.status_code == 401, header
        assert response.json()["errors"][0]["extensions"]["code"] == UNAUTHENTICATED


async def test_a_revoked_token_stops_working(gql, owner_engine):
    token = await make_token(owner_engine, "agent@demo.example")
    assert (await gql(VIEWER, token))["data"]["viewer"]["email"] == "agent@demo.example"
    async with owner_engine.begin() as conn:
        assert await token_sql.revoke(conn, shown_prefix(token), datetime.now(UTC)) == 1
    body = await gql(VIEWER, token, status=401)
    assert body["errors"][0]["extensions"]["code"] == UNAUTHENTICATED


async def test_last_used_at_is_stamped(gql, owner_engine, pg):
    token = await make_token(owner_engine, "manager@demo.example")
    prefix = shown_prefix(token)
    assert await pg.fetchval("SELECT last_used_at FROM api_tokens WHERE prefix = $1", prefix) is None
    await gql(VIEWER, token)
    assert await pg.fetchval("SELECT last_used_at FROM api_tokens WHERE prefix = $1", prefix) is not None


async def test_only_the_hash_is_stored(owner_engine, pg):
    token = await make_token(owner_engine, "agent2@demo.example")
    stored = await pg.fetchrow("SELECT * FROM api_tokens WHERE prefix = $1", shown_prefix(token))
    assert token not in [str(value) for value in stored.values()]
    assert len(stored["token_hash"]) == 64
