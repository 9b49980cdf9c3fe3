"""Duplicates, merges and GDPR erasure: a dry run writes nothing and reports exactly what the real run does."""

from __future__ import annotations

import base64

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, AGENT2, MANAGER, codes, fingerprint, make_org, pk_of, run

ERRORS = "userErrors { field code message }"
CREATE = f"mutation($input: ContactCreateInput!) {{ contactCreate(input: $input) {{ contact {{ id }} {ERRORS} }} }}"
DEAL = f"mutation($input: DealCreateInput!) {{ dealCreate(input: $input) {{ deal {{ id }} {ERRORS} }} }}"
COMMENT = (
    f"mutation($input: CommentAddInput!) {{ commentAdd(input: $input) {{ comment {{ id }} {ERRORS} }} }}"
)
CONSENT = (
    f"mutation($input: ConsentSetInput!) {{ consentSet(input: $input) {{ consent {{ id }} {ERRORS} }} }}"
)
CALL = f"mutation($input: CallLogInput!) {{ callLog(input: $input) {{ call {{ id }} {ERRORS} }} }}"
ENROLL = f"mutation($input: EnrollmentCreateInput!) {{ enrollmentCreate(input: $input) {{ enrollment {{ id }} {ERRORS} }} }}"
DUPLICATES = "query($id: ID!) { contactDuplicates(contactId: $id) { score reasons contact { id name } } }"
SUMMARY = "history deals tasks payments paymentLinks calls courses timeline consents emails phones messengers tags companies fields"
MERGE = f"mutation($input: ContactMergeInput!) {{ contactMerge(input: $input) {{ dryRun moved {{ {SUMMARY} }} contact {{ id name primaryEmail emails {{ value isPrimary }} phones {{ value }} tags {{ name }} }} {ERRORS} }} }}"
ERASED = "history deals tasks payments paymentLinks calls courses timeline consents channels exports"
FORGET = f"mutation($input: ContactForgetInput!) {{ contactForget(input: $input) {{ forgottenContactIds dryRun erased {{ {ERASED} }} {ERRORS} }} }}"
EXPORT = "query($id: ID!) { contactExport(contactId: $id) }"
READ = "query($id: ID!) { contact(id: $id) { id } node(id: $id) { id } }"
WHEN = "2026-11-30T10:15:00Z"


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Merge writes", contacts=10)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def person(gql, org, who=ADMIN, **fields):
    payload = await run(gql, org.writers[who], CREATE, {"input": fields})
    assert payload["userErrors"] == [], payload
    return payload["contact"]["id"]


async def busy_person(gql, pg, org, name, email, *, course=None):
    """A contact with something on every kind of tab."""
    first, last = name.split()
    contact = await person(
        gql, org, firstName=first, lastName=last, emails=[email], phones=["+34 612 00 00 01"], tags=["Lead"]
    )
    token = org.writers[ADMIN]
    await run(gql, token, DEAL, {"input": {"name": f"Deal of {name}", "contactIds": [contact]}})
    await run(gql, token, COMMENT, {"input": {"contactId": contact, "body": f"Met {name}"}})
    await run(
        gql,
        token,
        CONSENT,
        {"input": {"contactId": contact, "channel": "EMAIL", "state": "GRANTED", "source": "form"}},
    )
    await run(
        gql,
        token,
        CALL,
        {"input": {"contactId": contact, "direction": "INCOMING", "status": "MISSED", "startedAt": WHEN}},
    )
    if course is not None:
        await run(gql, token, ENROLL, {"input": {"contactId": contact, "courseId": course}})
    return contact


async def test_duplicates_by_channel_and_by_name(gql, org):
    ana = await person(gql, org, firstName="Ana", lastName="Beltrán", emails=["ana.dup@example.es"])
    same_email = await person(gql, org, firstName="A.", lastName="B.", emails=["ANA.DUP@example.es"])
    similar = await person(gql, org, firstName="Ana", lastName="Beltran")
    other = await person(gql, org, firstName="Zoltan", lastName="Kovacs")
    body = await gql(DUPLICATES, org.writers[ADMIN], {"id": ana})
    found = {d["contact"]["id"]: (d["score"], d["reasons"]) for d in body["data"]["contactDuplicates"]}
    assert found[same_email] == (1.0, ["EMAIL"])
    assert found[similar][1] == ["NAME"]
    assert 0.5 <= found[similar][0] < 1
    assert other not in found
    assert ana not in found
    # The list is ordered: shared channels first.
    assert body["data"]["contactDuplicates"][0]["contact"]["id"] == same_email
    # Someone the viewer cannot see is neither asked about nor shown.
    assert (await gql(DUPLICATES, org.writers[AGENT2], {"id": ana}))["data"]["contactDuplicates"] is None


