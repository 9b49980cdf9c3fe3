"""Writes racing each other: what is promised unique stays unique, what is promised idempotent stays so."""

from __future__ import annotations

import asyncio

import pytest

from tests.writing import ADMIN, make_org, run

CREATE = "mutation($input: ContactCreateInput!) { contactCreate(input: $input) { contact { id } userErrors { code } } }"
TAGS = "mutation($id: ID!, $input: ContactTagsInput!) { contactTagsAdd(id: $id, input: $input) { contact { tags { name } } userErrors { code } } }"
CALL = "mutation($input: CallLogInput!) { callLog(input: $input) { call { id } userErrors { code } } }"
PAYMENT = "mutation($input: PaymentRecordInput!) { paymentRecord(input: $input) { payment { id } userErrors { code } } }"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Races", contacts=3)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def contacts(gql, org, n):
    return [
        (await run(gql, org.writers[ADMIN], CREATE, {"input": {"firstName": f"R{i}"}}))["contact"]["id"]
        for i in range(n)
    ]


async def test_one_new_tag_tagged_at_once_on_many_contacts_is_one_tag(gql, pg, org):
    ids = await contacts(gql, org, 6)
    spellings = ["Hot lead", "HOT LEAD", "hot lead"]
    payloads = await asyncio.gather(
        *(
            run(gql, org.writers[ADMIN], TAGS, {"id": cid, "input": {"tags": [spellings[i % 3]]}})
            for i, cid in enumerate(ids)
        )
    )
    assert all(p["userErrors"] == [] for p in payloads)
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM tags WHERE workspace_id = $1 AND name_key = 'hot lead'", org.workspace_id
        )
        == 1
    )
    assert {p["contact"]["tags"][0]["name"] for p in payloads} == {payloads[0]["contact"]["tags"][0]["name"]}


async def test_a_call_and_a_payment_retried_at_once_are_written_once(gql, pg, org):
    (cid,) = await contacts(gql, org, 1)
    call = {
        "contactId": cid,
        "direction": "INCOMING",
        "status": "MISSED",
        "startedAt": "2026-11-30T10:00:00Z",
        "externalId": "race-1",
    }
    payment = {
        "contactId": cid,
        "amount": {"amount": "5", "currency": "EUR"},
        "provider": "stripe",
        "status": "PAID",
        "externalId": "race-1",
    }
    calls = await asyncio.gather(*(run(gql, org.writers[ADMIN], CALL, {"input": call}) for _ in range(5)))
    payments = await asyncio.gather(
        *(run(gql, org.writers[ADMIN], PAYMENT, {"input": payment}) for _ in range(5))
    )
    assert len({p["call"]["id"] for p in calls}) == 1
    assert len({p["payment"]["id"] for p in payments}) == 1
    ws = org.workspace_id
    assert (
        await pg.fetchval("SELECT count(*) FROM calls WHERE workspace_id = $1 AND external_id = 'race-1'", ws)
        == 1
    )
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM payments WHERE workspace_id = $1 AND external_id = 'race-1'", ws
        )
        == 1
    )
