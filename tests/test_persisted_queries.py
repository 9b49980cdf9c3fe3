"""Persisted queries over the real app: Apollo's APQ round trip, its errors, GET, and the allowlist mode."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.http import GraphQLRequestData

from contactcard.app import create_app
from contactcard.cli import main as cli
from contactcard.config import ConfigError, Settings
from contactcard.persisted import PersistedQueries, load_manifest, sha256_of

QUERY = "query Few { contacts(first: 2) { nodes { id name } } }"
OTHER = "{ contacts(first: 1) { nodes { id } } }"


def _persisted(sha: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


async def _post(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"authorization": f"Bearer {token}"})


async def test_apq_round_trip(client: httpx.AsyncClient, admin_token: str) -> None:
    sha = sha256_of(QUERY + " # apq round trip")
    query = QUERY + " # apq round trip"
    first = await _post(client, admin_token, {"extensions": _persisted(sha)})
    assert first.status_code == 200
    assert first.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert first.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = await _post(client, admin_token, {"query": query, "extensions": _persisted(sha)})
    assert registered.status_code == 200
    assert len(registered.json()["data"]["contacts"]["nodes"]) == 2
    by_hash = await _post(client, admin_token, {"extensions": _persisted(sha)})
    assert by_hash.json()["data"] == registered.json()["data"]
    params = {"extensions": json.dumps(_persisted(sha))}
    got = await client.get("/graphql", params=params, headers={"authorization": f"Bearer {admin_token}"})
    assert got.status_code == 200
    assert got.json()["data"] == registered.json()["data"]


async def test_apq_refuses_a_wrong_hash_and_bad_extensions(
    client: httpx.AsyncClient, admin_token: str
) -> None:
    wrong = await _post(client, admin_token, {"query": QUERY, "extensions": _persisted("0" * 64)})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    # The mismatched document was not learned under the hash it claimed.
    later = await _post(client, admin_token, {"extensions": _persisted("0" * 64)})
    assert later.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    for bad in ({"version": 2, "sha256Hash": "0" * 64}, {"version": 1, "sha256Hash": "XYZ"}, "a string"):
        response = await _post(client, admin_token, {"extensions": {"persistedQuery": bad}})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_INVALID"


async def test_apq_learns_nothing_without_a_token(client: httpx.AsyncClient, admin_token: str) -> None:
    query = QUERY + " # anonymous"
    sha = sha256_of(query)
    anonymous = await client.post("/graphql", json={"query": query, "extensions": _persisted(sha)})
    assert anonymous.status_code == 401
    after = await _post(client, admin_token, {"extensions": _persisted(sha)})
    assert after.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_the_learned_documents_are_bounded() -> None:
    store = PersistedQueries(max_documents=3, max_bytes=10_000)
    documents = [f"{{ contacts(first: {n}) {{ nodes {{ id }} }} }}" for n in range(1, 6)]
    for document in documents:
        extensions = _persisted(sha256_of(document))
        store.resolve(
            GraphQLRequestData(query=document, variables=None, operation_name=None, extensions=extensions)
        )
    assert len(store._learned) == 3
    assert list(store._learned.values()) == documents[2:]  # the oldest went first
    small = PersistedQueries(max_bytes=40)
    long = "{ contacts(first: 1) { nodes { id name primaryEmail } } }"
    small.resolve(
        GraphQLRequestData(
            query=long, variables=None, operation_name=None, extensions=_persisted(sha256_of(long))
        )
    )
    assert not small._learned  # larger than the whole store: not kept


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    document = tmp_path / "few.graphql"
    document.write_text(QUERY)
    path = tmp_path / "manifest.json"
    cli(["persisted-manifest", str(document), "--output", str(path)])
    return path


@pytest.fixture
async def allowlisted(settings: Settings, engine: Any, manifest: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, persisted_queries=manifest), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def test_allowlist_runs_only_its_documents(allowlisted: httpx.AsyncClient, admin_token: str) -> None:
    by_hash = await _post(allowlisted, admin_token, {"extensions": _persisted(sha256_of(QUERY))})
    assert len(by_hash.json()["data"]["contacts"]["nodes"]) == 2
    by_text = await _post(allowlisted, admin_token, {"query": QUERY})
    assert by_text.json()["data"] == by_hash.json()["data"]
    refused = await _post(allowlisted, admin_token, {"query": OTHER})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
    registering = await _post(
        allowlisted, admin_token, {"query": OTHER, "extensions": _persisted(sha256_of(OTHER))}
    )
    assert registering.status_code == 400
    assert registering.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
    unknown = await _post(allowlisted, admin_token, {"extensions": _persisted(sha256_of(OTHER))})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_manifest_with_a_wrong_id_is_refused(tmp_path: Path, manifest: Path) -> None:
    document = json.loads(manifest.read_text())
    document["operations"][0]["id"] = "f" * 64
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(ConfigError, match="SHA-256"):
        load_manifest(bad)
    bad.write_text("{}")
    with pytest.raises(ConfigError, match="manifest"):
        load_manifest(bad)
    with pytest.raises(ConfigError, match="PERSISTED_QUERIES"):
        Settings.from_env({"CONTACTCARD_PERSISTED_QUERIES": str(tmp_path / "missing.json")})


async def test_in_production_a_get_runs_only_persisted_documents(
    settings: Settings, engine: Any, client: httpx.AsyncClient, admin_token: str
) -> None:
    """A GET with a document is a CSRF vector for deployments whose credentials ride along: in production
    (introspection off) a GET must name a persisted document by its hash; development keeps GET queries."""
    headers = {"authorization": f"Bearer {admin_token}"}
    query = QUERY + " # production GET"
    developing = await client.get("/graphql", params={"query": query}, headers=headers)
    assert developing.status_code == 200
    app = create_app(replace(settings, introspection=False), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as production:
        by_text = await production.get("/graphql", params={"query": query}, headers=headers)
        assert by_text.status_code == 400
        assert by_text.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        sha = sha256_of(query)
        with_text_too = await production.get(
            "/graphql", params={"query": query, "extensions": json.dumps(_persisted(sha))}, headers=headers
        )
        assert with_text_too.status_code == 400
        registered = await _post(production, admin_token, {"query": query, "extensions": _persisted(sha)})
        assert registered.status_code == 200
        by_hash = await production.get(
            "/graphql", params={"extensions": json.dumps(_persisted(sha))}, headers=headers
        )
        assert by_hash.status_code == 200
        assert by_hash.json()["data"] == registered.json()["data"]
