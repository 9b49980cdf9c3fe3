"""Webhooks: an admin points the workspace's contact events at a URL; each committed write queues a
delivery in its own transaction; a worker POSTs it signed (HMAC-SHA256), retries with backoff, keeps a log,
and disables a webhook that keeps failing. Deliveries go only to public hosts unless the setting allows
private ones (these tests' receiver is on 127.0.0.1, so their app allows it)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from contactcard.app import create_app
from contactcard.webhooks.delivery import DISABLE_AFTER, MAX_ATTEMPTS, deliver_one
from tests.writing import ADMIN, AGENT, AGENT2, codes, make_org, run

CREATE = "mutation($input: WebhookCreateInput!) { webhookCreate(input: $input) { webhook { id url events enabled } userErrors { field code message } } }"
LOG = "{ webhooks { id enabled failures disabledReason deliveries(first: 10) { event status attempts lastStatusCode lastError payload } } }"
TAGS = "mutation($id: ID!, $input: ContactTagsInput!) { contactTagsAdd(id: $id, input: $input) { userErrors { field code } } }"
SECRET = "a-long-enough-secret-1234"


class Receiver:
    """A local HTTP endpoint that records what it is sent and answers the statuses it is told."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()
    made.server.server_close()


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Webhooks", contacts=5, seed=41)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


@pytest.fixture(scope="module")
async def private_gql(settings, engine) -> AsyncIterator[Any]:
    """The API with `CONTACTCARD_WEBHOOKS_ALLOW_PRIVATE=1`."""
    app = create_app(dataclasses.replace(settings, webhooks_allow_private=True), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:

        async def gql(query: str, token: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"authorization": f"Bearer {token}"},
            )
            return response.json()  # type: ignore[no-any-return]

        yield gql


async def contact_of(gql, token: str) -> str:
    return (await gql("{ contacts(first: 1) { nodes { id } } }", token))["data"]["contacts"]["nodes"][0]["id"]


async def deliver_all(engine) -> int:
    done = 0
    while await deliver_one(engine, allow_private=True):
        done += 1
    return done


