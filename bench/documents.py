"""The documents each system is asked, with their tokens and variables: contactcard's (and the floor's),
and the peers' (bench/peer/workloads) for the same contacts and pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from bench import dataset, servers
from contactcard.resolvers.ids import from_global_id

WORKLOADS = Path(__file__).resolve().parent / "workloads"


async def cursors(url: str, token: str, query: str, pages: int) -> list[dict[str, Any]]:
    """The first `pages` page cursors of a list: LIST and GRAPH ask for pages at random places in it."""
    found: list[dict[str, Any]] = [{"after": None}]
    async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}, timeout=60) as client:
        after = None
        for _ in range(pages):
            body = (await client.post(url, json={"query": query, "variables": {"after": after}})).json()
            info = body["data"]["contacts"].get("pageInfo") if body.get("data") else None
            if not info or not info["hasNextPage"]:
                break
            after = info["endCursor"]
            found.append({"after": after})
    return found


Workloads = dict[str, tuple[str, str, list[dict[str, Any]]]]


async def ours(system: servers.Server, ds: dataset.Dataset, *, filtered_list: bool = True) -> Workloads:
    """contactcard's documents (and the floor's: it answers the same ones, but for the filtered list)."""
    card = (WORKLOADS / "card.graphql").read_text()
    listing = (WORKLOADS / "list.graphql").read_text()
    filtered = (WORKLOADS / "list_filtered.graphql").read_text()
    graph = (WORKLOADS / "graph.graphql").read_text()
    list_pages = await cursors(system.url, ds.manager_token, listing, 30)
    graph_pages = await cursors(system.url, ds.admin_token, listing, 30)  # keyset cursors: any page size
    found: Workloads = {
        "CARD": (card, ds.admin_token, [{"id": c} for c in ds.contacts]),
        "CARD_HEAVY": (card, ds.admin_token, [{"id": c} for c in ds.heavy]),
        "LIST": (listing, ds.manager_token, list_pages),
        "GRAPH": (graph, ds.admin_token, graph_pages),
    }
    if filtered_list:
        found["LIST_FILTERED"] = (
            filtered,
            ds.admin_token,
            await cursors(system.url, ds.admin_token, filtered, 10),
        )
    return found


def theirs(ds: dataset.Dataset) -> Workloads:
    """The peer's documents, for the same contacts and pages (it pages by offset, and ignores tokens)."""
    peer = servers.PEER / "workloads"
    ws = str(ds.workspace_id)

    def pks(ids: list[str]) -> list[dict[str, Any]]:
        return [{"ws": ws, "id": str(from_global_id(gid)[1])} for gid in ids]

    return {
        "CARD": ((peer / "card.graphql").read_text(), ds.admin_token, pks(ds.contacts)),
        "CARD_HEAVY": ((peer / "card.graphql").read_text(), ds.admin_token, pks(ds.heavy)),
        "LIST": (
            (peer / "list.graphql").read_text(),
            ds.admin_token,
            [{"ws": ws, "offset": 50 * k} for k in range(31)],
        ),
        "GRAPH": (
            (peer / "graph.graphql").read_text(),
            ds.admin_token,
            [{"ws": ws, "offset": 20 * k} for k in range(31)],
        ),
    }
