"""One read per card (issue 13 item 4): the first pages of a card's list panels are read by one statement for
every card of the request (db/combined.py), and they are exactly the pages each list reads alone."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Interval, cast, literal, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.probes.execution import request_context
from contactcard.auth.viewer import authenticate
from contactcard.db.combined import NotCombinable, combined
from contactcard.db.engine import StatementCounter
from contactcard.db.prepared import Prepared
from contactcard.domain.text import camel
from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.lists import LISTS, PageArgs, page_query
from contactcard.schema import build_schema
from contactcard.schema.card import PANEL_TYPES
from contactcard.schema.tabs import TAB_OF_PANEL

PAGE = PageArgs(limit=21)


async def _env(engine: AsyncEngine, token: str) -> LoaderEnv:
    return LoaderEnv(engine=engine, viewer=await authenticate(engine, f"Bearer {token}"))


async def _parents(pg: Any, workspace_id: int, table: str, column: str) -> list[int]:
    rows = await pg.fetch(
        f"SELECT {column} AS parent, count(*) FROM {table} WHERE workspace_id = $1 "  # noqa: S608  (our names)
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 6",
        workspace_id,
    )
    return [row["parent"] for row in rows]


@pytest.mark.parametrize("email", ["admin@demo.example", "agent@demo.example"])
async def test_every_list_reads_the_same_rows_combined_as_alone(
    engine: AsyncEngine, pg: Any, tokens: dict[str, str], email: str
) -> None:
    env = await _env(engine, tokens[email])
    specs = sorted(LISTS.values(), key=lambda spec: spec.name)
    parents = {
        spec.name: await _parents(pg, env.workspace_id, spec.table.name, spec.parent)  # type: ignore[attr-defined]
        for spec in specs
    }
    alone = {
        spec.name: await env.rows(
            page_query(spec, env.visibility, False, ()), keys=parents[spec.name], limit=21
        )
        for spec in specs
    }
    together = combined(tuple(page_query(spec, env.visibility, False, ()) for spec in specs))
    values = [{**env.values, "keys": parents[spec.name], **PAGE.values()} for spec in specs]
    found = await together.rows(env.reader, values)
    rows_seen = 0
    for spec, rows in zip(specs, found, strict=True):
        assert rows == alone[spec.name], spec.name
        assert [type(v) for v in (rows[0] if rows else ())] == [
            type(v) for v in (alone[spec.name][0] if rows else ())
        ]
        rows_seen += len(rows)
    assert rows_seen > 100  # the demo has rows in the lists: the comparison means something


def _tab_panels() -> list[tuple[str, str, list[str]]]:
    """(panel type, the tab's field, its filter arguments) of every list panel."""
    return [
        (PANEL_TYPES[kind].__name__, camel(tab.name), [f.argument for f in tab.filters])
        for kind, tab in TAB_OF_PANEL.items()
    ]


PAGE_FIELDS = "nodes { id } pageInfo { hasNextPage endCursor }"
CARD = (
    "query($id: ID!) { contact(id: $id) { card { panels { kind pageSize "
    + " ".join(
        f"... on {type_} {{ {' '.join(filters)} {field} {{ {PAGE_FIELDS} }} }}"
        for type_, field, filters in _tab_panels()
    )
    + " } } } }"
)


def _tabs_query(panels: list[dict[str, Any]]) -> str:
    """The Contact's own tab fields with each panel's page size and filters: read one list at a time."""
    by_type = {type_: (field, filters) for type_, field, filters in _tab_panels()}
    selections = []
    for panel in panels:
        type_ = PANEL_TYPES[next(k for k in PANEL_TYPES if k.value == panel["kind"])].__name__
        if type_ not in by_type:
            continue
        field, filters = by_type[type_]
        arguments = [f"first: {panel['pageSize']}"]
        for name in filters:
            value = panel[name]
            arguments.append(
                f"{name}: [{', '.join(value)}]" if isinstance(value, list) else f"{name}: {value}"
            )
        selections.append(f"{field}({', '.join(arguments)}) {{ {PAGE_FIELDS} }}")
    return "query($id: ID!) { contact(id: $id) { " + " ".join(selections) + " } }"


@pytest.mark.parametrize("email", ["admin@demo.example", "manager@demo.example", "agent@demo.example"])
async def test_a_cards_pages_read_together_are_what_each_tab_reads_alone(
    gql: Any, tokens: dict[str, str], email: str
) -> None:
    token = tokens[email]
    listed = await gql("{ contacts(first: 12) { nodes { id } } }", token)
    compared = 0
    for node in listed["data"]["contacts"]["nodes"]:
        card = await gql(CARD, token, {"id": node["id"]})
        assert "errors" not in card, card
        panels = card["data"]["contact"]["card"]["panels"]
        tabs = await gql(_tabs_query(panels), token, {"id": node["id"]})
        assert "errors" not in tabs, tabs
        by_field = {field: filters for _, field, filters in _tab_panels()}
        for panel in panels:
            for field in by_field:
                if field in panel:
                    assert panel[field] == tabs["data"]["contact"][field], (email, panel["kind"])
                    compared += 1
                    assert card["extensions"]["cost"]["sqlStatements"] <= 4  # token, contact, pages, consents
    assert compared >= 12 * 5


async def _statements(engine: AsyncEngine, token: str, query: str, variables: dict[str, Any]) -> list[str]:
    """The statements a query runs in this process (their texts kept), the token's lookup apart."""
    counter = StatementCounter(keep_text=True)
    context = await request_context(engine, token, counter)
    result = await build_schema().execute(query, variable_values=variables, context_value=context)
    assert result.errors is None, result.errors
    return [sql for sql, _ in counter.statements]


async def test_only_the_panels_whose_data_is_asked_are_read(
    engine: AsyncEngine, gql: Any, admin_token: str
) -> None:
    contact = (await gql("{ contacts(first: 1) { nodes { id } } }", admin_token))["data"]["contacts"][
        "nodes"
    ][0]
    two = (
        "query($id: ID!) { contact(id: $id) { card { panels { kind "
        "... on HistoryPanel { history { nodes { id } } } ... on DealsPanel { deals { nodes { id } } } } } } }"
    )
    statements = await _statements(engine, admin_token, two, contact)
    (pages,) = [sql for sql in statements if "json_agg(json_build_array" in sql]
    assert pages.count("json_agg(json_build_array") == 2
    assert "history_entries" in pages
    assert "deals" in pages
    assert "calls" not in pages
    assert "timeline_events" not in pages
    bare = await _statements(
        engine, admin_token, "query($id: ID!) { contact(id: $id) { card { panels { kind } } } }", contact
    )
    assert len(bare) == 1  # the contact: a card asked without its panels' data reads no page


async def test_forty_cards_read_their_pages_in_one_statement(engine: AsyncEngine, admin_token: str) -> None:
    query = "{ contacts(first: 40) { nodes { card { panels { ... on CallsPanel { calls { nodes { id } } } " \
        "... on TasksPanel { tasks { nodes { id } } } } } } } }"  # fmt: skip
    statements = await _statements(engine, admin_token, query, {})
    assert len([sql for sql in statements if "json_agg(json_build_array" in sql]) == 1
    assert not [sql for sql in statements if "calls" in sql and "json_agg" not in sql]


def test_a_column_that_would_not_travel_exactly_is_read_alone() -> None:
    with pytest.raises(NotCombinable):
        combined((Prepared(select(cast(literal("1 day"), Interval).label("span"))),))
