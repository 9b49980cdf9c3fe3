"""Contact mutations over the API: validated like a careful agent, all-or-nothing, within the viewer's
contacts, and on the contact's history."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, AGENT2, MANAGER, codes, fingerprint, make_org, pk_of, run

CONTACT = """
  id name firstName lastName source interest score status
  primaryEmail primaryPhone
  emails { id value normalized isPrimary position }
  phones { id value normalized isPrimary }
  messengers { value normalized platform }
  tags { name }
  fields { key value }
  assignedTo { id }
"""
ERRORS = "userErrors { field code message }"
CREATE = f"mutation($input: ContactCreateInput!) {{ contactCreate(input: $input) {{ contact {{ {CONTACT} }} {ERRORS} }} }}"
UPDATE = f"mutation($id: ID!, $input: ContactUpdateInput!) {{ contactUpdate(id: $id, input: $input) {{ contact {{ {CONTACT} }} {ERRORS} }} }}"
DELETE = f"mutation($id: ID!) {{ contactDelete(id: $id) {{ deletedContactId restorableUntil {ERRORS} }} }}"
RESTORE = f"mutation($id: ID!) {{ contactRestore(id: $id) {{ contact {{ id }} {ERRORS} }} }}"
DUPLICATE = f"mutation($id: ID!) {{ contactDuplicate(id: $id) {{ contact {{ {CONTACT} }} {ERRORS} }} }}"
ASSIGN = f"mutation($id: ID!, $input: ContactAssignInput!) {{ contactAssign(id: $id, input: $input) {{ contact {{ id assignedTo {{ id }} }} {ERRORS} }} }}"
CHANNEL_ADD = f"mutation($id: ID!, $input: ContactChannelAddInput!) {{ contactChannelAdd(id: $id, input: $input) {{ contact {{ {CONTACT} }} {ERRORS} }} }}"
CHANNEL_REMOVE = f"mutation($input: ContactChannelInput!) {{ contactChannelRemove(input: $input) {{ contact {{ {CONTACT} }} {ERRORS} }} }}"
CHANNEL_PRIMARY = f"mutation($input: ContactChannelInput!) {{ contactChannelSetPrimary(input: $input) {{ contact {{ {CONTACT} }} {ERRORS} }} }}"
TAGS_ADD = f"mutation($id: ID!, $input: ContactTagsInput!) {{ contactTagsAdd(id: $id, input: $input) {{ contact {{ tags {{ name }} }} {ERRORS} }} }}"
TAGS_REMOVE = f"mutation($id: ID!, $input: ContactTagsInput!) {{ contactTagsRemove(id: $id, input: $input) {{ contact {{ tags {{ name }} }} {ERRORS} }} }}"
FIELDS_SET = f"mutation($id: ID!, $input: ContactFieldsSetInput!) {{ contactFieldsSet(id: $id, input: $input) {{ contact {{ fields {{ key value }} }} {ERRORS} }} }}"
READ = "query($id: ID!) { contact(id: $id) { id name } }"
HISTORY = "query($id: ID!) { contact(id: $id) { history(first: 50) { nodes { __typename ... on ChangeEvent { field before after author { id } } } } } }"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Contact writes")
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def new_contact(gql, org, who=ADMIN, **fields):
    payload = await run(gql, org.writers[who], CREATE, {"input": {"firstName": "Ana", **fields}})
    assert payload["userErrors"] == []
    return payload["contact"]


async def changes(gql, org, contact_id):
    body = await gql(HISTORY, org.writers[ADMIN], {"id": contact_id})
    return [
        (n["field"], n["before"], n["after"])
        for n in body["data"]["contact"]["history"]["nodes"]
        if n["__typename"] == "ChangeEvent"
    ]


async def test_create_normalises_channels_and_places_the_contact_with_its_creator(gql, org):
    contact = await new_contact(
        gql,
        org,
        AGENT,
        lastName="  Beltrán ",
        emails=["Ana.Beltran@Example.ES", "ana@work.example"],
        phones=["+34 612 34 56 78", "(415) 555-2671"],
        messengers=[{"platform": "Telegram", "handle": "@Ana_B"}],
        tags=["VIP", "vip", "Lead"],
        fields=[{"key": "budget", "value": 1200.5}, {"key": "languages", "value": ["ru", "es"]}],
    )
    assert contact["name"] == "Ana Beltrán"
    assert contact["source"] == "MANUAL"
    assert contact["assignedTo"] == {"id": org.user(AGENT)}
    assert [(e["value"], e["isPrimary"], e["position"]) for e in contact["emails"]] == [
        ("ana.beltran@example.es", True, 0),
        ("ana@work.example", False, 1),
    ]
    # The US is the workspace's default region: a number without +country code is read there.
    assert [(p["normalized"], p["isPrimary"]) for p in contact["phones"]] == [
        ("+34612345678", True),
        ("+14155552671", False),
    ]
    assert contact["primaryPhone"] == "+34 612 34 56 78"
    assert contact["messengers"] == [
        {"value": "@Ana_B", "normalized": "telegram:ana_b", "platform": "telegram"}
    ]
    assert sorted(t["name"] for t in contact["tags"]) == ["Lead", "VIP"]
    values = {f["key"]: f["value"] for f in contact["fields"]}
    assert values["budget"] == 1200.5
    assert values["languages"] == ["es", "ru"]  # in the field's order
    assert values["notes"] is None
    assert await changes(gql, org, contact["id"]) == [
        ("contact", None, {"created": True, "source": "MANUAL"})
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"emails": ["ana@"]}, [("input.emails.0", "INVALID_EMAIL")]),
        ({"emails": ["a b@example.com"]}, [("input.emails.0", "INVALID_EMAIL")]),
        ({"phones": ["12"]}, [("input.phones.0", "INVALID_PHONE")]),
        ({"phones": ["not a phone"]}, [("input.phones.0", "INVALID_PHONE")]),
        (
            {"messengers": [{"platform": "pager", "handle": "x"}]},
            [("input.messengers.0", "INVALID_MESSENGER")],
        ),
        ({"emails": ["a@x.es", "A@X.ES"]}, [("input.emails.1", "DUPLICATE_CHANNEL")]),
        ({"firstName": None}, [("input", "NAME_OR_CHANNEL_REQUIRED")]),
        ({"firstName": "   "}, [("input", "NAME_OR_CHANNEL_REQUIRED")]),
        ({"lastName": "x" * 201}, [("input.lastName", "TOO_LONG")]),
        ({"score": 101}, [("input.score", "OUT_OF_RANGE")]),
        ({"birthday": "2999-01-01"}, [("input.birthday", "OUT_OF_RANGE")]),
        ({"source": "IMPORT"}, [("input.source", "INVALID_VALUE")]),
        ({"tags": ["ok", ""]}, [("input.tags.1", "INVALID_VALUE")]),
        ({"tags": [f"t{i}" for i in range(251)]}, [("input.tags", "TOO_MANY")]),
        (
            {"fields": [{"key": "budget", "value": "a lot"}]},
            [("input.fields.0.value", "INVALID_FIELD_VALUE")],
        ),
        (
            {"fields": [{"key": "industry", "value": "Mining"}]},
            [("input.fields.0.value", "INVALID_FIELD_VALUE")],
        ),
        (
            {"fields": [{"key": "next_contact", "value": "2026-02-30"}]},
            [("input.fields.0.value", "INVALID_FIELD_VALUE")],
        ),
        ({"fields": [{"key": "newsletter", "value": 1}]}, [("input.fields.0.value", "INVALID_FIELD_VALUE")]),
        (
            {"fields": [{"key": "website", "value": "javascript:alert(1)"}]},
            [("input.fields.0.value", "INVALID_FIELD_VALUE")],
        ),
        ({"fields": [{"key": "nope", "value": 1}]}, [("input.fields.0.key", "UNKNOWN_FIELD")]),
        ({"assignedToId": global_id("User", 999_999)}, [("input.assignedToId", "UNKNOWN_USER")]),
        ({"groupId": global_id("Group", 999_999)}, [("input.groupId", "UNKNOWN_GROUP")]),
        # Every problem of the input at once.
        (
            {"emails": ["bad"], "phones": ["bad"], "score": -1},
            [
                ("input.score", "OUT_OF_RANGE"),
                ("input.emails.0", "INVALID_EMAIL"),
                ("input.phones.0", "INVALID_PHONE"),
            ],
        ),
    ],
)
async def test_create_refuses_bad_input_and_writes_nothing(gql, pg, org, fields, expected):
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(gql, org.writers[ADMIN], CREATE, {"input": {"firstName": "Ana", **fields}})
    assert payload["contact"] is None
    assert codes(payload) == expected
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_read_only_token_writes_nothing(gql, pg, org):
    contact = await new_contact(gql, org)
    before = await fingerprint(pg, org.workspace_id)
    for document, variables in [
        (CREATE, {"input": {"firstName": "Eve"}}),
        (UPDATE, {"id": contact["id"], "input": {"firstName": "Eve"}}),
        (DELETE, {"id": contact["id"]}),
        (TAGS_ADD, {"id": contact["id"], "input": {"tags": ["x"]}}),
    ]:
        payload = await run(gql, org.readers[ADMIN], document, variables)
        assert codes(payload) == [(None, "FORBIDDEN")]
    assert await fingerprint(pg, org.workspace_id) == before


async def test_update_changes_only_the_given_fields_and_records_each(gql, org):
    contact = await new_contact(
        gql, org, lastName="Beltrán", interest="yoga", emails=["ana.update@example.es"]
    )
    payload = await run(
        gql,
        org.writers[ADMIN],
        UPDATE,
        {"id": contact["id"], "input": {"firstName": "Anna", "interest": None, "score": 40}},
    )
    assert payload["userErrors"] == []
    assert (
        payload["contact"]["firstName"],
        payload["contact"]["lastName"],
        payload["contact"]["interest"],
        payload["contact"]["score"],
    ) == ("Anna", "Beltrán", None, 40)
    # Newest first; one event per changed field (the last name did not change: no event).
    assert await changes(gql, org, contact["id"]) == [
        ("score", 0, 40),
        ("interest", "yoga", None),
        ("firstName", "Ana", "Anna"),
        ("contact", None, {"created": True, "source": "MANUAL"}),
    ]
    # With a channel left, both names may go: the contact is then named by its number.
    payload = await run(
        gql, org.writers[ADMIN], UPDATE, {"id": contact["id"], "input": {"firstName": None, "lastName": None}}
    )
    assert payload["userErrors"] == []
    assert payload["contact"]["name"].startswith("Contact ")


async def test_update_without_name_or_channel_is_refused(gql, pg, org):
    contact = await new_contact(gql, org)
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(gql, org.writers[ADMIN], UPDATE, {"id": contact["id"], "input": {"firstName": None}})
    assert codes(payload) == [("input", "NAME_OR_CHANNEL_REQUIRED")]
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_contact_outside_the_viewers_scope_is_not_found(gql, pg, org):
    theirs = await new_contact(
        gql, org, AGENT
    )  # assigned to agent, group Inbound: agent2 (Outbound) cannot see it
    before = await fingerprint(pg, org.workspace_id)
    for target in (theirs["id"], global_id("Contact", 999_999_999)):
        payload = await run(gql, org.writers[AGENT2], UPDATE, {"id": target, "input": {"firstName": "Mine"}})
        assert codes(payload) == [("id", "NOT_FOUND")]
        assert payload["userErrors"][0]["message"] == "no such contact"
    assert await fingerprint(pg, org.workspace_id) == before


async def test_delete_hides_the_contact_and_restore_brings_it_back_within_30_days(gql, pg, org):
    contact = await new_contact(gql, org)
    deleted = await run(gql, org.writers[ADMIN], DELETE, {"id": contact["id"]})
    assert deleted["deletedContactId"] == contact["id"]
    assert deleted["restorableUntil"] is not None
    assert (await gql(READ, org.writers[ADMIN], {"id": contact["id"]}))["data"]["contact"] is None
    assert codes(await run(gql, org.writers[ADMIN], DELETE, {"id": contact["id"]})) == [("id", "NOT_FOUND")]
    restored = await run(gql, org.writers[ADMIN], RESTORE, {"id": contact["id"]})
    assert restored == {"contact": {"id": contact["id"]}, "userErrors": []}
    assert codes(await run(gql, org.writers[ADMIN], RESTORE, {"id": contact["id"]})) == [
        ("id", "NOT_DELETED")
    ]
    # Deleted 31 days ago: gone for good.
    await run(gql, org.writers[ADMIN], DELETE, {"id": contact["id"]})
    await pg.execute(
        "UPDATE contacts SET deleted_at = now() - interval '31 days' WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        pk_of(contact["id"]),
    )
    assert codes(await run(gql, org.writers[ADMIN], RESTORE, {"id": contact["id"]})) == [
        ("id", "RESTORE_EXPIRED")
    ]


async def test_assign_moves_the_contact_with_the_assignees_group(gql, pg, org):
    contact = await new_contact(gql, org, MANAGER)
    payload = await run(
        gql, org.writers[MANAGER], ASSIGN, {"id": contact["id"], "input": {"assignedToId": org.user(AGENT)}}
    )
    assert payload == {
        "contact": {"id": contact["id"], "assignedTo": {"id": org.user(AGENT)}},
        "userErrors": [],
    }
    group = await pg.fetchval(
        "SELECT group_id FROM contacts WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        pk_of(contact["id"]),
    )
    assert group == org.groups["Inbound"]
    history = await changes(gql, org, contact["id"])
    assert ("assignedTo", org.users[MANAGER], org.users[AGENT]) in history
    # The agent may not hand it to someone else: they would no longer see it.
    before = await fingerprint(pg, org.workspace_id)
    refused = await run(
        gql, org.writers[AGENT], ASSIGN, {"id": contact["id"], "input": {"assignedToId": org.user(AGENT2)}}
    )
    assert codes(refused) == [("input.assignedToId", "ASSIGNMENT_NOT_ALLOWED")]
    assert await fingerprint(pg, org.workspace_id) == before


async def test_channels_add_remove_and_primary(gql, pg, org):
    contact = await new_contact(gql, org, phones=["+34 612 34 56 78"])
    added = await run(
        gql,
        org.writers[ADMIN],
        CHANNEL_ADD,
        {"id": contact["id"], "input": {"kind": "PHONE", "value": "+7 912 345-67-89", "primary": True}},
    )
    assert added["userErrors"] == []
    assert [(p["normalized"], p["isPrimary"]) for p in added["contact"]["phones"]] == [
        ("+34612345678", False),
        ("+79123456789", True),
    ]
    assert added["contact"]["primaryPhone"] == "+7 912 345-67-89"
    before = await fingerprint(pg, org.workspace_id)
    again = await run(
        gql,
        org.writers[ADMIN],
        CHANNEL_ADD,
        {"id": contact["id"], "input": {"kind": "PHONE", "value": "+79123456789"}},
    )
    assert codes(again) == [("input.value", "DUPLICATE_CHANNEL")]
    bad = await run(
        gql,
        org.writers[ADMIN],
        CHANNEL_ADD,
        {"id": contact["id"], "input": {"kind": "EMAIL", "value": "nope"}},
    )
    assert codes(bad) == [("input.value", "INVALID_EMAIL")]
    assert await fingerprint(pg, org.workspace_id) == before
    primary = added["contact"]["phones"][1]["id"]
    removed = await run(gql, org.writers[ADMIN], CHANNEL_REMOVE, {"input": {"channelId": primary}})
    assert [(p["normalized"], p["isPrimary"]) for p in removed["contact"]["phones"]] == [
        ("+34612345678", True)
    ]
    email = await run(
        gql,
        org.writers[ADMIN],
        CHANNEL_ADD,
        {"id": contact["id"], "input": {"kind": "EMAIL", "value": "second@example.es"}},
    )
    assert [(e["value"], e["isPrimary"]) for e in email["contact"]["emails"]] == [("second@example.es", True)]
    phone = removed["contact"]["phones"][0]["id"]
    assert codes(await run(gql, org.writers[AGENT2], CHANNEL_PRIMARY, {"input": {"channelId": phone}})) == [
        ("channelId", "NOT_FOUND")
    ]


async def test_the_last_channel_of_a_nameless_contact_stays(gql, org):
    made = await run(gql, org.writers[ADMIN], CREATE, {"input": {"emails": ["only@example.es"]}})
    channel = made["contact"]["emails"][0]["id"]
    assert made["contact"]["name"].startswith("Contact ")
    refused = await run(gql, org.writers[ADMIN], CHANNEL_REMOVE, {"input": {"channelId": channel}})
    assert codes(refused) == [("channelId", "NAME_OR_CHANNEL_REQUIRED")]


async def test_tags_are_created_on_first_use_and_matched_without_case(gql, pg, org):
    contact = await new_contact(gql, org)
    added = await run(
        gql,
        org.writers[ADMIN],
        TAGS_ADD,
        {"id": contact["id"], "input": {"tags": ["Wholesale", "WHOLESALE", "Beta"]}},
    )
    assert sorted(t["name"] for t in added["contact"]["tags"]) == ["Beta", "Wholesale"]
    other = await new_contact(gql, org)
    reused = await run(
        gql, org.writers[ADMIN], TAGS_ADD, {"id": other["id"], "input": {"tags": ["wholesale"]}}
    )
    assert [t["name"] for t in reused["contact"]["tags"]] == ["Wholesale"]
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM tags WHERE workspace_id = $1 AND name_key = 'wholesale'", org.workspace_id
        )
        == 1
    )
    removed = await run(
        gql,
        org.writers[ADMIN],
        TAGS_REMOVE,
        {"id": contact["id"], "input": {"tags": ["BETA", "never-there"]}},
    )
    assert [t["name"] for t in removed["contact"]["tags"]] == ["Wholesale"]
    assert ("tags", ["Beta", "Wholesale"], ["Wholesale"]) in await changes(gql, org, contact["id"])


async def test_field_values_are_checked_against_their_field(gql, pg, org):
    contact = await new_contact(gql, org)
    done = await run(
        gql,
        org.writers[ADMIN],
        FIELDS_SET,
        {
            "id": contact["id"],
            "input": {
                "values": [
                    {"key": "industry", "value": "Retail"},
                    {"key": "next_contact", "value": "2027-01-15"},
                ]
            },
        },
    )
    values = {f["key"]: f["value"] for f in done["contact"]["fields"]}
    assert (values["industry"], values["next_contact"]) == ("Retail", "2027-01-15")
    await pg.execute(
        "UPDATE custom_fields SET required = true WHERE workspace_id = $1 AND key = 'industry'",
        org.workspace_id,
    )
    try:
        before = await fingerprint(pg, org.workspace_id)
        refused = await run(
            gql,
            org.writers[ADMIN],
            FIELDS_SET,
            {"id": contact["id"], "input": {"values": [{"key": "industry", "value": None}]}},
        )
        assert codes(refused) == [("input.values.0.value", "REQUIRED_FIELD")]
        created = await run(gql, org.writers[ADMIN], CREATE, {"input": {"firstName": "No industry"}})
        assert codes(created) == [("input.fields", "REQUIRED_FIELD")]
        assert await fingerprint(pg, org.workspace_id) == before
    finally:
        await pg.execute(
            "UPDATE custom_fields SET required = false WHERE workspace_id = $1 AND key = 'industry'",
            org.workspace_id,
        )
    unset = await run(
        gql,
        org.writers[ADMIN],
        FIELDS_SET,
        {"id": contact["id"], "input": {"values": [{"key": "industry", "value": None}]}},
    )
    assert {f["key"]: f["value"] for f in unset["contact"]["fields"]}["industry"] is None
    assert ("fields.industry", "Retail", None) in await changes(gql, org, contact["id"])


async def test_duplicate_copies_the_identity(gql, org):
    contact = await new_contact(
        gql,
        org,
        lastName="Copy",
        emails=["old@example.es", "copy@example.es"],
        tags=["Twin"],
        fields=[{"key": "budget", "value": 7}],
    )
    # The second email is made primary: the copy keeps that one primary, not the first by position.
    second = contact["emails"][1]["id"]
    await run(gql, org.writers[ADMIN], CHANNEL_PRIMARY, {"input": {"channelId": second}})
    copy = await run(gql, org.writers[ADMIN], DUPLICATE, {"id": contact["id"]})
    made = copy["contact"]
    assert made["id"] != contact["id"]
    assert (made["name"], made["primaryEmail"], made["tags"]) == (
        "Ana Copy",
        "copy@example.es",
        [{"name": "Twin"}],
    )
    assert {f["key"]: f["value"] for f in made["fields"]}["budget"] == 7


DIRECTORY = "{ users { id name group { id name } } groups { id name parent { name } } }"


async def test_assignment_ids_come_from_the_users_and_groups_lists(gql, org):
    """What a client needs to fill assignedToId and groupId: the workspace's users and groups."""
    listed = (await gql(DIRECTORY, org.readers[ADMIN]))["data"]
    groups = {g["name"]: g for g in listed["groups"]}
    assert groups["Inbound"]["parent"] == {"name": "Sales"}
    assert {u["name"] for u in listed["users"]} >= {"Ada Admin", "Marta Manager"}
    agent = next(u for u in listed["users"] if u["id"] == org.user(AGENT))
    assert agent["group"]["name"] == "Inbound"
    contact = await new_contact(gql, org)
    moved = await run(
        gql,
        org.writers[ADMIN],
        "mutation($id: ID!, $input: ContactAssignInput!) { contactAssign(id: $id, input: $input) { contact { assignedTo { id } group { id name } } userErrors { code } } }",
        {"id": contact["id"], "input": {"assignedToId": None, "groupId": groups["Outbound"]["id"]}},
    )
    assert moved == {
        "contact": {"assignedTo": None, "group": {"id": groups["Outbound"]["id"], "name": "Outbound"}},
        "userErrors": [],
    }
    node = await gql(
        "query($id: ID!) { node(id: $id) { ... on Group { name } } }",
        org.readers[AGENT],
        {"id": groups["Outbound"]["id"]},
    )
    assert node["data"]["node"] == {"name": "Outbound"}