async def test_a_merge_dry_run_reports_what_the_merge_then_moves(gql, pg, org):
    course = global_id(
        "Course", await pg.fetchval("SELECT min(id) FROM courses WHERE workspace_id = $1", org.workspace_id)
    )
    target = await busy_person(gql, pg, org, "Maria Souza", "maria@example.br", course=course)
    source = await busy_person(gql, pg, org, "Maria Sousa", "maria.s@example.br", course=course)
    other = await busy_person(gql, pg, org, "Mary Souza", "maria@example.br")
    before = await fingerprint(pg, org.workspace_id)
    dry = await run(
        gql,
        org.writers[ADMIN],
        MERGE,
        {"input": {"targetId": target, "sourceIds": [source, other], "dryRun": True}},
    )
    assert dry["userErrors"] == []
    assert dry["dryRun"] is True
    assert await fingerprint(pg, org.workspace_id) == before
    real = await run(
        gql, org.writers[ADMIN], MERGE, {"input": {"targetId": target, "sourceIds": [source, other]}}
    )
    assert real["dryRun"] is False
    assert real["moved"] == dry["moved"]
    moved = real["moved"]
    # Both sources' deals, comments (+ their change events), calls and consents moved; the shared course once.
    assert (moved["deals"], moved["calls"], moved["consents"], moved["courses"]) == (2, 2, 2, 0)
    assert moved["emails"] == 1  # maria.s@; the other's maria@ is the target's own
    assert moved["phones"] == 0  # the same number everywhere
    assert moved["tags"] == 0
    assert moved["history"] > 4
    contact = real["contact"]
    assert contact["primaryEmail"] == "maria@example.br"
    assert [(e["value"], e["isPrimary"]) for e in contact["emails"]] == [
        ("maria@example.br", True),
        ("maria.s@example.br", False),
    ]
    for gone in (source, other):
        assert (await gql(READ, org.writers[ADMIN], {"id": gone}))["data"] == {"contact": None, "node": None}
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM deal_contacts WHERE workspace_id = $1 AND contact_id = $2",
            org.workspace_id,
            pk_of(target),
        )
        == 3
    )


async def test_merge_refuses_bad_ids_and_contacts_out_of_sight(gql, pg, org):
    mine = await person(gql, org, AGENT, firstName="Mine")
    theirs = await person(gql, org, AGENT2, firstName="Theirs")
    before = await fingerprint(pg, org.workspace_id)
    cases = [
        ({"targetId": mine, "sourceIds": []}, [("input.sourceIds", "TOO_MANY")]),
        ({"targetId": mine, "sourceIds": [mine]}, [("input.sourceIds", "INVALID_VALUE")]),
        ({"targetId": mine, "sourceIds": [theirs, theirs]}, [("input.sourceIds", "INVALID_VALUE")]),
        ({"targetId": mine, "sourceIds": [theirs]}, [("input.sourceIds.0", "NOT_FOUND")]),
        ({"targetId": theirs, "sourceIds": [mine]}, [("input.targetId", "NOT_FOUND")]),
    ]
    for merge_input, expected in cases:
        assert codes(await run(gql, org.writers[AGENT], MERGE, {"input": merge_input})) == expected
    assert codes(
        await run(gql, org.readers[ADMIN], MERGE, {"input": {"targetId": mine, "sourceIds": [theirs]}})
    ) == [(None, "FORBIDDEN")]
    assert await fingerprint(pg, org.workspace_id) == before


