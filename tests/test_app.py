"""The HTTP surface: health, readiness, GraphiQL, GET queries, JSON errors, masked unexpected errors."""

from __future__ import annotations

import logging
import time

import strawberry

from contactcard.db.runtime import engine_for
from contactcard.db.url import with_database
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.resolvers.context import RequestContext
from contactcard.schema import schema


async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    response = await client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})


async def test_graphiql_is_served_to_a_browser_without_a_token(client):
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_a_query_over_get(client, admin_token):
    response = await client.get(
        "/graphql",
        params={"query": "{ viewer { email } }"},
        headers={"authorization": f"Bearer {admin_token}", "accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"viewer": {"email": "admin@demo.example"}}
    assert len(response.headers["x-request-id"]) == 16


async def test_syntax_and_validation_errors_stay_readable(gql, admin_token):
    body = await gql("{ contacts(first: 2) { nodes { nope } } }", admin_token)
    assert body["errors"][0]["message"] == "Cannot query field 'nope' on type 'Contact'. Did you mean 'name'?"
    body = await gql("{ viewer { ", admin_token)
    assert body["errors"][0]["message"].startswith("Syntax Error")


async def test_an_unexpected_error_is_masked_with_a_request_id_and_logged(
    tokens, engine, settings, db_url, caplog
):
    """A real failure: the loaders read from a database that does not exist."""
    from contactcard.auth.viewer import authenticate  # noqa: PLC0415

    viewer = await authenticate(engine, f"Bearer {tokens['admin@demo.example']}")
    broken = engine_for(settings, with_database(db_url, "contactcard_no_such_db"))
    context = RequestContext(
        request=None,  # type: ignore[arg-type]
        request_id="req0123456789abc",
        started_at=time.perf_counter(),
        viewer=viewer,
        loaders=Loaders.for_request(LoaderEnv(engine=broken, viewer=viewer)),
    )
    try:
        with caplog.at_level(logging.ERROR, logger="contactcard.errors"):
            result = await schema.execute(
                "{ viewer { email } contacts(first: 1) { nodes { id } } }", context_value=context
            )
    finally:
        await broken.dispose()
    assert result.data == {"viewer": {"email": "admin@demo.example"}, "contacts": None}
    assert [e.message for e in result.errors] == [
        "Internal error. Quote request id req0123456789abc when reporting it."
    ]
    assert result.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req0123456789abc"}
    assert "contactcard_no_such_db" not in result.errors[0].message
    assert any("req0123456789abc" in record.getMessage() and record.exc_info for record in caplog.records)


def test_schema_uses_no_resolve_hook_and_no_custom_directive():
    """Either one makes every field async (DESIGN.md section 5)."""
    from contactcard.schema.extensions import RequestExtension  # noqa: PLC0415

    assert "resolve" not in RequestExtension.__dict__
    assert not schema.directives
    assert isinstance(schema, strawberry.Schema)
