"""Hostile input at the edges (issue 18): extreme cursors on every connection, extreme integers in every Int
argument and every mutation input, malformed bodies, tokens and ids. Generated from the schema
(tests/schema_walk.py), so a connection, an argument or a mutation added later is covered the day it lands.

What must hold: no 5xx, no INTERNAL_SERVER_ERROR; a coded refusal (BAD_CURSOR, PAGE_SIZE, a user error, a
400) or a normal answer."""

from __future__ import annotations

import base64
import json
from typing import Any

import orjson
import pytest

from contactcard.schema.tabs import TABS
from tests.conftest import global_id
from tests.schema_walk import (
    GRAPHQL,
    PATHS,
    argument_paths,
    field_document,
    fields_with,
    is_connection,
    sample,
    with_value,
)
from tests.writing import ADMIN, MANAGER, make_org

CURSORED = sorted(fields_with(lambda f: is_connection(f) and "after" in f.args))
"""Every connection that takes a cursor."""


def errors_are_coded(body: dict[str, Any]) -> None:
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        assert code, error
        assert code != "INTERNAL_SERVER_ERROR", error


async def post(client: Any, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code < 500, response.text
    body: dict[str, Any] = response.json()
    errors_are_coded(body)
    return body


@pytest.fixture(scope="module")
async def org(client, pg, owner_engine):
    made = await make_org(pg, owner_engine, "Hostile", contacts=40)
    # Versions of the viewer's and of the workspace's layout, and a notification (a mention), so that every
    # connection has a cursor to forge.
    listed = await post(client, made.writers[MANAGER], "{ contacts(first: 1) { nodes { id } } }", {})
    contact = listed["data"]["contacts"]["nodes"][0]["id"]
    for token, document in (
        (ADMIN, 'mutation { cardLayoutPanelToggle(input: {kind: "DEALS", enabled: false, expectedVersion: 0}) '),
        (ADMIN, 'mutation { cardLayoutPanelToggle(input: {kind: "DEALS", enabled: true, expectedVersion: 1}) '),
        (ADMIN, 'mutation { workspaceCardLayoutUpdate(input: {expectedVersion: 0, panels: [{kind: "HISTORY"}]}) '),
        (MANAGER, f'mutation {{ commentAdd(input: {{contactId: "{contact}", body: "hi @admin", '
                  f'mentionIds: ["{made.user(ADMIN)}"]}}) '),
    ):  # fmt: skip
        body = await post(client, made.writers[token], document + "{ userErrors { code } } }", {})
        assert not body.get("errors"), body
        assert not next(iter(body["data"].values()))["userErrors"], body
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


# -- cursors ------------------------------------------------------------------------------------------------


def cursor(values: Any) -> str:
    """A cursor of `values` (stdlib json: orjson refuses integers past 64 bits, which a forger may send)."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decoded(value: str) -> list[Any]:
    return orjson.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))  # type: ignore[no-any-return]


def hostile_components(value: Any) -> list[Any]:
    """Values to put where a cursor holds `value`: extreme ones of its kind, and of other kinds."""
    if isinstance(value, bool) or value is None:
        return [None, 1, "x"]
    if isinstance(value, int):
        return [2**63, -(2**63) - 1, 2**63 - 1, 2**40, 2**31, -1, 0, 1.5, "1", None, True, [1], {"a": 1}]
    if isinstance(value, float):
        return [1e308, -1e308, 2**63, "1.0", None]
    return [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59.999999+00:00",
        "0001-01-01T00:00:00",
        "2026-13-01T00:00:00+00:00",
        "\u0000",
        "x\u0000y",
        "é" * 150,
        "",
        5,
        None,
    ]


def forged_cursors(real: str) -> list[str]:
    values = decoded(real)
    forged = [
        real + "*",
        real + "=",
        "*" + real,
        real[:-1],
        "",
        "!!!",
        cursor(values[:-1]),
        cursor([*values, 1]),
        cursor({"a": values}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        cursor([values[0], 2**63, *values[2:]]),
        cursor([values[0], "x\u0000", *values[2:]]),
    ]
    forged += [
        cursor([*values[:index], hostile, *values[index + 1 :]])
        for index in range(2, len(values))
        for hostile in hostile_components(values[index])
    ]
    return forged


def end_cursors(data: Any) -> list[str]:
    """Every non-null `endCursor` in a response."""
    if isinstance(data, dict):
        found = [data["endCursor"]] if isinstance(data.get("endCursor"), str) else []
        return found + [c for value in data.values() for c in end_cursors(value)]
    if isinstance(data, list):
        return [c for item in data for c in end_cursors(item)]
    return []


@pytest.mark.parametrize(("type_name", "field_name"), CURSORED, ids=[f"{t}.{f}" for t, f in CURSORED])
async def test_forged_cursors_on_every_connection_are_refused_cleanly(client, org, type_name, field_name):
    field = GRAPHQL.get_type(type_name).fields[field_name]  # type: ignore[union-attr]
    path = PATHS[type_name]
    token = org.writers[ADMIN]
    first = await post(client, token, path.around(f"{field_name} {{ pageInfo {{ endCursor }} }}"), {})
    real = end_cursors(first.get("data"))
    assert real, f"the test workspace has no row in {type_name}.{field_name}: seed one"
    for argument in [a for a in ("after", "before") if a in field.args]:
        query = path.around(
            f"{field_name}({argument}: $after) {{ pageInfo {{ endCursor }} }}", "$after: String"
        )
        for forged in forged_cursors(real[0]):
            await post(client, token, query, {"after": forged})


# -- integers, times and JSON in every argument ------------------------------------------------------------

HOSTILE_SCALARS: dict[str, list[Any]] = {
    "Int": [2**31 - 1, -(2**31), 0, -1],  # what GraphQL's Int lets through
    "DateTime": ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00Z",
                 "9999-12-31T23:59:59.999999Z", "2026-02-30T00:00:00Z", "x"],
    "Date": ["0001-01-01", "9999-12-31", "2026-02-30"],
    "JSON": [2**70, {"a": [-(2**64)]}, 1e308, {"a": {"b": {"c": "\u0000"}}}, [None, True, ""]],
    "Float": [1e308, -1e308, 5e-324, 2.0**63],
    "String": ["\u0000", "x\u0000y", "", " ", "x" * 20_000, "' OR 1=1 --", "%_\\", "\ud7ff\U0010ffff"],
    "ID": ["", "Q29udGFjdDox*", global_id("Contact", 2**63 - 1), global_id("Nope", 1), "\u0000"],
}  # fmt: skip
ARGUMENTS = [(scalar, *found) for scalar in HOSTILE_SCALARS for found in argument_paths(scalar)]


@pytest.mark.parametrize(
    ("scalar", "type_name", "field_name", "argument", "path"),
    ARGUMENTS,
    ids=[".".join((t, f, a, *p)) + f"={s}" for s, t, f, a, p in ARGUMENTS],
)
async def test_extreme_values_in_every_argument(
    client, pg, org, scalar, type_name, field_name, argument, path
):
    document, types = field_document(type_name, field_name, argument)
    ids = await _ids(pg, org.workspace_id)
    variables = {arg: sample(type_, id_for(field_name, ids), arg) for arg, type_ in types.items()}
    for value in HOSTILE_SCALARS[scalar]:
        changed = {**variables, argument: with_value(variables[argument], path, value, types[argument])}
        await post(client, org.writers[ADMIN], document, changed)


async def _ids(pg: Any, workspace_id: int) -> dict[str, str]:
    """A global id of each kind of record in the workspace, by type name."""
    tables: dict[str, str] = {
        "Contact": "contacts",
        "User": "users",
        "Group": "groups",
        "CustomField": "custom_fields",
    }
    for tab in TABS:
        table: Any = tab.spec.target if tab.spec.target is not None else tab.spec.table
        tables[tab.node.__name__] = table.name
    found = {}
    for type_name, table in tables.items():
        pk = await pg.fetchval(f"SELECT min(id) FROM {table} WHERE workspace_id = $1", workspace_id)  # noqa: S608
        if pk is not None:
            found[type_name] = global_id(type_name, pk)
    return found


ID_TYPES = {
    "contact": "Contact", "target": "Contact", "source": "Contact", "user": "User", "assignee": "User",
    "assignedTo": "User", "responsible": "User", "group": "Group", "deal": "Deal", "task": "Task",
    "enrollment": "Enrollment", "comment": "HistoryEntry", "customField": "CustomField", "mention": "User",
}  # fmt: skip
"""The type of an ID input by its name (`contactId`, `ids` of a contact mutation, …)."""


def id_for(mutation: str, ids: dict[str, str]) -> Any:
    def of(field: str) -> str:
        stem = field.removesuffix("Ids").removesuffix("Id")
        if stem in {"id", "ids"}:
            stem = next((prefix for prefix in sorted(ID_TYPES, key=len, reverse=True)
                         if mutation.startswith(prefix)), "contact")  # fmt: skip
        return ids.get(ID_TYPES.get(stem, "Contact"), ids["Contact"])

    return of
