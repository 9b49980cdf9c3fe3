"""The floor: a bare Starlette + asyncpg endpoint that runs the same SQL statements contactcard runs for the
benchmark's workloads and writes the same JSON, with no GraphQL and no ORM at run time.

The statements are built by contactcard's own loaders and compiled once per shape to asyncpg's SQL; the
floor only binds values, runs them (concurrently where contactcard does) and maps rows to JSON with orjson.
It runs as the connecting role, without row-level security: the floor is what the stack could do at best.
The number of statements it ran is the `x-sql-statements` header.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contactcard.auth.tokens import parse_token
from contactcard.auth.viewer import Viewer
from contactcard.config import Settings
from contactcard.db import tokens as token_sql
from contactcard.db.combined import combined
from contactcard.db.engine import MAX_PREPARED_STATEMENT_BYTES
from contactcard.db.layouts import stack_subjects
from contactcard.db.prepared import Prepared
from contactcard.db.runtime import database_url
from contactcard.db.url import asyncpg_dsn
from contactcard.domain.text import camel
from contactcard.layouts.merge import merge
from contactcard.layouts.registry import PanelKind
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.contacts import contacts_page_query, contacts_page_values
from contactcard.loaders.deals import CONTACTS_OF_DEAL, DEALS_OF_CONTACT
from contactcard.loaders.lists import ListSpec, PageArgs, page_query
from contactcard.loaders.tasks import TASKS_OF_CONTACT
from contactcard.resolvers.ids import from_global_id, to_global_id
from contactcard.resolvers.layouts import layers_of
from contactcard.resolvers.pagination import decode_cursor, encode_cursor
from contactcard.schema.card import PANEL_TYPES
from contactcard.schema.tabs import TAB_OF_PANEL

WORKLOADS = Path(__file__).resolve().parent.parent / "workloads"
DIALECT = asyncpg_dialect()


class Db:
    """A pool, and a counter of the statements one request ran."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.count = 0

    async def rows(self, statement: Any) -> list[asyncpg.Record]:
        """An ad-hoc SQLAlchemy statement (the token lookup), compiled here."""
        compiled = statement.compile(dialect=DIALECT, compile_kwargs={"render_postcompile": True})
        args = [compiled.params[name] for name in compiled.positiontup or ()]
        return await self.fetch(str(compiled), args)

    async def run(self, env: LoaderEnv, query: Prepared, **values: Any) -> list[asyncpg.Record]:
        """One of contactcard's prepared statements, with the viewer's parameters and `values`."""
        return await self.fetch(query.sql, query.args({**env.values, **values}))

    async def fetch(self, sql: str, args: list[Any]) -> list[asyncpg.Record]:
        self.count += 1
        async with self.pool.acquire() as conn:
            return list(await conn.fetch(sql, *args))


async def _load(db: Db, env: LoaderEnv, loader: Any, keys: Sequence[int]) -> list[asyncpg.Record]:
    """What `loader` reads for `keys`, through its prepared statement."""
    return await db.run(env, loader.query(env.visibility), keys=list(keys))


async def _viewer(db: Db, authorization: str | None) -> Viewer | None:
    parsed = parse_token((authorization or "").removeprefix("Bearer ").strip())
    if parsed is None:
        return None
    rows = await db.rows(token_sql.lookup_statement(parsed.workspace_id, parsed.token_hash))
    if not rows:
        return None
    return Viewer.of(rows[0])


def _name(row: Any) -> str:
    return " ".join(p for p in (row["first_name"], row["last_name"]) if p) or f"Contact {row['id']}"


def _money(amount: Any, currency: str) -> dict[str, str]:
    return {"amount": f"{amount:.2f}", "currency": currency}


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


async def _by_id(db: Db, env: LoaderEnv, loader: Any, ids: Sequence[int]) -> dict[int, Any]:
    wanted = sorted({i for i in ids if i is not None})
    return {row["id"]: row for row in await _load(db, env, loader, wanted)} if wanted else {}


async def _page(
    db: Db, env: LoaderEnv, spec: ListSpec, parents: Sequence[int], first: int
) -> dict[int, list[Any]]:
    pages: dict[int, list[Any]] = {parent: [] for parent in parents}
    args = PageArgs(first + 1)  # as contactcard's list loader binds a page
    query = page_query(spec, env.visibility, *args.shape())
    for row in await db.run(env, query, keys=list(parents), **args.values()):
        pages[row["list_key"]].append(row)
    return {parent: rows[:first] for parent, rows in pages.items()}


