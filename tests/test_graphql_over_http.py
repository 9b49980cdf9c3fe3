"""GraphQL over HTTP (issue 14 item 2): the spec's own audit, graphql-http's `auditServer`, finds 0 errors
and 0 warnings against a real server (uvicorn, the test database). It needs Node.js and npm (graphql-http
is installed into tests/graphql_http on first use); without them the test skips and says so."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_server import live_server

AUDIT = Path(__file__).resolve().parent / "graphql_http"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="the GraphQL-over-HTTP audit needs Node.js and npm (graphql-http): not installed here",
)


@pytest.fixture(scope="module")
def audit_installed() -> Path:
    if not (AUDIT / "node_modules" / "graphql-http").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=AUDIT, check=True)  # noqa: S607
    return AUDIT / "audit.mjs"


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory) -> Iterator[str]:
    with live_server(db_url, tmp_path_factory.mktemp("audit")) as server:
        yield f"{server.url}/graphql"


def test_the_graphql_over_http_audit_passes(audit_installed, server, admin_token):
    ran = subprocess.run(  # noqa: S603
        ["node", str(audit_installed), server, admin_token],  # noqa: S607
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    *findings, summary = ran.stdout.strip().splitlines()
    counts = json.loads(summary)
    assert counts["total"] > 50
    assert (counts["errors"], counts["warnings"]) == (0, 0), "\n".join(findings)


async def test_request_errors_in_the_new_media_type(client, admin_token):
    accept = {"authorization": f"Bearer {admin_token}", "accept": "application/graphql-response+json"}
    for query in ("{", "{ nope }", "query($n: Int!) { contacts(first: $n) { totalCount } }"):
        response = await client.post("/graphql", json={"query": query}, headers=accept)
        assert response.status_code == 400, (query, response.text)
        assert response.headers["content-type"].startswith("application/graphql-response+json")
        assert "data" not in response.json()
        legacy = await client.post(
            "/graphql", json={"query": query}, headers={"authorization": accept["authorization"]}
        )
        assert legacy.status_code == 200
        assert legacy.headers["content-type"].startswith("application/json")
    ok = await client.post("/graphql", json={"query": "{ viewer { email } }"}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    # A field error is not a request error: 200, data present (null where the error is).
    field_error = await client.post("/graphql", json={"query": '{ node(id: "bad") { id } }'}, headers=accept)
    assert field_error.status_code == 200
    assert field_error.json()["data"] == {"node": None}
