"""Subscriptions over graphql-transport-ws, across processes: two servers (two uvicorn processes) on one
database; a write through one reaches a subscriber of the other (PostgreSQL LISTEN/NOTIFY), only once it
commits. Connections authenticate at `connection_init` with the API's tokens; other origins, bad tokens,
too many subscriptions and contacts the viewer may not see are refused."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from contactcard.dashboard import DOCUMENTS
from tests.live_server import first_contact, graphql, live_server
from tests.writing import ADMIN, AGENT, AGENT2, MANAGER, make_org

PROTOCOL = "graphql-transport-ws"
CHANGED = "subscription($id: ID!) { contactChanged(id: $id) { contactId panels fields } }"
NOTIFIED = "subscription { notificationReceived { kind payload } }"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Live", contacts=10, seed=31)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


@pytest.fixture(scope="module")
def servers(db_url, tmp_path_factory, org) -> Iterator[tuple[str, str]]:
    logs = tmp_path_factory.mktemp("live")
    with (
        live_server(db_url, logs, CONTACTCARD_MAX_SUBSCRIPTIONS="3") as one,
        live_server(db_url, logs, CONTACTCARD_RUN_JOBS="1") as other,
    ):
        yield one.url, other.url


def ws_url(server: str) -> str:
    return server.replace("http://", "ws://") + "/graphql"


@asynccontextmanager
async def connected(server: str, token: str | None, **headers: str) -> AsyncIterator[Any]:
    async with websockets.connect(ws_url(server), subprotocols=[PROTOCOL], additional_headers=headers) as ws:
        payload = {} if token is None else {"Authorization": f"Bearer {token}"}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        yield ws


async def acknowledged(ws: Any) -> None:
    assert json.loads(await asyncio.wait_for(ws.recv(), 10)) == {"type": "connection_ack"}


async def subscribe(ws: Any, sub_id: str, query: str, variables: dict[str, Any] | None = None) -> None:
    await ws.send(
        json.dumps(
            {"id": sub_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        )
    )


async def next_message(ws: Any) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), 10))  # type: ignore[no-any-return]


COMMENT = (
    "mutation($input: CommentAddInput!) { commentAdd(input: $input) { comment { id } userErrors { code } } }"
)
TAGS = "mutation($id: ID!, $input: ContactTagsInput!) { contactTagsAdd(id: $id, input: $input) { userErrors { code } } }"


async def test_a_write_through_one_process_reaches_a_subscriber_of_the_other(servers, org):
    one, other = servers
    contact = first_contact(one, org.writers[AGENT])
    async with connected(one, org.writers[AGENT]) as ws:
        await acknowledged(ws)
        await subscribe(ws, "1", CHANGED, {"id": contact})
        await asyncio.sleep(0.5)  # the subscription is listening once the operation has started
        graphql(other, org.writers[ADMIN], TAGS, {"id": contact, "input": {"tags": ["Live"]}})
        message = await next_message(ws)
        assert message["type"] == "next", message
        change = message["payload"]["data"]["contactChanged"]
        assert change["contactId"] == contact
        assert set(change["panels"]) >= {"TAGS", "HISTORY"}
        assert change["fields"] == ["tags"]
        # A dry run rolls back: it announces nothing.
        graphql(other, org.writers[ADMIN],
                "mutation($input: ContactMergeInput!) { contactMerge(input: $input) { userErrors { code } } }",
                {"input": {"targetId": contact, "sourceIds": [first_contact(other, org.writers[ADMIN])], "dryRun": True}})  # fmt: skip
        graphql(
            other, org.writers[AGENT], COMMENT, {"input": {"contactId": contact, "body": "after the dry run"}}
        )
        message = await next_message(ws)
        assert message["payload"]["data"]["contactChanged"]["panels"] == ["HISTORY"]


async def test_a_mention_reaches_the_mentioned_users_subscription(servers, org):
    one, other = servers
    contact = first_contact(one, org.writers[AGENT])
    async with connected(one, org.writers[MANAGER]) as ws:
        await acknowledged(ws)
        await subscribe(ws, "n", NOTIFIED)
        await asyncio.sleep(0.5)
        graphql(other, org.writers[AGENT], COMMENT,
                {"input": {"contactId": contact, "body": "see this", "mentionIds": [org.user(MANAGER)]}})  # fmt: skip
        message = await next_message(ws)
        received = message["payload"]["data"]["notificationReceived"]
        assert received["kind"] == "MENTION"
        assert received["payload"]["contactId"] == contact


async def test_a_contact_the_viewer_may_not_see_completes_at_once(servers, org):
    one, _ = servers
    theirs = first_contact(one, org.writers[AGENT])
    async with connected(one, org.writers[AGENT2]) as ws:
        await acknowledged(ws)
        await subscribe(ws, "1", CHANGED, {"id": theirs})
        assert await next_message(ws) == {"id": "1", "type": "complete"}


@pytest.mark.parametrize("token", [None, "cc_1_" + "x" * 43], ids=["no token", "unknown token"])
async def test_a_connection_without_a_valid_token_is_closed(servers, token):
    one, _ = servers
    async with connected(one, token) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await next_message(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_the_subscription_cap_and_foreign_origins_are_refused(servers, org):
    one, _ = servers
    contact = first_contact(one, org.writers[AGENT])
    async with connected(one, org.writers[AGENT]) as ws:
        await acknowledged(ws)
        for n in range(3):
            await subscribe(ws, str(n), CHANGED, {"id": contact})
        await subscribe(ws, "4", CHANGED, {"id": contact})
        refused = await next_message(ws)
        assert refused["type"] == "error"
        assert "limit" in refused["payload"][0]["message"]
    with pytest.raises(InvalidStatus) as handshake:
        async with connected(one, org.writers[AGENT], Origin="http://elsewhere.example"):
            pass
    assert handshake.value.response.status_code == 403


def test_cursors_persisted_queries_and_jobs_work_whichever_process_answers(servers, org):
    one, other = servers
    token = org.writers[ADMIN]
    page = (
        "query($after: String) { contacts(first: 3, after: $after) { nodes { id } pageInfo { endCursor } } }"
    )
    first = graphql(one, token, page)["contacts"]
    second = graphql(other, token, page, {"after": first["pageInfo"]["endCursor"]})["contacts"]
    both = graphql(one, token, "{ contacts(first: 6) { nodes { id } } }")["contacts"]["nodes"]
    assert first["nodes"] + second["nodes"] == both

    # APQ: a document learned by one process is unknown to the other, which says so; the client then sends
    # it once there too (Apollo's protocol). The dashboard's documents are known everywhere.
    document = "{ viewer { email } }"
    digest = hashlib.sha256(document.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    headers = {"authorization": f"Bearer {token}"}
    assert (
        httpx.post(
            f"{one}/graphql", json={"query": document, "extensions": persisted}, headers=headers
        ).status_code
        == 200
    )
    unknown = httpx.post(f"{other}/graphql", json={"extensions": persisted}, headers=headers).json()
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    pinned = {
        "persistedQuery": {
            "version": 1,
            "sha256Hash": hashlib.sha256(DOCUMENTS["Session"].encode()).hexdigest(),
        }
    }
    for server in servers:
        session = httpx.post(f"{server}/graphql", json={"extensions": pinned}, headers=headers).json()
        assert session["data"]["viewer"]["email"] == ADMIN

    # A job queued through one process is run by a worker of the other, and read and downloaded anywhere.
    queued = graphql(one, token, "mutation { contactsExport(input: {}) { job { id } userErrors { code } } }")
    job_id = queued["contactsExport"]["job"]["id"]
    for _ in range(100):
        job = graphql(one, token, "query($id: ID!) { job(id: $id) { status downloadUrl } }", {"id": job_id})[
            "job"
        ]
        if job["status"] == "DONE":
            break
        time.sleep(0.2)
    assert job["status"] == "DONE"
    csv = httpx.get(f"{other}{urlsplit(job['downloadUrl']).path}", headers=headers)
    assert csv.status_code == 200
    assert len(csv.text.strip().splitlines()) == 1 + 10  # the header and the workspace's ten contacts


async def test_a_mutation_over_the_socket_runs_as_over_http(servers, org):
    one, _ = servers
    contact = first_contact(one, org.writers[AGENT])
    async with connected(one, org.writers[AGENT]) as ws:
        await acknowledged(ws)
        await subscribe(ws, "m", COMMENT, {"input": {"contactId": contact, "body": "sent over the socket"}})
        result = await next_message(ws)
        assert result["type"] == "next"
        assert result["payload"]["data"]["commentAdd"]["userErrors"] == []
        assert await next_message(ws) == {"id": "m", "type": "complete"}
    async with connected(
        one, org.readers[AGENT]
    ) as ws:  # a read-only token: the kernel refuses, as over HTTP
        await acknowledged(ws)
        await subscribe(ws, "m", COMMENT, {"input": {"contactId": contact, "body": "not allowed"}})
        assert (await next_message(ws))["payload"]["data"]["commentAdd"]["userErrors"] == [
            {"code": "FORBIDDEN"}
        ]


async def test_with_two_uvicorn_workers_every_subscriber_hears_every_write(db_url, tmp_path, org):
    """Subscribers spread over the workers of one server (the kernel hands the connections out); writes
    through either worker reach all of them."""
    with live_server(db_url, tmp_path, workers=2) as server:
        contact = first_contact(server.url, org.writers[AGENT])
        async with contextlib.AsyncExitStack() as stack:
            sockets = [
                await stack.enter_async_context(connected(server.url, org.writers[AGENT])) for _ in range(6)
            ]
            for n, ws in enumerate(sockets):
                await acknowledged(ws)
                await subscribe(ws, str(n), CHANGED, {"id": contact})
            await asyncio.sleep(0.5)
            for round_ in range(3):  # new connections each time: the writes land on either worker
                graphql(
                    server.url,
                    org.writers[ADMIN],
                    TAGS,
                    {"id": contact, "input": {"tags": [f"Round {round_}"]}},
                )
            for ws in sockets:
                heard = [await next_message(ws) for _ in range(3)]
                assert [m["payload"]["data"]["contactChanged"]["fields"] for m in heard] == [["tags"]] * 3