async def test_a_committed_write_is_delivered_signed(private_gql, engine, pg, org, receiver):
    created = await run(private_gql, org.writers[ADMIN], CREATE,
                        {"input": {"url": receiver.url, "events": ["CONTACT_CHANGED", "CONTACT_CREATED"], "secret": SECRET}})  # fmt: skip
    assert created["userErrors"] == []
    contact = await contact_of(private_gql, org.writers[AGENT])
    # A refused write queues nothing: agent2 does not see the contact.
    assert codes(
        await run(private_gql, org.writers[AGENT2], TAGS, {"id": contact, "input": {"tags": ["x"]}})
    ) == [("id", "NOT_FOUND")]
    assert (
        await pg.fetchval("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = $1", org.workspace_id)
        == 0
    )
    await run(private_gql, org.writers[AGENT], TAGS, {"id": contact, "input": {"tags": ["Hooked"]}})
    receiver.received.clear()
    assert await deliver_all(engine) == 1
    ((headers, body),) = receiver.received
    payload = json.loads(body)
    assert (payload["event"], payload["contactId"], payload["fields"]) == (
        "CONTACT_CHANGED",
        contact,
        ["tags"],
    )
    assert headers["x-contactcard-event"] == "CONTACT_CHANGED"
    stamp, signed = (part.split("=", 1)[1] for part in headers["x-contactcard-signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signed, expected)
    log = (await private_gql(LOG, org.writers[ADMIN]))["data"]["webhooks"][0]["deliveries"][0]
    assert (log["status"], log["attempts"], log["lastStatusCode"]) == ("DELIVERED", 1, 200)


async def test_failures_are_retried_with_backoff_then_given_up(private_gql, engine, pg, org, receiver):
    contact = await contact_of(private_gql, org.writers[AGENT])
    await run(private_gql, org.writers[AGENT], TAGS, {"id": contact, "input": {"tags": ["Retry me"]}})
    receiver.statuses[:] = [500] * MAX_ATTEMPTS
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert await deliver_all(engine) == 1
        row = await pg.fetchrow(
            "SELECT status, attempts, last_status_code, next_attempt_at - now() AS wait FROM webhook_deliveries "
            "WHERE workspace_id = $1 ORDER BY id DESC LIMIT 1", org.workspace_id,
        )  # fmt: skip
        assert (row["attempts"], row["last_status_code"]) == (attempt, 500)
        if attempt < MAX_ATTEMPTS:
            assert row["status"] == "PENDING"
            assert row["wait"].total_seconds() > 5  # not due again at once: backoff
            await pg.execute(
                "UPDATE webhook_deliveries SET next_attempt_at = now() WHERE workspace_id = $1",
                org.workspace_id,
            )
        else:
            assert row["status"] == "FAILED"
    assert await deliver_all(engine) == 0


async def test_a_webhook_that_keeps_failing_is_disabled(private_gql, engine, pg, org, receiver):
    await pg.execute(
        "UPDATE webhooks SET failures = $2 WHERE workspace_id = $1", org.workspace_id, DISABLE_AFTER - 1
    )
    contact = await contact_of(private_gql, org.writers[AGENT])
    await run(private_gql, org.writers[AGENT], TAGS, {"id": contact, "input": {"tags": ["One more"]}})
    receiver.statuses[:] = [503]
    assert await deliver_all(engine) == 1
    hook = (await private_gql(LOG, org.writers[ADMIN]))["data"]["webhooks"][0]
    assert hook["enabled"] is False
    assert "failed attempts in a row" in hook["disabledReason"]
    await run(private_gql, org.writers[AGENT], TAGS, {"id": contact, "input": {"tags": ["Not sent"]}})
    assert await deliver_all(engine) == 0  # a disabled webhook is queued nothing
    enabled = await run(private_gql, org.writers[ADMIN],
                        "mutation($id: ID!) { webhookSetEnabled(id: $id, enabled: true) { webhook { enabled failures } userErrors { code } } }",
                        {"id": hook["id"]})  # fmt: skip
    assert enabled["webhook"] == {"enabled": True, "failures": 0}


@pytest.mark.parametrize(
    ("url", "code"),
    [("http://127.0.0.1:9/x", "REFUSED_URL"), ("http://[::1]/x", "REFUSED_URL"), ("http://10.1.2.3/x", "REFUSED_URL"),
     ("http://169.254.169.254/latest", "REFUSED_URL"), ("ftp://example.com/x", "REFUSED_URL"),
     ("http://user:pw@example.com/x", "REFUSED_URL"), ("not a url", "REFUSED_URL")],
)  # fmt: skip
async def test_private_and_odd_addresses_are_refused_by_default(gql, org, url, code):
    payload = await run(
        gql,
        org.writers[ADMIN],
        CREATE,
        {"input": {"url": url, "events": ["CONTACT_CHANGED"], "secret": SECRET}},
    )
    assert codes(payload) == [("input.url", code)]


async def test_only_admins_manage_webhooks_and_secrets_are_checked(gql, org):
    agent = await run(
        gql,
        org.writers[AGENT],
        CREATE,
        {"input": {"url": "https://example.com/x", "events": ["CONTACT_CHANGED"], "secret": SECRET}},
    )
    assert codes(agent) == [(None, "FORBIDDEN")]
    short = await run(
        gql,
        org.writers[ADMIN],
        CREATE,
        {"input": {"url": "https://example.com/x", "events": [], "secret": "short"}},
    )
    assert {c for _, c in codes(short)} >= {"INVALID_VALUE"}
    listing = await gql("{ webhooks { id } }", org.writers[AGENT])
    assert listing["errors"][0]["extensions"]["code"] == "FORBIDDEN"