async def _first_pages(
    db: Db, env: LoaderEnv, reads: list[tuple[ListSpec, int]], parents: Sequence[int]
) -> list[dict[int, list[Any]]]:
    """The first pages of several lists, in one statement, as contactcard reads a card's (db/combined.py)."""
    if not reads:
        return []
    args = [PageArgs(first + 1) for _, first in reads]  # as contactcard's list loader binds a page
    parts = tuple(
        page_query(spec, env.visibility, *a.shape()) for (spec, _), a in zip(reads, args, strict=True)
    )
    statement = combined(parts)
    values = [{**env.values, "keys": list(parents), **a.values()} for a in args]
    (record,) = await db.fetch(statement.sql, statement.args(values))
    found = []
    for (_, first), rows in zip(reads, statement.decode(record), strict=True):
        pages: dict[int, list[Any]] = {parent: [] for parent in parents}
        for row in rows:
            pages[row.list_key].append(row._asdict())
        found.append({parent: page[:first] for parent, page in pages.items()})
    return found


def _panel(kind: PanelKind, rows: list[Any]) -> dict[str, Any]:
    """A list panel of the card as contactcard writes it: its type, its kind, its data's nodes."""
    field = camel(TAB_OF_PANEL[kind].name)
    nodes = [ENTRIES[kind](row) for row in rows]
    return {"__typename": PANEL_TYPES[kind].__name__, "kind": kind.value, field: {"nodes": nodes}}


def _person(row: Any, lookup: str) -> dict[str, str] | None:
    """A user joined into the panel's statement (`<lookup>__name`), as contactcard joins it."""
    return None if row[f"{lookup}__id"] is None else {"name": row[f"{lookup}__name"]}


def _history_entry(h: Any) -> dict[str, Any]:
    entry = {
        "__typename": "Comment" if h["kind"] == "COMMENT" else "ChangeEvent",
        "id": to_global_id("HistoryEntry", h["id"]),
        "createdAt": _iso(h["created_at"]),
        "author": _person(h, "author"),
    }
    if h["kind"] == "COMMENT":
        entry["body"] = h["body"] or ""
    else:
        entry.update(field=h["field"], before=h["before"], after=h["after"])
    return entry


ENTRIES: dict[PanelKind, Callable[[Any], dict[str, Any]]] = {
    PanelKind.HISTORY: _history_entry,
    PanelKind.DEALS: lambda d: {
        "id": to_global_id("Deal", d["id"]),
        "name": d["name"],
        "amount": _money(d["amount"], d["currency"]),
        "status": d["status"],
        "stage": {"name": d["stage__name"]},
    },
    PanelKind.TASKS: lambda t: {
        "id": to_global_id("Task", t["id"]),
        "title": t["title"],
        "status": t["status"],
        "dueAt": _iso(t["due_at"]),
        "assignee": _person(t, "assignee"),
    },
    PanelKind.PAYMENTS: lambda p: {
        "id": to_global_id("Payment", p["id"]),
        "provider": p["provider"],
        "amount": _money(p["amount"], p["currency"]),
        "status": p["status"],
        "paidAt": _iso(p["paid_at"]),
    },
    PanelKind.CALLS: lambda c: {
        "id": to_global_id("Call", c["id"]),
        "startedAt": _iso(c["started_at"]),
        "duration": c["duration_seconds"],
        "direction": c["direction"],
        "status": c["status"],
        "user": _person(c, "caller"),
    },
    PanelKind.COURSES: lambda e: {
        "id": to_global_id("Enrollment", e["id"]),
        "progress": e["progress"],
        "status": e["status"],
        "course": {"title": e["course__title"]},
    },
    PanelKind.TIMELINE: lambda e: {
        "id": to_global_id("TimelineEvent", e["id"]),
        "type": e["type"],
        "occurredAt": _iso(e["occurred_at"]),
        "properties": e["properties"],
    },
}
"""What bench/workloads/card.graphql selects of each list panel's entries; which list a panel reads, and
its type's and data field's names, come from the tab registry (contactcard/schema/tabs.py). The consents
panel shows the current state per channel instead (a summary, below); a kind the document selects nothing
of (files, documents) is answered bare."""
CONSENT_CHANNELS = ("EMAIL", "SMS", "WEB_PUSH", "PHONE", "MESSENGER", "DATA_PROCESSING")


