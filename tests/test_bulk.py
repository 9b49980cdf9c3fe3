"""Bulk actions on a selection of contacts: all or nothing, the same contacts the list shows for the filter,
a change event on each contact changed."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, AGENT2, codes, fingerprint, make_org, pk_of, run

ERRORS = "changedCount changedIds userErrors { field code message }"
CLOSE = f"mutation($input: ContactsCloseInput!) {{ contactsClose(input: $input) {{ {ERRORS} }} }}"
TRANSFER = f"mutation($input: ContactsTransferInput!) {{ contactsTransfer(input: $input) {{ {ERRORS} }} }}"
TAG = f"mutation($input: ContactsTagsInput!) {{ contactsTagsAdd(input: $input) {{ {ERRORS} }} }}"
UNTAG = f"mutation($input: ContactsTagsInput!) {{ contactsTagsRemove(input: $input) {{ {ERRORS} }} }}"
DELETE = f"mutation($input: ContactsDeleteInput!) {{ contactsDelete(input: $input) {{ {ERRORS} }} }}"
CREATE = "mutation($input: ContactCreateInput!) { contactCreate(input: $input) { contact { id } } }"
LIST = "query($f: ContactFilter) { contacts(filter: $f, first: 100) { totalCount nodes { id } } }"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Bulk", contacts=260)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def people(gql, org, n, who=ADMIN, **fields):
    return [
        (await run(gql, org.writers[who], CREATE, {"input": {"firstName": f"Bulk{i}", **fields}}))["contact"][
            "id"
        ]
        for i in range(n)
    ]


async def listed(gql, org, filter_, who=ADMIN):
    return {n["id"] for n in (await gql(LIST, org.writers[who], {"f": filter_}))["data"]["contacts"]["nodes"]}


async def test_close_by_ids_changes_each_open_one_and_records_it(gql, pg, org):
    ids = await people(gql, org, 3)
    await run(
        gql, org.writers[ADMIN], CLOSE, {"input": {"selection": {"ids": ids[:1]}, "reason": "No budget"}}
    )
    done = await run(
        gql, org.writers[ADMIN], CLOSE, {"input": {"selection": {"ids": ids}, "reason": "No budget"}}
    )
    assert (done["changedCount"], sorted(done["changedIds"])) == (2, sorted(ids[1:]))
    rows = await pg.fetch(
        "SELECT status, close_reason FROM contacts WHERE workspace_id = $1 AND id = ANY($2::bigint[])",
        org.workspace_id,
        [pk_of(i) for i in ids],
    )
    assert {(r["status"], r["close_reason"]) for r in rows} == {("CLOSED", "No budget")}
    events = await pg.fetchval(
        "SELECT count(*) FROM history_entries WHERE workspace_id = $1 AND contact_id = ANY($2::bigint[]) AND field = 'status'",
        org.workspace_id,
        [pk_of(i) for i in ids],
    )
    assert events == 3


async def test_a_bulk_action_on_a_filter_acts_on_what_the_list_shows(gql, org):
    ids = await people(gql, org, 4, tags=["Campaign X"])
    selection = {"filter": {"tags": {"any": ["campaign x"]}}}
    before = await listed(gql, org, selection["filter"])
    assert before == set(ids)
    moved = await run(
        gql,
        org.writers[ADMIN],
        TRANSFER,
        {"input": {"selection": selection, "assignedToId": org.user(AGENT)}},
    )
    assert set(moved["changedIds"]) == before
    assert (
        await listed(gql, org, {"assignedTo": {"userIds": [org.user(AGENT)]}, **selection["filter"]})
        == before
    )
    untagged = await run(
        gql, org.writers[ADMIN], UNTAG, {"input": {"selection": selection, "tags": ["CAMPAIGN X"]}}
    )
    assert untagged["changedCount"] == 4
    assert await listed(gql, org, selection["filter"]) == set()
    tagged = await run(
        gql,
        org.writers[ADMIN],
        TAG,
        {"input": {"selection": {"ids": ids}, "tags": ["Campaign Y", "campaign y"]}},
    )
    assert tagged["changedCount"] == 4
    deleted = await run(
        gql,
        org.writers[ADMIN],
        DELETE,
        {"input": {"selection": {"filter": {"tags": {"all": ["Campaign Y"]}}}}},
    )
    assert set(deleted["changedIds"]) == set(ids)
    assert await listed(gql, org, {"tags": {"any": ["Campaign Y"]}}) == set()


async def test_refusals_write_nothing(gql, pg, org):
    mine = await people(gql, org, 2, who=AGENT)
    theirs = await people(gql, org, 1, who=AGENT2)
    before = await fingerprint(pg, org.workspace_id)
    cases = [
        (
            CLOSE,
            {"selection": {"ids": mine, "filter": {"status": "OPEN"}}},
            [("input.selection", "INVALID_VALUE")],
        ),
        (CLOSE, {"selection": {}}, [("input.selection", "INVALID_VALUE")]),
        (CLOSE, {"selection": {"ids": [mine[0]] * 251}}, [("input.selection.ids", "TOO_MANY")]),
        (CLOSE, {"selection": {"ids": [mine[0], theirs[0]]}}, [("input.selection.ids.1", "NOT_FOUND")]),
        (
            CLOSE,
            {"selection": {"ids": [mine[0], global_id("Contact", 999_999)]}},
            [("input.selection.ids.1", "NOT_FOUND")],
        ),
        (
            CLOSE,
            {"selection": {"filter": {"created": {"period": "CUSTOM"}}}},
            [("input.selection.filter", "INVALID_VALUE")],
        ),
        (CLOSE, {"selection": {"ids": mine}, "reason": "x" * 2001}, [("input.reason", "TOO_LONG")]),
        (
            TRANSFER,
            {"selection": {"ids": mine}, "assignedToId": org.user(AGENT2)},
            [("input.assignedToId", "ASSIGNMENT_NOT_ALLOWED")],
        ),
        (TRANSFER, {"selection": {"ids": mine}}, [("input", "INVALID_VALUE")]),
        (TAG, {"selection": {"ids": mine}, "tags": []}, [("input.tags", "INVALID_VALUE")]),
    ]
    for document, bulk_input, expected in cases:
        payload = await run(gql, org.writers[AGENT], document, {"input": bulk_input})
        assert (payload["changedCount"], codes(payload)) == (None, expected), bulk_input
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_selection_of_ids_takes_up_to_250(gql, pg, org):
    """Not the 50 a deal's or task's contacts are capped at."""
    ids = [
        global_id("Contact", r["id"])
        for r in await pg.fetch(
            "SELECT id FROM contacts WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 250",
            org.workspace_id,
        )
    ]
    assert len(ids) == 250
    done = await run(
        gql, org.writers[ADMIN], TAG, {"input": {"selection": {"ids": ids}, "tags": ["Everyone"]}}
    )
    assert (done["userErrors"], done["changedCount"]) == ([], 250)
