"""The issue's bad input, across domains: a user of another workspace, strings over their limits, lists over
their caps, a contact out of scope. Each is a user error naming the field, and nothing is written."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, AGENT2, codes, fingerprint, make_org, run

ERRORS = "userErrors { field code }"
CONTACT = f"mutation($input: ContactCreateInput!) {{ contactCreate(input: $input) {{ contact {{ id }} {ERRORS} }} }}"
ASSIGN = f"mutation($id: ID!, $input: ContactAssignInput!) {{ contactAssign(id: $id, input: $input) {{ {ERRORS} }} }}"
COMMENT = f"mutation($input: CommentAddInput!) {{ commentAdd(input: $input) {{ {ERRORS} }} }}"
DEAL = f"mutation($input: DealCreateInput!) {{ dealCreate(input: $input) {{ {ERRORS} }} }}"
TASK = f"mutation($input: TaskCreateInput!) {{ taskCreate(input: $input) {{ {ERRORS} }} }}"
PAYMENT = f"mutation($input: PaymentRecordInput!) {{ paymentRecord(input: $input) {{ {ERRORS} }} }}"
CONSENT = f"mutation($input: ConsentSetInput!) {{ consentSet(input: $input) {{ {ERRORS} }} }}"
FIELDS = f"mutation($id: ID!, $input: ContactFieldsSetInput!) {{ contactFieldsSet(id: $id, input: $input) {{ {ERRORS} }} }}"
TAGS = f"mutation($id: ID!, $input: ContactTagsInput!) {{ contactTagsAdd(id: $id, input: $input) {{ {ERRORS} }} }}"
INGEST = (
    f"mutation($input: TimelineEventsIngestInput!) {{ timelineEventsIngest(input: $input) {{ {ERRORS} }} }}"
)
MONEY = {"amount": "10", "currency": "EUR"}


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Bad input", contacts=5)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


@pytest.fixture(scope="module")
async def target(gql, org):
    """A contact of the agent's (agent2, in another team, cannot see it)."""
    return (await run(gql, org.writers[AGENT], CONTACT, {"input": {"firstName": "Target"}}))["contact"]["id"]


@pytest.fixture(scope="module")
async def stranger(pg):
    """A user of another workspace (the demo's admin)."""
    pk = await pg.fetchval(
        "SELECT u.id FROM users u JOIN workspaces w ON w.id = u.workspace_id WHERE w.name = 'Demo' AND u.email = $1",
        ADMIN,
    )
    return global_id("User", pk)