async def card(db: Db, env: LoaderEnv, loaders: Loaders, variables: dict[str, Any]) -> dict[str, Any]:
    _, pk = from_global_id(variables["id"])
    subjects = stack_subjects(env.viewer.role, env.viewer.user_id)
    contact_rows = await _load(db, env, loaders.contact_by_id, [pk])  # each with its channels
    if not contact_rows:
        return {"contact": None}
    row = contact_rows[0]
    layout = merge(layers_of(env.viewer.layout_layers, *subjects))  # read with the token, as contactcard
    # The effective layout's enabled panels in its order, each reading its tab's list (as contactcard does).
    enabled = [p for p in layout.panels if p.enabled]
    listed = [p for p in enabled if p.kind in ENTRIES]
    pages, consents = await asyncio.gather(
        _first_pages(db, env, [(TAB_OF_PANEL[p.kind].spec, p.page_size) for p in listed], [pk]),
        _load(db, env, loaders.consent_states_by_contact, [pk]),
    )
    channels = row["channels"] or []
    emails = [c for c in channels if c["kind"] == "EMAIL"]
    phones = [c for c in channels if c["kind"] == "PHONE"]
    latest = {c["channel"]: c for c in consents}
    by_kind = {p.kind: _panel(p.kind, rows[pk]) for p, rows in zip(listed, pages, strict=True)}
    by_kind[PanelKind.CONSENTS] = {
        "__typename": PANEL_TYPES[PanelKind.CONSENTS].__name__,
        "kind": "CONSENTS",
        "consents": [
            {
                "channel": ch,
                "state": latest[ch]["state"] if ch in latest else "UNKNOWN",
                "since": _iso(latest[ch]["recorded_at"]) if ch in latest else None,
            }
            for ch in CONSENT_CHANNELS
        ],
    }
    # A panel whose data the document does not select (FILES, DOCUMENTS) is its type and kind only: no SQL.
    bare = {p.kind: {"__typename": PANEL_TYPES[p.kind].__name__, "kind": p.kind.value} for p in enabled}
    panels = [(by_kind.get(p.kind) or bare[p.kind]) | {"position": p.position} for p in enabled]
    return {
        "contact": {
            "id": variables["id"],
            "name": _name(row),
            "primaryEmail": emails[0]["value"] if emails else None,
            "primaryPhone": phones[0]["value"] if phones else None,
            "card": {"panels": panels},
        }
    }


async def contact_page(db: Db, env: LoaderEnv, variables: dict[str, Any], first: int) -> list[Any]:
    after = variables.get("after")
    position = decode_cursor(after, "contacts", env.workspace_id, (datetime, int)) if after else None
    query = contacts_page_query(env.visibility, position is not None)
    return await db.run(env, query, **contacts_page_values(first + 1, position))


async def listing(db: Db, env: LoaderEnv, loaders: Loaders, variables: dict[str, Any]) -> dict[str, Any]:
    rows = await contact_page(db, env, variables, 50)
    page, more = rows[:50], len(rows) > 50
    ids = [r["id"] for r in page]
    users, tags, fields, totals = await asyncio.gather(
        _by_id(db, env, loaders.users_for("assignees"), [r["assigned_user_id"] for r in page]),
        _load(db, env, loaders.tags_by_contact, ids),
        _load(db, env, loaders.custom_fields_by_workspace, [env.workspace_id]),
        _load(db, env, loaders.deal_totals_by_contact, ids),
    )
    by = lambda rows, key="contact_id": {i: [r for r in rows if r[key] == i] for i in ids}  # noqa: E731
    ch, tg, tot = (
        {r["id"]: r["channels"] or [] for r in page},
        by(tags),
        by(totals),
    )  # channels: with the page
    nodes = []
    for r in page:
        emails = [c for c in ch[r["id"]] if c["kind"] == "EMAIL"]
        phones = [c for c in ch[r["id"]] if c["kind"] == "PHONE"]
        attributes = r["attributes"]
        nodes.append(
            {
                "id": to_global_id("Contact", r["id"]),
                "name": _name(r),
                "primaryEmail": emails[0]["value"] if emails else None,
                "primaryPhone": phones[0]["value"] if phones else None,
                "createdAt": _iso(r["created_at"]),
                "dealCount": sum(t["deals"] for t in tot[r["id"]]),
                "assignedTo": {"name": users[r["assigned_user_id"]]["name"]}
                if r["assigned_user_id"] in users
                else None,
                "tags": [{"name": t["name"]} for t in tg[r["id"]]],
                "fields": [{"key": f["key"], "value": attributes.get(f["key"])} for f in fields],
            }
        )
    end = (
        encode_cursor("contacts", env.workspace_id, page[-1]["created_at"], page[-1]["id"]) if page else None
    )
    return {"contacts": {"nodes": nodes, "pageInfo": {"hasNextPage": more, "endCursor": end}}}


