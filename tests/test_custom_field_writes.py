"""Custom field definitions (admins): created, changed within what stored values allow, deleted with them."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, MANAGER, codes, fingerprint, make_org, run

FIELD = "customField { id key label type required options position }"
ERRORS = "userErrors { field code message }"
CREATE = (
    f"mutation($input: CustomFieldCreateInput!) {{ customFieldCreate(input: $input) {{ {FIELD} {ERRORS} }} }}"
)
UPDATE = f"mutation($id: ID!, $input: CustomFieldUpdateInput!) {{ customFieldUpdate(id: $id, input: $input) {{ {FIELD} {ERRORS} }} }}"
DELETE = (
    f"mutation($id: ID!) {{ customFieldDelete(id: $id) {{ deletedCustomFieldId valuesCleared {ERRORS} }} }}"
)
SET = "mutation($id: ID!, $input: ContactFieldsSetInput!) { contactFieldsSet(id: $id, input: $input) { userErrors { code } } }"
CREATE_CONTACT = "mutation($input: ContactCreateInput!) { contactCreate(input: $input) { contact { id } } }"
LIST = "{ customFields { key } }"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Field writes", contacts=10)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def create(gql, org, **fields):
    return await run(
        gql,
        org.writers[ADMIN],
        CREATE,
        {"input": {"label": "Tier", "type": "SELECT", "options": ["gold", "silver"], **fields}},
    )


async def test_create_adds_a_field_after_the_last(gql, org):
    payload = await create(gql, org, key="tier")
    assert payload["userErrors"] == []
    made = payload["customField"]
    assert (made["key"], made["type"], made["options"], made["required"], made["position"]) == (
        "tier",
        "SELECT",
        ["gold", "silver"],
        False,
        7,
    )
    listed = await gql(LIST, org.readers[MANAGER])
    assert listed["data"]["customFields"][-1] == {"key": "tier"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"key": "Tier"}, [("input.key", "INVALID_KEY")]),
        ({"key": "1tier"}, [("input.key", "INVALID_KEY")]),
        ({"key": "budget"}, [("input.key", "DUPLICATE_KEY")]),
        ({"key": "t2", "label": ""}, [("input.label", "TOO_LONG")]),
        ({"key": "t3", "options": []}, [("input.options", "INVALID_OPTIONS")]),
        ({"key": "t4", "options": ["a", "a"]}, [("input.options", "INVALID_OPTIONS")]),
        ({"key": "t5", "type": "NUMBER", "options": ["a"]}, [("input.options", "INVALID_OPTIONS")]),
        ({"key": "t6", "position": -1}, [("input.position", "OUT_OF_RANGE")]),
    ],
)
async def test_create_refuses_bad_definitions(gql, pg, org, fields, expected):
    before = await fingerprint(pg, org.workspace_id)
    payload = await create(gql, org, **fields)
    assert payload["customField"] is None
    assert codes(payload) == expected
    assert await fingerprint(pg, org.workspace_id) == before


async def test_only_admins_define_fields(gql, pg, org):
    before = await fingerprint(pg, org.workspace_id)
    for token in (org.writers[MANAGER], org.readers[ADMIN]):
        payload = await run(gql, token, CREATE, {"input": {"key": "nope", "label": "Nope", "type": "TEXT"}})
        assert codes(payload) == [(None, "FORBIDDEN")]
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_type_change_stored_values_cannot_take_is_refused_with_their_count(gql, pg, org):
    field = (await create(gql, org, key="level", type="TEXT", options=None))["customField"]
    contacts = []
    for value in ("12", "high", "7"):
        made = await run(
            gql,
            org.writers[ADMIN],
            CREATE_CONTACT,
            {"input": {"firstName": "F", "fields": [{"key": "level", "value": value}]}},
        )
        contacts.append(made["contact"]["id"])
    before = await fingerprint(pg, org.workspace_id)
    refused = await run(gql, org.writers[ADMIN], UPDATE, {"id": field["id"], "input": {"type": "NUMBER"}})
    assert codes(refused) == [("input.type", "TYPE_CONFLICT")]
    assert refused["userErrors"][0]["message"].startswith("3 contact(s) hold level values")
    to_select = await run(
        gql,
        org.writers[ADMIN],
        UPDATE,
        {"id": field["id"], "input": {"type": "SELECT", "options": ["12", "7"]}},
    )
    assert to_select["userErrors"][0]["message"].startswith("1 contact(s)")
    assert await fingerprint(pg, org.workspace_id) == before
    # Clear the odd value: now the change goes through, and the field takes only its options.
    assert (
        await run(
            gql,
            org.writers[ADMIN],
            SET,
            {"id": contacts[1], "input": {"values": [{"key": "level", "value": None}]}},
        )
    )["userErrors"] == []
    changed = await run(
        gql,
        org.writers[ADMIN],
        UPDATE,
        {
            "id": field["id"],
            "input": {"type": "SELECT", "options": ["12", "7"], "label": "Level", "required": True},
        },
    )
    assert changed["userErrors"] == []
    assert (
        changed["customField"]["type"],
        changed["customField"]["label"],
        changed["customField"]["required"],
    ) == ("SELECT", "Level", True)
    refused = await run(
        gql,
        org.writers[ADMIN],
        SET,
        {"id": contacts[0], "input": {"values": [{"key": "level", "value": "13"}]}},
    )
    assert refused["userErrors"] == [{"code": "INVALID_FIELD_VALUE"}]
    # Required from now on: a new contact must be given it (the other tests' contacts are not).
    refused = await run(gql, org.writers[ADMIN], CREATE_CONTACT, {"input": {"firstName": "No level"}})
    assert refused["contact"] is None
    assert (await run(gql, org.writers[ADMIN], UPDATE, {"id": field["id"], "input": {"required": False}}))[
        "userErrors"
    ] == []


async def test_delete_clears_every_contacts_value(gql, pg, org):
    field = (await create(gql, org, key="doomed"))["customField"]
    made = await run(
        gql,
        org.writers[ADMIN],
        CREATE_CONTACT,
        {"input": {"firstName": "D", "fields": [{"key": "doomed", "value": "gold"}]}},
    )
    assert made["contact"] is not None
    deleted = await run(gql, org.writers[ADMIN], DELETE, {"id": field["id"]})
    assert deleted == {"deletedCustomFieldId": field["id"], "valuesCleared": 1, "userErrors": []}
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM contacts WHERE workspace_id = $1 AND attributes ? 'doomed'",
            org.workspace_id,
        )
        == 0
    )
    assert codes(await run(gql, org.writers[ADMIN], DELETE, {"id": field["id"]})) == [("id", "NOT_FOUND")]
    assert codes(await run(gql, org.writers[ADMIN], DELETE, {"id": global_id("Contact", 1)})) == [
        ("id", "NOT_FOUND")
    ]


async def test_a_custom_field_is_a_node(gql, org):
    field = (await create(gql, org, key="noded"))["customField"]
    body = await gql(
        "query($id: ID!) { node(id: $id) { ... on CustomField { key } } }",
        org.readers[MANAGER],
        {"id": field["id"]},
    )
    assert body["data"]["node"] == {"key": "noded"}
