"""PostGraphile v5, the benchmark's strongest peer, returns the rows contactcard returns for a card (issue 13):
else the benchmark would compare different work.

The peer runs from bench/peer-v5 (PostGraphile 5 on the Node.js 22 of the npm package `node`, installed by
npm on first use) against the test database, as its owner, and answers bench/peer/workloads/card.graphql.
Each panel of contactcard's card (the admin's layout: its page sizes) must be the first rows of the peer's
page of 20, in the same order, with the same values. The consents panel is left out: contactcard shows
the current state per channel, the peer's document the newest 20 entries of the log (bench/README.md).
"""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench import servers
from contactcard.db.url import asyncpg_dsn
from contactcard.resolvers.ids import from_global_id

ROOT = Path(__file__).resolve().parent.parent
OUR_CARD = (ROOT / "bench" / "workloads" / "card.graphql").read_text()
THEIR_CARD = (ROOT / "bench" / "peer" / "workloads" / "card.graphql").read_text()

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None, reason="Node.js and npm are not installed"
)


def _pk(global_id: str) -> int:
    return int(from_global_id(global_id)[1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


Project = Callable[[dict[str, Any]], tuple[Any, ...]]

# Per panel kind: where the peer's rows are, and the same projection of a row on each side.
PANELS: dict[str, tuple[str, str, Project, Project]] = {
    "HISTORY": (
        "history",
        "historyEntriesByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["createdAt"][:19], n["author"]["name"] if n.get("author") else None),
        lambda n: (
            int(n["id"]),
            n["createdAt"][:19],
            (n["userByWorkspaceIdAndAuthorId"] or {}).get("name"),
        ),
    ),
    "DEALS": (
        "deals",
        "dealContactsByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["name"], n["stage"]["name"] if n["stage"] else None),
        lambda n: (
            int(n["dealByWorkspaceIdAndDealId"]["id"]),
            n["dealByWorkspaceIdAndDealId"]["name"],
            (n["dealByWorkspaceIdAndDealId"]["pipelineStageByWorkspaceIdAndStageId"] or {}).get("name"),
        ),
    ),
    "TASKS": (
        "tasks",
        "taskContactsByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["title"], n["assignee"]["name"] if n["assignee"] else None),
        lambda n: (
            int(n["taskByWorkspaceIdAndTaskId"]["id"]),
            n["taskByWorkspaceIdAndTaskId"]["title"],
            (n["taskByWorkspaceIdAndTaskId"]["userByWorkspaceIdAndAssigneeId"] or {}).get("name"),
        ),
    ),
    "PAYMENTS": (
        "payments",
        "paymentsByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["provider"].lower()),
        lambda n: (int(n["id"]), n["provider"].lower()),
    ),
    "CALLS": (
        "calls",
        "callsByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["duration"], n["user"]["name"] if n["user"] else None),
        lambda n: (int(n["id"]), n["durationSeconds"], (n["userByWorkspaceIdAndUserId"] or {}).get("name")),
    ),
    "COURSES": (
        "courses",
        "enrollmentsByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["course"]["title"]),
        lambda n: (int(n["id"]), n["courseByWorkspaceIdAndCourseId"]["title"]),
    ),
    "TIMELINE": (
        "timeline",
        "timelineEventsByWorkspaceIdAndContactId",
        lambda n: (_pk(n["id"]), n["occurredAt"][:19], n["properties"]),
        lambda n: (int(n["id"]), n["occurredAt"][:19], n["properties"]),
    ),
}


@pytest.fixture
async def v5(db_url: Any, owner_engine: Any) -> AsyncIterator[str]:
    if not await asyncio.to_thread(servers.install_peer_v5):
        pytest.skip("Node.js and npm are not installed")
    server = servers.peer_v5(_free_port(), asyncpg_dsn(db_url))
    await asyncio.to_thread(server.start)
    try:
        yield server.url
    finally:
        await asyncio.to_thread(server.stop)


async def test_v5_answers_a_card_with_contactcards_rows(v5: str, gql: Any, admin_token: str, pg: Any) -> None:
    workspace_id = await pg.fetchval("SELECT id FROM workspaces WHERE name = 'Demo'")
    listed = await gql("{ contacts(first: 12) { nodes { id } } }", admin_token)
    compared = 0
    async with httpx.AsyncClient(timeout=30) as peer:
        for node in listed["data"]["contacts"]["nodes"]:
            ours = (await gql(OUR_CARD, admin_token, {"id": node["id"]}))["data"]["contact"]
            variables = {"ws": str(workspace_id), "id": str(_pk(node["id"]))}
            answer = (await peer.post(v5, json={"query": THEIR_CARD, "variables": variables})).json()
            assert "errors" not in answer, answer
            theirs = answer["data"]["contact"]
            assert " ".join(p for p in (theirs["firstName"], theirs["lastName"]) if p) == ours["name"]
            for panel in ours["card"]["panels"]:
                if panel["kind"] not in PANELS:
                    continue
                field, their_field, project_ours, project_theirs = PANELS[panel["kind"]]
                mine = [project_ours(n) for n in panel[field]["nodes"]]
                peers = [project_theirs(n) for n in theirs[their_field]["nodes"]]
                assert mine == peers[: len(mine)], (node["id"], panel["kind"])
                assert len(mine) >= min(len(peers), 1), (node["id"], panel["kind"])
                compared += len(mine)
    assert compared > 50, "the cards compared had rows"