CASES = [
    # (name, document, variables given the target and the stranger, expected)
    (
        "assignee of another workspace",
        ASSIGN,
        lambda t, s: {"id": t, "input": {"assignedToId": s}},
        [("input.assignedToId", "UNKNOWN_USER")],
    ),
    (
        "mention of another workspace",
        COMMENT,
        lambda t, s: {"input": {"contactId": t, "body": "hi", "mentionIds": [s]}},
        [("input.mentionIds.0", "UNKNOWN_USER")],
    ),
    (
        "responsible of another workspace",
        DEAL,
        lambda t, s: {"input": {"name": "D", "contactIds": [t], "responsibleId": s}},
        [("input.responsibleId", "UNKNOWN_USER")],
    ),
    (
        "task assignee of another workspace",
        TASK,
        lambda t, s: {"input": {"title": "T", "contactIds": [t], "assigneeId": s}},
        [("input.assigneeId", "UNKNOWN_USER")],
    ),
    (
        "deal name over 300",
        DEAL,
        lambda t, s: {"input": {"name": "d" * 301, "contactIds": [t]}},
        [("input.name", "TOO_LONG")],
    ),
    (
        "deal with 51 contacts",
        DEAL,
        lambda t, s: {"input": {"name": "D", "contactIds": [t] * 51}},
        [("input.contactIds", "TOO_MANY")],
    ),
    (
        "task title over 300",
        TASK,
        lambda t, s: {"input": {"title": "t" * 301, "contactIds": [t]}},
        [("input.title", "TOO_LONG")],
    ),
    (
        "task with no contact",
        TASK,
        lambda t, s: {"input": {"title": "T", "contactIds": []}},
        [("input.contactIds", "INVALID_VALUE")],
    ),
    (
        "payment description over 2000",
        PAYMENT,
        lambda t, s: {
            "input": {
                "contactId": t,
                "amount": MONEY,
                "provider": "p",
                "status": "PAID",
                "description": "x" * 2001,
            }
        },
        [("input.description", "TOO_LONG")],
    ),
    (
        "payment amount of 3 decimals",
        PAYMENT,
        lambda t, s: {
            "input": {
                "contactId": t,
                "amount": {"amount": "0.001", "currency": "EUR"},
                "provider": "p",
                "status": "PAID",
            }
        },
        [("input.amount.amount", "INVALID_AMOUNT")],
    ),
    (
        "consent note over 2000",
        CONSENT,
        lambda t, s: {
            "input": {"contactId": t, "channel": "SMS", "state": "GRANTED", "source": "s", "note": "x" * 2001}
        },
        [("input.note", "TOO_LONG")],
    ),
    (
        "251 field values",
        FIELDS,
        lambda t, s: {"id": t, "input": {"values": [{"key": "budget", "value": 1}] * 251}},
        [("input.values", "TOO_MANY")],
    ),
    (
        "a tag over 100",
        TAGS,
        lambda t, s: {"id": t, "input": {"tags": ["x" * 101]}},
        [("input.tags.0", "INVALID_VALUE")],
    ),
    (
        "first name over 200",
        CONTACT,
        lambda t, s: {"input": {"firstName": "x" * 201}},
        [("input.firstName", "TOO_LONG")],
    ),
    # PostgreSQL's text and jsonb cannot hold U+0000: refused with the path, before anything runs.
    (
        "a NUL in a name",
        CONTACT,
        lambda t, s: {"input": {"firstName": "A\u0000B"}},
        [("input.firstName", "INVALID_VALUE")],
    ),
    (
        "a NUL in an email",
        CONTACT,
        lambda t, s: {"input": {"emails": ["ok@x.es", "a\u0000@x.es"]}},
        [("input.emails.1", "INVALID_VALUE")],
    ),
    (
        "a NUL in a field value",
        FIELDS,
        lambda t, s: {"id": t, "input": {"values": [{"key": "notes", "value": "a\u0000"}]}},
        [("input.values.0.value", "INVALID_VALUE")],
    ),
    (
        "a NUL in a comment",
        COMMENT,
        lambda t, s: {"input": {"contactId": t, "body": "hi\u0000"}},
        [("input.body", "INVALID_VALUE")],
    ),
    (
        "a NUL in an event's properties",
        INGEST,
        lambda t, s: {
            "input": {
                "events": [
                    {
                        "eventId": "e1",
                        "contactId": t,
                        "type": "VISIT",
                        "occurredAt": "2026-11-30T10:00:00Z",
                        "properties": {"k\u0000": 1},
                    }
                ]
            }
        },
        [("input.events.0.properties.k\u0000", "INVALID_VALUE")],
    ),
    (
        "an event before 1970",
        INGEST,
        lambda t, s: {
            "input": {
                "events": [
                    {"eventId": "e2", "contactId": t, "type": "VISIT", "occurredAt": "0001-01-01T00:00:00Z"}
                ]
            }
        },
        [("input.events.0.occurredAt", "OUT_OF_RANGE")],
    ),
    (
        "51 emails",
        CONTACT,
        lambda t, s: {"input": {"emails": [f"a{i}@x.es" for i in range(51)]}},
        [("input.emails.50", "TOO_MANY")],
    ),
]


@pytest.mark.parametrize(("name", "document", "variables", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_is_a_user_error_and_writes_nothing(
    gql, pg, org, target, stranger, name, document, variables, expected
):
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(gql, org.writers[AGENT], document, variables(target, stranger))
    assert codes(payload) == expected, name
    assert await fingerprint(pg, org.workspace_id) == before


@pytest.mark.parametrize(
    ("name", "document", "variables", "expected"),
    CASES[:4] + CASES[8:11],
    ids=[c[0] for c in CASES[:4] + CASES[8:11]],
)
async def test_a_contact_out_of_scope_looks_like_none(
    gql, pg, org, target, stranger, name, document, variables, expected
):
    """agent2 cannot see the target: whatever else is wrong, the contact is NOT_FOUND, as a made-up id is."""
    before = await fingerprint(pg, org.workspace_id)
    for contact in (target, global_id("Contact", 999_999_999)):
        payload = await run(gql, org.writers[AGENT2], document, variables(contact, stranger))
        assert "NOT_FOUND" in [code for _, code in codes(payload)], name
    assert await fingerprint(pg, org.workspace_id) == before
