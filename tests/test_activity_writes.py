"""What integrations write (calls, payments, links, courses, timeline events, consents): idempotent where
promised, checked, all-or-nothing."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, AGENT2, codes, fingerprint, make_org, run

ERRORS = "userErrors { field code message }"
CONTACT = f"mutation($input: ContactCreateInput!) {{ contactCreate(input: $input) {{ contact {{ id }} {ERRORS} }} }}"
CALL_LOG = f"mutation($input: CallLogInput!) {{ callLog(input: $input) {{ call {{ id direction status duration phoneNumber user {{ id }} }} {ERRORS} }} }}"
PAYMENT = f"mutation($input: PaymentRecordInput!) {{ paymentRecord(input: $input) {{ payment {{ id amount {{ amount currency }} status paidAt externalId }} {ERRORS} }} }}"
LINK = f"mutation($input: PaymentLinkCreateInput!) {{ paymentLinkCreate(input: $input) {{ paymentLink {{ id url amount {{ amount currency }} }} {ERRORS} }} }}"
ENROLL = f"mutation($input: EnrollmentCreateInput!) {{ enrollmentCreate(input: $input) {{ enrollment {{ id progress status blocked completedAt course {{ title }} }} {ERRORS} }} }}"
PROGRESS = f"mutation($id: ID!, $input: EnrollmentProgressInput!) {{ enrollmentUpdateProgress(id: $id, input: $input) {{ enrollment {{ id progress status completedAt }} {ERRORS} }} }}"
BLOCK = f"mutation($input: StudentInput!) {{ studentBlock(input: $input) {{ contact {{ id courses {{ nodes {{ progress status blocked completedAt }} }} }} {ERRORS} }} }}"
UNBLOCK = (
    f"mutation($input: StudentInput!) {{ studentUnblock(input: $input) {{ contact {{ id }} {ERRORS} }} }}"
)
INGEST = f"mutation($input: TimelineEventsIngestInput!) {{ timelineEventsIngest(input: $input) {{ ingested duplicates {ERRORS} }} }}"
CONSENT = f"mutation($input: ConsentSetInput!) {{ consentSet(input: $input) {{ consent {{ id channel state source recordedBy {{ id }} }} {ERRORS} }} }}"
CARD = "query($id: ID!) { contact(id: $id) { calls { totalCount } payments { totalCount } timeline(first: 50) { totalCount nodes { type ... on PurchaseEvent { amount { amount currency } } } } ecommerce { orderCount } consents { channel state source } } }"
WHEN = "2026-11-30T10:15:00Z"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Activity writes", contacts=10)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def contact(gql, org, who=AGENT):
    return (await run(gql, org.writers[who], CONTACT, {"input": {"firstName": "Integrated"}}))["contact"][
        "id"
    ]


async def card(gql, org, contact_id):
    body = await gql(CARD, org.writers[ADMIN], {"id": contact_id})
    assert "errors" not in body, body["errors"]
    return body["data"]["contact"]


async def test_a_call_logged_twice_with_its_external_id_is_one_call(gql, pg, org):
    mine = await contact(gql, org)
    call = {
        "contactId": mine,
        "direction": "INCOMING",
        "status": "ANSWERED",
        "startedAt": WHEN,
        "durationSeconds": 95,
        "phoneNumber": "+34612345678",
        "userId": org.user(AGENT),
        "externalId": "pbx-1",
    }
    first = await run(gql, org.writers[AGENT], CALL_LOG, {"input": call})
    assert first["userErrors"] == []
    assert (first["call"]["duration"], first["call"]["user"]) == (95, {"id": org.user(AGENT)})
    other = await contact(gql, org)
    before = await fingerprint(pg, org.workspace_id)
    again = await run(gql, org.writers[AGENT], CALL_LOG, {"input": call})
    assert again == first
    assert await fingerprint(pg, org.workspace_id) == before
    conflict = await run(gql, org.writers[AGENT], CALL_LOG, {"input": {**call, "contactId": other}})
    assert codes(conflict) == [("input.externalId", "IDEMPOTENCY_CONFLICT")]
    assert await fingerprint(pg, org.workspace_id) == before
    assert (await card(gql, org, mine))["calls"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "MISSED", "durationSeconds": 10}, [("input.durationSeconds", "OUT_OF_RANGE")]),
        ({"durationSeconds": -1}, [("input.durationSeconds", "OUT_OF_RANGE")]),
        ({"startedAt": "2030-01-01T00:00:00Z"}, [("input.startedAt", "OUT_OF_RANGE")]),
        ({"startedAt": "2026-11-30T10:15:00"}, [("input.startedAt", "INVALID_VALUE")]),
        ({"recordingUrl": "ftp://x"}, [("input.recordingUrl", "INVALID_VALUE")]),
        ({"userId": global_id("User", 999_999)}, [("input.userId", "UNKNOWN_USER")]),
        ({"externalId": "x" * 201}, [("input.externalId", "TOO_LONG")]),
        ({"contactId": global_id("Contact", 999_999)}, [("input.contactId", "NOT_FOUND")]),
    ],
)
async def test_call_input_is_checked(gql, pg, org, fields, expected):
    mine = await contact(gql, org)
    before = await fingerprint(pg, org.workspace_id)
    call = {"contactId": mine, "direction": "OUTGOING", "status": "ANSWERED", "startedAt": WHEN, **fields}
    payload = await run(gql, org.writers[AGENT], CALL_LOG, {"input": call})
    assert (payload["call"], codes(payload)) == (None, expected)
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_payment_is_recorded_once_per_provider_and_external_id(gql, pg, org):
    mine = await contact(gql, org)
    payment = {
        "contactId": mine,
        "amount": {"amount": "49.90", "currency": "BRL"},
        "provider": "stripe",
        "status": "PAID",
        "externalId": "pi_1",
    }
    first = await run(gql, org.writers[AGENT], PAYMENT, {"input": payment})
    assert first["userErrors"] == []
    assert first["payment"]["amount"] == {"amount": "49.90", "currency": "BRL"}
    assert first["payment"]["paidAt"] is not None
    before = await fingerprint(pg, org.workspace_id)
    assert await run(gql, org.writers[AGENT], PAYMENT, {"input": payment}) == first
    assert codes(
        await run(
            gql,
            org.writers[AGENT],
            PAYMENT,
            {"input": {**payment, "amount": {"amount": "50", "currency": "BRL"}}},
        )
    ) == [("input.externalId", "IDEMPOTENCY_CONFLICT")]
    assert await fingerprint(pg, org.workspace_id) == before
    # Another provider may use the same id.
    other = await run(gql, org.writers[AGENT], PAYMENT, {"input": {**payment, "provider": "paypal"}})
    assert other["payment"]["id"] != first["payment"]["id"]
    for bad, expected in [
        ({"amount": {"amount": "1.999", "currency": "EUR"}}, [("input.amount.amount", "INVALID_AMOUNT")]),
        ({"amount": {"amount": "1", "currency": "eur"}}, [("input.amount.currency", "INVALID_CURRENCY")]),
        ({"provider": ""}, [("input.provider", "INVALID_VALUE")]),
        ({"dealId": global_id("Deal", 999_999)}, [("input.dealId", "NOT_FOUND")]),
    ]:
        snapshot = await fingerprint(pg, org.workspace_id)
        assert (
            codes(
                await run(
                    gql, org.writers[AGENT], PAYMENT, {"input": {**payment, "externalId": "pi_2", **bad}}
                )
            )
            == expected
        )
        assert await fingerprint(pg, org.workspace_id) == snapshot


async def test_a_payment_link_is_checked(gql, org):
    mine = await contact(gql, org)
    link = {
        "contactId": mine,
        "amount": {"amount": "10", "currency": "USD"},
        "provider": "stripe",
        "url": "https://pay.example/abc",
    }
    made = await run(gql, org.writers[AGENT], LINK, {"input": link})
    assert made["paymentLink"]["amount"] == {"amount": "10.00", "currency": "USD"}
    assert codes(await run(gql, org.writers[AGENT], LINK, {"input": {**link, "url": "javascript:x"}})) == [
        ("input.url", "INVALID_VALUE")
    ]
    assert codes(
        await run(gql, org.writers[AGENT], LINK, {"input": {**link, "expiresAt": "2020-01-01T00:00:00Z"}})
    ) == [("input.expiresAt", "OUT_OF_RANGE")]


async def test_enrollment_progress_completion_and_blocking(gql, pg, org):
    mine = await contact(gql, org)
    course = global_id(
        "Course", await pg.fetchval("SELECT min(id) FROM courses WHERE workspace_id = $1", org.workspace_id)
    )
    enrolled = await run(gql, org.writers[AGENT], ENROLL, {"input": {"contactId": mine, "courseId": course}})
    enrollment = enrolled["enrollment"]
    assert (enrollment["progress"], enrollment["status"], enrollment["blocked"]) == (0, "ACTIVE", False)
    assert codes(
        await run(gql, org.writers[AGENT], ENROLL, {"input": {"contactId": mine, "courseId": course}})
    ) == [("input.courseId", "ALREADY_ENROLLED")]
    assert codes(
        await run(
            gql,
            org.writers[AGENT],
            ENROLL,
            {"input": {"contactId": mine, "courseId": global_id("Course", 999_999)}},
        )
    ) == [("input.courseId", "NOT_FOUND")]
    done = await run(gql, org.writers[AGENT], PROGRESS, {"id": enrollment["id"], "input": {"progress": 100}})
    assert (done["enrollment"]["status"], done["enrollment"]["progress"]) == ("COMPLETED", 100)
    assert done["enrollment"]["completedAt"] is not None
    assert codes(
        await run(gql, org.writers[AGENT], PROGRESS, {"id": enrollment["id"], "input": {"progress": 101}})
    ) == [("input.progress", "OUT_OF_RANGE")]
    # Blocking drops the completion data, and the student can neither progress nor enroll again.
    blocked = await run(gql, org.writers[AGENT], BLOCK, {"input": {"contactId": mine}})
    assert blocked["contact"]["courses"]["nodes"] == [
        {"progress": 0, "status": "ACTIVE", "blocked": True, "completedAt": None}
    ]
    assert codes(
        await run(gql, org.writers[AGENT], PROGRESS, {"id": enrollment["id"], "input": {"progress": 50}})
    ) == [("id", "STUDENT_BLOCKED")]
    other = global_id(
        "Course", await pg.fetchval("SELECT max(id) FROM courses WHERE workspace_id = $1", org.workspace_id)
    )
    assert codes(
        await run(gql, org.writers[AGENT], ENROLL, {"input": {"contactId": mine, "courseId": other}})
    ) == [("input.contactId", "STUDENT_BLOCKED")]
    assert (await run(gql, org.writers[AGENT], UNBLOCK, {"input": {"contactId": mine}}))["userErrors"] == []
    again = await run(gql, org.writers[AGENT], PROGRESS, {"id": enrollment["id"], "input": {"progress": 20}})
    assert again["enrollment"]["progress"] == 20


async def test_timeline_events_are_ingested_once_all_or_none(gql, pg, org):
    mine, other = await contact(gql, org), await contact(gql, org)
    events = [
        {
            "eventId": "ev-1",
            "contactId": mine,
            "type": "VISIT",
            "occurredAt": WHEN,
            "properties": {"page": "/pricing"},
        },
        {
            "eventId": "ev-2",
            "contactId": mine,
            "type": "PURCHASE",
            "occurredAt": WHEN,
            "amount": {"amount": "19.99", "currency": "EUR"},
            "properties": {"orderId": "o-7"},
        },
        {"eventId": "ev-3", "contactId": other, "type": "FORM_SUBMITTED", "occurredAt": WHEN},
    ]
    first = await run(gql, org.writers[ADMIN], INGEST, {"input": {"events": events}})
    assert first == {"ingested": 3, "duplicates": 0, "userErrors": []}
    again = await run(
        gql, org.writers[ADMIN], INGEST, {"input": {"events": [*events, {**events[0], "eventId": "ev-4"}]}}
    )
    assert again == {"ingested": 1, "duplicates": 3, "userErrors": []}
    seen = await card(gql, org, mine)
    assert seen["timeline"]["totalCount"] == 3
    assert seen["ecommerce"]["orderCount"] == 1
    before = await fingerprint(pg, org.workspace_id)
    bad = [
        {"eventId": "ev-5", "contactId": mine, "type": "VISIT", "occurredAt": WHEN},
        {"eventId": "ev-6", "contactId": global_id("Contact", 999_999), "type": "VISIT", "occurredAt": WHEN},
        {
            "eventId": "ev-7",
            "contactId": mine,
            "type": "PURCHASE",
            "occurredAt": WHEN,
            "amount": {"amount": "1.001", "currency": "EUR"},
        },
        {
            "eventId": "ev-8",
            "contactId": mine,
            "type": "VISIT",
            "occurredAt": WHEN,
            "properties": ["not", "an", "object"],
        },
        {"eventId": "", "contactId": mine, "type": "VISIT", "occurredAt": WHEN},
    ]
    refused = await run(gql, org.writers[ADMIN], INGEST, {"input": {"events": bad}})
    assert refused["ingested"] is None
    assert codes(refused) == [
        ("input.events.1.contactId", "NOT_FOUND"),
        ("input.events.2.amount.amount", "INVALID_AMOUNT"),
        ("input.events.3.properties", "INVALID_VALUE"),
        ("input.events.4.eventId", "INVALID_VALUE"),
    ]
    too_many = [{**events[0], "eventId": f"bulk-{i}"} for i in range(251)]
    assert codes(await run(gql, org.writers[ADMIN], INGEST, {"input": {"events": too_many}})) == [
        ("input.events", "TOO_MANY")
    ]
    assert await fingerprint(pg, org.workspace_id) == before


async def test_consent_set_appends_to_the_log(gql, org):
    mine = await contact(gql, org)
    granted = await run(
        gql,
        org.writers[AGENT],
        CONSENT,
        {"input": {"contactId": mine, "channel": "EMAIL", "state": "GRANTED", "source": "web form"}},
    )
    assert granted["consent"]["state"] == "GRANTED"
    withdrawn = await run(
        gql,
        org.writers[AGENT],
        CONSENT,
        {
            "input": {
                "contactId": mine,
                "channel": "EMAIL",
                "state": "WITHDRAWN",
                "source": "unsubscribe link",
            }
        },
    )
    assert withdrawn["consent"]["recordedBy"] == {"id": org.user(AGENT)}
    states = {c["channel"]: (c["state"], c["source"]) for c in (await card(gql, org, mine))["consents"]}
    assert states["EMAIL"] == ("WITHDRAWN", "unsubscribe link")
    assert states["SMS"] == ("UNKNOWN", None)
    assert codes(
        await run(
            gql,
            org.writers[AGENT],
            CONSENT,
            {"input": {"contactId": mine, "channel": "SMS", "state": "GRANTED", "source": " "}},
        )
    ) == [("input.source", "INVALID_VALUE")]
    assert codes(
        await run(
            gql,
            org.writers[AGENT2],
            CONSENT,
            {"input": {"contactId": mine, "channel": "SMS", "state": "GRANTED", "source": "x"}},
        )
    ) == [("input.contactId", "NOT_FOUND")]


async def test_an_event_id_sent_again_for_another_contact_is_a_conflict(gql, pg, org):
    mine, other = await contact(gql, org), await contact(gql, org)
    event = {"eventId": "conflict-1", "contactId": mine, "type": "VISIT", "occurredAt": WHEN}
    assert (await run(gql, org.writers[ADMIN], INGEST, {"input": {"events": [event]}}))["ingested"] == 1
    before = await fingerprint(pg, org.workspace_id)
    fresh = {**event, "eventId": "conflict-2"}
    refused = await run(
        gql, org.writers[ADMIN], INGEST, {"input": {"events": [fresh, {**event, "contactId": other}]}}
    )
    assert codes(refused) == [("input.events.1.eventId", "IDEMPOTENCY_CONFLICT")]
    assert await fingerprint(pg, org.workspace_id) == before  # conflict-2 was rolled back with it