async def test_forget_erases_everything_and_a_dry_run_says_exactly_what(gql, pg, org):
    shared_deal_partner = await person(gql, org, firstName="Partner")
    gone = await busy_person(gql, pg, org, "Olga Ivanova", "olga@example.ru")
    merged = await busy_person(gql, pg, org, "Olga Ivanova-Petrova", "olga.p@example.ru")
    await run(gql, org.writers[ADMIN], MERGE, {"input": {"targetId": gone, "sourceIds": [merged]}})
    await run(
        gql,
        org.writers[ADMIN],
        DEAL,
        {"input": {"name": "Shared", "contactIds": [gone, shared_deal_partner]}},
    )
    await run(
        gql,
        org.writers[ADMIN],
        COMMENT,
        {"input": {"contactId": gone, "body": "ping", "mentionIds": [org.user(MANAGER)]}},
    )
    export = (await gql(EXPORT, org.writers[AGENT], {"id": gone}))["data"]["contactExport"]
    assert export is None  # the agent does not see the admin's contact
    export = (await gql(EXPORT, org.writers[ADMIN], {"id": gone}))["data"]["contactExport"]
    assert export["contact"]["id"] == gone
    assert export["contact"]["firstName"] == "Olga"
    assert export["contact"]["assignedUserId"] == org.user(
        ADMIN
    )  # references as global ids, as the API has them
    assert all(
        set(d) >= {"id", "stageId", "pipelineId", "responsibleUserId", "closeReason"} for d in export["deals"]
    )
    assert [c["id"] for c in export["calls"]] == [global_id("Call", pk_of(c["id"])) for c in export["calls"]]
    assert all(base64.urlsafe_b64decode(c["id"] + "==").startswith(b"Call:") for c in export["calls"])
    assert {c["normalized"] for c in export["channels"]} >= {"olga@example.ru", "olga.p@example.ru"}
    assert {d["name"] for d in export["deals"]} == {
        "Deal of Olga Ivanova",
        "Deal of Olga Ivanova-Petrova",
        "Shared",
    }
    assert [t["name"] for t in export["tags"]] == ["Lead"]
    assert len(export["calls"]) == 2
    assert export["consents"][0]["state"] == "GRANTED"
    assert all(isinstance(d["amount"], str) for d in export["deals"])  # money as decimal strings

    csv = (
        "mutation($i: ContactsExportInput!) { contactsExport(input: $i) { job { id } userErrors { code } } }"
    )
    await run(gql, org.writers[ADMIN], csv, {"i": {"selection": {"ids": [gone]}}})  # a CSV that holds her
    before = await fingerprint(pg, org.workspace_id)
    assert codes(await run(gql, org.writers[MANAGER], FORGET, {"input": {"contactId": gone}})) == [
        (None, "FORBIDDEN")
    ]
    dry = await run(gql, org.writers[ADMIN], FORGET, {"input": {"contactId": gone, "dryRun": True}})
    assert dry["userErrors"] == []
    assert await fingerprint(pg, org.workspace_id) == before
    real = await run(gql, org.writers[ADMIN], FORGET, {"input": {"contactId": gone}})
    assert real["erased"] == dry["erased"]
    assert real["forgottenContactIds"] == dry["forgottenContactIds"] == [gone, merged]
    assert real["erased"]["deals"] == 3
    assert real["erased"]["calls"] == 2
    assert real["erased"]["exports"] >= 1
    kept = "SELECT count(*) FROM jobs WHERE workspace_id = $1 AND kind = 'EXPORT'"
    assert await pg.fetchval(kept, org.workspace_id) == 0
    ws = org.workspace_id
    for contact_id in (gone, merged):
        assert (await gql(READ, org.writers[ADMIN], {"id": contact_id}))["data"] == {
            "contact": None,
            "node": None,
        }
        assert (
            await pg.fetchval(
                "SELECT count(*) FROM contact_tombstones WHERE workspace_id = $1 AND contact_id = $2",
                ws,
                pk_of(contact_id),
            )
            == 1
        )
    # Nothing about her is left: no rows in any tab, her deals gone but the shared one (without her), no notification.
    for table in (
        "contact_channels",
        "history_entries",
        "calls",
        "consents",
        "deal_contacts",
        "timeline_events",
        "payments",
    ):
        left = await pg.fetchval(
            f"SELECT count(*) FROM {table} WHERE workspace_id = $1 AND contact_id = ANY($2::bigint[])",  # noqa: S608  (table names from the tuple above)
            ws,
            [pk_of(gone), pk_of(merged)],
        )
        assert left == 0, table
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM deals WHERE workspace_id = $1 AND name LIKE 'Deal of Olga%'", ws
        )
        == 0
    )
    assert (
        await pg.fetchval("SELECT count(*) FROM deals WHERE workspace_id = $1 AND name = 'Shared'", ws) == 1
    )
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM notifications WHERE workspace_id = $1 AND payload->>'contactId' = $2",
            ws,
            gone,
        )
        == 0
    )
    audit = await pg.fetchrow(
        "SELECT author_id, after FROM history_entries WHERE workspace_id = $1 AND field = 'contactForgotten'",
        ws,
    )
    assert audit["author_id"] == org.users[ADMIN]
    assert "Olga" not in audit["after"]
    assert codes(await run(gql, org.writers[ADMIN], FORGET, {"input": {"contactId": gone}})) == [
        ("input.contactId", "NOT_FOUND")
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Ana Beltrán", "Ana Beltran", 0.6),
        ("Ana Beltrán", "ana beltrán", 1.0),
        ("Jon Smith", "John Smith", 0.615385),
        ("María-José", "Maria Jose", 0.375),
        ("Иван Петров", "Ivan Petrov", 0.0),
        ("", "x", 0.0),
    ],
)
async def test_name_similarity_is_pg_trgms_on_every_server(pg, a, b, expected):
    """pg_trgm's `similarity` where the server has it, the plain-SQL one elsewhere: the same numbers (these
    were read off pg_trgm 1.6). CI runs this on both kinds of server."""
    assert await pg.fetchval("SELECT contactcard_name_similarity($1, $2)", a, b) == pytest.approx(
        expected, abs=1e-6
    )
