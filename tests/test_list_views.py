"""Saved list views: checked when saved, private or shared, a user's default, and `contactList` answering a
view's page with typed cells equal to what `contacts(filter:)` lists."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, MANAGER, codes, fingerprint, make_org, run

ERRORS = "userErrors { field code message }"
VIEW = "view { id name shared pageSize filter orderBy isDefault columns { key title kind } owner { id } }"
CREATE = f"mutation($input: ContactListViewInput!) {{ contactListViewCreate(input: $input) {{ {VIEW} {ERRORS} }} }}"
UPDATE = f"mutation($id: ID!, $input: ContactListViewInput!) {{ contactListViewUpdate(id: $id, input: $input) {{ {VIEW} {ERRORS} }} }}"
DELETE = f"mutation($id: ID!) {{ contactListViewDelete(id: $id) {{ {ERRORS} }} }}"
DEFAULT = f"mutation($id: ID) {{ contactListViewSetDefault(id: $id) {{ view {{ id isDefault }} {ERRORS} }} }}"
VIEWS = "{ contactListViews { id name shared isDefault } }"
LIST = """query($view: ID, $after: String) { contactList(viewId: $view, after: $after) {
  view { id name } columns { key kind }
  rows { totalCount pageInfo { hasNextPage endCursor } nodes { contact { id firstName } cells { column kind value text } } } } }"""
CONTACTS = "query($f: ContactFilter, $o: [ContactOrder!]) { contacts(filter: $f, orderBy: $o, first: 100) { nodes { id } } }"
FILTER = {"sources": ["EMAIL", "FORM", "CHAT"], "status": "OPEN"}
ORDER = [{"field": "NAME", "direction": "ASC"}]


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Views", contacts=40)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def new_view(gql, org, who=ADMIN, **fields):
    view_input = {
        "name": "Open leads",
        "filter": FILTER,
        "orderBy": ORDER,
        "columns": ["NAME", "AGENT", "TAGS", "field:budget", "CREATED_AT"],
        "pageSize": 10,
        **fields,
    }
    payload = await run(gql, org.writers[who], CREATE, {"input": view_input})
    assert payload["userErrors"] == [], payload
    return payload["view"]


async def test_a_view_lists_what_its_filter_lists_with_typed_cells(gql, org):
    view = await new_view(gql, org)
    assert view["filter"] == FILTER
    assert view["orderBy"] == [{"field": "NAME", "direction": "ASC"}]
    assert [(c["key"], c["kind"]) for c in view["columns"]] == [
        ("NAME", "TEXT"),
        ("AGENT", "USER"),
        ("TAGS", "LIST"),
        ("field:budget", "NUMBER"),
        ("CREATED_AT", "DATETIME"),
    ]
    expected = [
        n["id"]
        for n in (await gql(CONTACTS, org.writers[ADMIN], {"f": FILTER, "o": ORDER}))["data"]["contacts"][
            "nodes"
        ]
    ]
    assert len(expected) > 10
    listed, after = [], None
    while True:
        page = (await gql(LIST, org.writers[ADMIN], {"view": view["id"], "after": after}))["data"][
            "contactList"
        ]
        rows = page["rows"]
        assert len(rows["nodes"]) <= 10  # the view's page size
        listed += [n["contact"]["id"] for n in rows["nodes"]]
        for node in rows["nodes"]:
            assert [c["column"] for c in node["cells"]] == [
                "NAME",
                "AGENT",
                "TAGS",
                "field:budget",
                "CREATED_AT",
            ]
            name, agent, tags, budget, _ = node["cells"]
            assert name["value"] == node["contact"]["firstName"] or name["value"].startswith(
                node["contact"]["firstName"] or ""
            )
            assert isinstance(tags["value"], list)
            assert budget["value"] is None or isinstance(budget["value"], int | float)
            assert agent["value"] is None or agent["value"].startswith("VXNlcj")  # a User id
        if not rows["pageInfo"]["hasNextPage"]:
            break
        after = rows["pageInfo"]["endCursor"]
    assert listed == expected
    assert rows["totalCount"] == len(expected)


async def test_without_a_view_the_list_has_the_default_columns_then_the_users_default(gql, org):
    builtin = (await gql(LIST, org.writers[MANAGER], {}))["data"]["contactList"]
    assert builtin["view"] is None
    assert [c["key"] for c in builtin["columns"]] == [
        "NAME",
        "INTEREST",
        "SOURCE",
        "AGENT",
        "STATUS",
        "CLOSE_REASON",
        "PENDING_SINCE",
        "CREATED_AT",
    ]
    view = await new_view(gql, org, MANAGER, name="Mine first")
    chosen = await run(gql, org.writers[MANAGER], DEFAULT, {"id": view["id"]})
    assert chosen == {"view": {"id": view["id"], "isDefault": True}, "userErrors": []}
    assert (await gql(LIST, org.writers[MANAGER], {}))["data"]["contactList"]["view"] == {
        "id": view["id"],
        "name": "Mine first",
    }
    # Deleting the view takes the default with it.
    assert (await run(gql, org.writers[MANAGER], DELETE, {"id": view["id"]}))["userErrors"] == []
    assert (await gql(LIST, org.writers[MANAGER], {}))["data"]["contactList"]["view"] is None


async def test_private_and_shared_views(gql, pg, org):
    private = await new_view(gql, org, AGENT, name="Private")
    shared = await new_view(gql, org, AGENT, name="Team", shared=True)
    seen = {v["name"] for v in (await gql(VIEWS, org.writers[MANAGER]))["data"]["contactListViews"]}
    assert "Team" in seen
    assert "Private" not in seen
    assert (await gql(LIST, org.writers[MANAGER], {"view": private["id"]}))["data"]["contactList"] is None
    before = await fingerprint(pg, org.workspace_id)
    assert codes(
        await run(gql, org.writers[MANAGER], UPDATE, {"id": shared["id"], "input": {"name": "Mine"}})
    ) == [("id", "NOT_OWNER")]
    assert codes(await run(gql, org.writers[MANAGER], DELETE, {"id": private["id"]})) == [("id", "NOT_FOUND")]
    assert await fingerprint(pg, org.workspace_id) == before
    renamed = await run(
        gql,
        org.writers[ADMIN],
        UPDATE,
        {"id": shared["id"], "input": {"name": "Team (admin)", "pageSize": 50}},
    )
    assert (renamed["view"]["name"], renamed["view"]["pageSize"], renamed["view"]["owner"]) == (
        "Team (admin)",
        50,
        {"id": org.user(AGENT)},
    )
    # Anyone may open their list with a shared view.
    assert (await run(gql, org.writers[MANAGER], DEFAULT, {"id": shared["id"]}))["userErrors"] == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"pageSize": 15}, [("input.pageSize", "INVALID_PAGE_SIZE")]),
        ({"columns": ["NAME", "NOPE"]}, [("input.columns.1", "UNKNOWN_COLUMN")]),
        ({"columns": ["NAME", "field:nope"]}, [("input.columns.1", "UNKNOWN_COLUMN")]),
        ({"columns": ["NAME", "NAME"]}, [("input.columns.1", "DUPLICATE_COLUMN")]),
        ({"columns": []}, [("input.columns", "TOO_MANY")]),
        ({"name": " "}, [("input.name", "INVALID_VALUE")]),
        ({"filter": {"created": {"period": "CUSTOM"}}}, [("input.filter", "INVALID_FILTER")]),
        ({"orderBy": [{"field": "CUSTOM_FIELD", "key": "nope"}]}, [("input.filter", "INVALID_FILTER")]),
    ],
)
async def test_a_view_that_cannot_be_shown_is_refused_and_nothing_written(gql, pg, org, fields, expected):
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(
        gql, org.writers[AGENT], CREATE, {"input": {"name": "Bad", "columns": ["NAME"], **fields}}
    )
    assert (payload["view"], codes(payload)) == (None, expected)
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_view_of_another_id_type_or_workspace_is_not_found(gql, org):
    assert codes(
        await run(gql, org.writers[ADMIN], DEFAULT, {"id": global_id("ContactListView", 999_999)})
    ) == [("id", "NOT_FOUND")]
    assert (await gql(LIST, org.writers[ADMIN], {"view": global_id("Contact", 1)}))["data"][
        "contactList"
    ] is None
