"""Introspection, suggestions and GraphiQL switch off together; requests a browser could forge are refused."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from contactcard.app import create_app


@pytest.fixture
async def production(settings, engine):
    app = create_app(replace(settings, introspection=False), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def post(client, token, query):
    response = await client.post(
        "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
    )
    return response.json()


async def test_introspection_is_on_for_developers(client, admin_token):
    body = await post(client, admin_token, "{ __schema { queryType { name } } }")
    assert body["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_production_has_no_introspection_suggestions_or_graphiql(production, admin_token):
    body = await post(production, admin_token, "{ __schema { types { name } } }")
    assert body["data"] is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection has been disabled" in body["errors"][0]["message"]
    body = await post(production, admin_token, '{ __type(name: "Contact") { name } }')
    assert body["data"] is None
    body = await post(production, admin_token, "{ viewer { nam } }")
    assert body["errors"][0]["message"] == "Cannot query field 'nam' on type 'Viewer'."
    page = await production.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    assert (await post(production, admin_token, "{ viewer { name } }"))["data"] == {
        "viewer": {"name": "Ada Admin"}
    }


async def test_suggestions_stay_for_developers(client, admin_token):
    body = await post(client, admin_token, "{ viewer { nam } }")
    assert body["errors"][0]["message"] == "Cannot query field 'nam' on type 'Viewer'. Did you mean 'name'?"


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ viewer { name } }"}\r\n--x--\r\n',
        ),
        ("text/plain", b'{"query": "{ viewer { name } }"}'),
        ("application/x-www-form-urlencoded", b"query=%7B%20viewer%20%7B%20name%20%7D%20%7D"),
    ],
)
async def test_requests_a_browser_form_could_send_are_refused(client, admin_token, content_type, content):
    response = await client.post(
        "/graphql",
        content=content,
        headers={"authorization": f"Bearer {admin_token}", "content-type": content_type},
    )
    assert response.status_code in (400, 415)
    assert "Ada Admin" not in response.text


async def test_mutations_over_get_are_refused(client, admin_token, pg):
    before = await pg.fetchval("SELECT count(*) FROM card_layouts")
    response = await client.get(
        "/graphql",
        params={"query": "mutation { cardLayoutReset(input: {expectedVersion: 0}) { userErrors { code } } }"},
        headers={"authorization": f"Bearer {admin_token}", "accept": "application/json"},
    )
    assert response.status_code in (400, 405)
    assert await pg.fetchval("SELECT count(*) FROM card_layouts") == before
