"""The dashboard's documents are valid against the schema, served with their hashes, and known to every
server by hash from the start, also with an allowlist (the page never sends a document's text)."""

from __future__ import annotations

import json
import re

import pytest
from graphql import parse, validate
from strawberry.http import GraphQLRequestData

from contactcard.dashboard import APP, BY_HASH, DOCUMENTS
from contactcard.persisted import PersistedQueries, PersistedQueryError, sha256_of
from tests.schema_walk import GRAPHQL


def test_every_document_of_the_page_is_valid():
    assert len(DOCUMENTS) >= 10
    for name, body in DOCUMENTS.items():
        assert validate(GRAPHQL, parse(body)) == [], name


def test_the_page_uses_every_document_and_names_no_other():
    scripts = "\n".join(p.read_text() for p in (APP / "js").glob("*.js"))
    called = set(re.findall(r'(?:request|upload|bulk|mutateLayout)\("([A-Za-z]+)"', scripts))
    assert called == set(DOCUMENTS), called ^ set(DOCUMENTS)


async def test_the_page_and_its_hashes_are_served_with_a_strict_policy(client):
    page = await client.get("/app")
    assert page.status_code == 200
    assert '<script type="module" src="/app/js/main.js">' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    hashes = (await client.get("/app/documents.json")).json()
    assert hashes == {name: sha256_of(body) for name, body in DOCUMENTS.items()}
    script = await client.get("/app/js/card.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "frame-ancestors 'none'" in script.headers["content-security-policy"]


async def test_a_document_runs_by_its_hash_alone(client, admin_token):
    body = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(DOCUMENTS["Session"])}}}
    response = await client.post("/graphql", json=body, headers={"authorization": f"Bearer {admin_token}"})
    assert response.json()["data"]["viewer"]["email"] == "admin@demo.example"


def test_an_allowlist_keeps_the_pages_documents():
    persisted = PersistedQueries({sha256_of("{ viewer { id } }"): "{ viewer { id } }"}, pinned=BY_HASH)
    wanted = sha256_of(DOCUMENTS["Card"])
    request = GraphQLRequestData(query=None, variables=None, operation_name=None,
                                 extensions={"persistedQuery": {"version": 1, "sha256Hash": wanted}})  # fmt: skip
    assert persisted.resolve(request).query == DOCUMENTS["Card"]
    other = GraphQLRequestData(
        query="{ viewer { email } }", variables=None, operation_name=None, extensions=None
    )
    with pytest.raises(PersistedQueryError) as refused:
        persisted.resolve(other)
    assert refused.value.code == "PERSISTED_QUERY_REQUIRED"
    assert json.dumps(sorted(DOCUMENTS))  # names are plain