async def graph(db: Db, env: LoaderEnv, loaders: Loaders, variables: dict[str, Any]) -> dict[str, Any]:
    page = (await contact_page(db, env, variables, 20))[:20]
    ids = [r["id"] for r in page]
    deals = await _page(db, env, DEALS_OF_CONTACT, ids, 10)
    deal_ids = sorted({d["id"] for rows in deals.values() for d in rows})
    people = await _page(db, env, CONTACTS_OF_DEAL, deal_ids, 5) if deal_ids else {}
    person_ids = sorted({c["id"] for rows in people.values() for c in rows})
    tasks = await _page(db, env, TASKS_OF_CONTACT, person_ids, 5) if person_ids else {}

    def contact(c: Any) -> dict[str, Any]:
        return {
            "id": to_global_id("Contact", c["id"]),
            "name": _name(c),
            "tasks": {
                "nodes": [
                    {"id": to_global_id("Task", t["id"]), "title": t["title"], "status": t["status"]}
                    for t in tasks.get(c["id"], [])
                ]
            },
        }

    return {
        "contacts": {
            "nodes": [
                {
                    "id": to_global_id("Contact", r["id"]),
                    "name": _name(r),
                    "deals": {
                        "nodes": [
                            {
                                "id": to_global_id("Deal", d["id"]),
                                "name": d["name"],
                                "contacts": {"nodes": [contact(c) for c in people.get(d["id"], [])]},
                            }
                            for d in deals[r["id"]]
                        ]
                    },
                }
                for r in page
            ]
        }
    }


HANDLERS = {
    (WORKLOADS / "card.graphql").read_text(): card,
    (WORKLOADS / "list.graphql").read_text(): listing,
    (WORKLOADS / "graph.graphql").read_text(): graph,
}


def create_app(dsn: str | None = None) -> Starlette:
    """The floor's app, on `dsn` (default: DATABASE_URL, or the embedded server, as contactcard)."""
    state: dict[str, asyncpg.Pool] = {}

    async def init(conn: asyncpg.Connection) -> None:
        await conn.set_type_codec(
            "jsonb", encoder=lambda v: orjson.dumps(v).decode(), decoder=orjson.loads, schema="pg_catalog"
        )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        state["pool"] = await asyncpg.create_pool(
            dsn or asyncpg_dsn(database_url(Settings.from_env())),
            min_size=4,
            max_size=20,
            init=init,
            max_cacheable_statement_size=MAX_PREPARED_STATEMENT_BYTES,  # as contactcard's engine
            # contactcard's default plan mode; its few statements planned for their values (the lists)
            # switch their connection to custom plans, which the floor, a lower bound, does not.
            server_settings={"plan_cache_mode": Settings.from_env().plan_cache_mode},
        )
        yield
        await state["pool"].close()

    async def endpoint(request: Request) -> Response:
        body = orjson.loads(await request.body())
        db = Db(state["pool"])
        viewer = await _viewer(db, request.headers.get("authorization"))
        if viewer is None:
            return Response(b'{"errors":[{"message":"unauthenticated"}]}', 401, media_type="application/json")
        handler = HANDLERS[body["query"]]
        env = LoaderEnv(engine=None, viewer=viewer)  # type: ignore[arg-type]  (statements only: never executed by it)
        data = await handler(db, env, Loaders.for_request(env), body.get("variables") or {})
        return Response(
            orjson.dumps({"data": data}),
            media_type="application/json",
            headers={"x-sql-statements": str(db.count)},
        )

    async def health(_request: Request) -> Response:
        return Response(b"ok")

    return Starlette(
        routes=[Route("/graphql", endpoint, methods=["POST"]), Route("/healthz", health)],
        lifespan=lifespan,
    )
