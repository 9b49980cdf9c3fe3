"""Comments, deals and tasks written from the card: validated, all-or-nothing, seen through their contacts,
and on the contacts' history."""

from __future__ import annotations

import pytest

from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, AGENT2, MANAGER, codes, fingerprint, make_org, run

ERRORS = "userErrors { field code message }"
CONTACT = f"mutation($input: ContactCreateInput!) {{ contactCreate(input: $input) {{ contact {{ id }} {ERRORS} }} }}"
COMMENT = "comment { id body editedAt author { id } mentions { id } }"
COMMENT_ADD = f"mutation($input: CommentAddInput!) {{ commentAdd(input: $input) {{ {COMMENT} {ERRORS} }} }}"
COMMENT_EDIT = f"mutation($id: ID!, $input: CommentEditInput!) {{ commentEdit(id: $id, input: $input) {{ {COMMENT} {ERRORS} }} }}"
COMMENT_DELETE = f"mutation($id: ID!) {{ commentDelete(id: $id) {{ deletedCommentId {ERRORS} }} }}"
DEAL = "deal { id name status closeReason amount { amount currency } stage { id name } pipeline { id } responsible { id } contacts { nodes { id } } }"
DEAL_CREATE = f"mutation($input: DealCreateInput!) {{ dealCreate(input: $input) {{ {DEAL} {ERRORS} }} }}"
DEAL_MOVE = f"mutation($id: ID!, $input: DealMoveStageInput!) {{ dealMoveStage(id: $id, input: $input) {{ {DEAL} {ERRORS} }} }}"
DEAL_CLOSE = f"mutation($id: ID!, $input: DealCloseInput!) {{ dealClose(id: $id, input: $input) {{ {DEAL} {ERRORS} }} }}"
TASK = "task { id title description status dueAt completedAt assignee { id } contacts { nodes { id } } }"
TASK_CREATE = f"mutation($input: TaskCreateInput!) {{ taskCreate(input: $input) {{ {TASK} {ERRORS} }} }}"
TASK_UPDATE = f"mutation($id: ID!, $input: TaskUpdateInput!) {{ taskUpdate(id: $id, input: $input) {{ {TASK} {ERRORS} }} }}"
TASK_COMPLETE = f"mutation($id: ID!) {{ taskComplete(id: $id) {{ {TASK} {ERRORS} }} }}"
TASK_LINK = f"mutation($id: ID!, $input: TaskContactInput!) {{ taskLinkContact(id: $id, input: $input) {{ {TASK} {ERRORS} }} }}"
TASK_UNLINK = f"mutation($id: ID!, $input: TaskContactInput!) {{ taskUnlinkContact(id: $id, input: $input) {{ {TASK} {ERRORS} }} }}"
HISTORY = "query($id: ID!) { contact(id: $id) { dealCount history(first: 50) { nodes { __typename ... on Comment { body } ... on ChangeEvent { field before after } } } } }"
STAGES = (
    "SELECT s.id, s.name, s.pipeline_id FROM pipeline_stages s WHERE s.workspace_id = $1 ORDER BY s.position"
)


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Tab writes", contacts=10)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def contact(gql, org, who=AGENT):
    payload = await run(
        gql, org.writers[who], CONTACT, {"input": {"firstName": "Tab", "lastName": who.split("@")[0]}}
    )
    return payload["contact"]["id"]


async def history(gql, org, contact_id):
    body = await gql(HISTORY, org.writers[ADMIN], {"id": contact_id})
    return body["data"]["contact"]


# -- comments -------------------------------------------------------------------------------------------
async def test_a_comment_notifies_the_mentioned_and_its_author_edits_it(gql, pg, org):
    mine = await contact(gql, org)
    added = await run(
        gql,
        org.writers[AGENT],
        COMMENT_ADD,
        {
            "input": {
                "contactId": mine,
                "body": " Call back on Monday ",
                "mentionIds": [org.user(MANAGER), org.user(AGENT)],
            }
        },
    )
    assert added["userErrors"] == []
    comment = added["comment"]
    assert (comment["body"], comment["author"], comment["editedAt"]) == (
        "Call back on Monday",
        {"id": org.user(AGENT)},
        None,
    )
    assert {m["id"] for m in comment["mentions"]} == {org.user(MANAGER), org.user(AGENT)}
    # The author mentioning themselves is not notified.
    notified = await pg.fetch(
        "SELECT user_id, kind, payload->>'commentId' AS comment FROM notifications WHERE workspace_id = $1",
        org.workspace_id,
    )
    assert [(n["user_id"], n["kind"], n["comment"]) for n in notified] == [
        (org.users[MANAGER], "MENTION", comment["id"])
    ]
    edited = await run(
        gql,
        org.writers[AGENT],
        COMMENT_EDIT,
        {
            "id": comment["id"],
            "input": {"body": "Call back on Tuesday", "mentionIds": [org.user(MANAGER), org.user(ADMIN)]},
        },
    )
    assert edited["comment"]["body"] == "Call back on Tuesday"
    assert edited["comment"]["editedAt"] is not None
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM notifications WHERE workspace_id = $1 AND user_id = $2",
            org.workspace_id,
            org.users[ADMIN],
        )
        == 1
    )
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM notifications WHERE workspace_id = $1 AND user_id = $2",
            org.workspace_id,
            org.users[MANAGER],
        )
        == 1
    )
    before = await fingerprint(pg, org.workspace_id)
    assert codes(
        await run(
            gql, org.writers[MANAGER], COMMENT_EDIT, {"id": comment["id"], "input": {"body": "mine now"}}
        )
    ) == [("id", "NOT_AUTHOR")]
    assert codes(await run(gql, org.writers[MANAGER], COMMENT_DELETE, {"id": comment["id"]})) == [
        ("id", "NOT_AUTHOR")
    ]
    assert codes(await run(gql, org.writers[AGENT2], COMMENT_DELETE, {"id": comment["id"]})) == [
        ("id", "NOT_FOUND")
    ]
    assert await fingerprint(pg, org.workspace_id) == before
    # An admin may delete anyone's comment; the history keeps that it was there.
    deleted = await run(gql, org.writers[ADMIN], COMMENT_DELETE, {"id": comment["id"]})
    assert deleted == {"deletedCommentId": comment["id"], "userErrors": []}
    entries = (await history(gql, org, mine))["history"]["nodes"]
    assert {
        "__typename": "ChangeEvent",
        "field": "comment",
        "before": "Call back on Tuesday",
        "after": None,
    } in entries
    assert all(e["__typename"] != "Comment" for e in entries)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"body": "   "}, [("input.body", "INVALID_VALUE")]),
        ({"body": "x" * 10_001}, [("input.body", "TOO_LONG")]),
        ({"mentionIds": [global_id("User", 999_999)]}, [("input.mentionIds.0", "UNKNOWN_USER")]),
        ({"mentionIds": [global_id("User", 1)] * 51}, [("input.mentionIds", "TOO_MANY")]),
        ({"contactId": global_id("Contact", 999_999)}, [("input.contactId", "NOT_FOUND")]),
    ],
)
async def test_comment_input_is_checked(gql, pg, org, fields, expected):
    mine = await contact(gql, org)
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(
        gql, org.writers[AGENT], COMMENT_ADD, {"input": {"contactId": mine, "body": "ok", **fields}}
    )
    assert (payload["comment"], codes(payload)) == (None, expected)
    assert await fingerprint(pg, org.workspace_id) == before


# -- deals ----------------------------------------------------------------------------------------------
async def test_a_deal_is_created_moved_and_closed(gql, pg, org):
    first, second = await contact(gql, org), await contact(gql, org)
    stages = await pg.fetch(STAGES, org.workspace_id)
    created = await run(
        gql,
        org.writers[AGENT],
        DEAL_CREATE,
        {
            "input": {
                "name": "Annual plan",
                "contactIds": [first, second, first],
                "amount": {"amount": "1250.5", "currency": "EUR"},
            }
        },
    )
    assert created["userErrors"] == []
    deal = created["deal"]
    assert (deal["name"], deal["status"], deal["amount"], deal["stage"]["name"]) == (
        "Annual plan",
        "OPEN",
        {"amount": "1250.50", "currency": "EUR"},
        stages[0]["name"],
    )
    assert deal["responsible"] == {"id": org.user(AGENT)}
    assert [n["id"] for n in deal["contacts"]["nodes"]] == [first, second]
    moved = await run(
        gql,
        org.writers[AGENT],
        DEAL_MOVE,
        {"id": deal["id"], "input": {"stageId": global_id("PipelineStage", stages[2]["id"])}},
    )
    assert moved["deal"]["stage"]["name"] == stages[2]["name"]
    closed = await run(
        gql,
        org.writers[AGENT],
        DEAL_CLOSE,
        {"id": deal["id"], "input": {"outcome": "WON", "reason": "Signed"}},
    )
    assert (closed["deal"]["status"], closed["deal"]["closeReason"]) == ("WON", "Signed")
    before = await fingerprint(pg, org.workspace_id)
    again = await run(
        gql,
        org.writers[AGENT],
        DEAL_MOVE,
        {"id": deal["id"], "input": {"stageId": global_id("PipelineStage", stages[1]["id"])}},
    )
    assert codes(again) == [("id", "DEAL_CLOSED")]
    assert codes(
        await run(gql, org.writers[AGENT2], DEAL_CLOSE, {"id": deal["id"], "input": {"outcome": "LOST"}})
    ) == [("id", "NOT_FOUND")]
    assert await fingerprint(pg, org.workspace_id) == before
    card = await history(gql, org, second)
    assert card["dealCount"] == 1
    fields = [e.get("field") for e in card["history"]["nodes"]]
    assert fields[:3] == ["deal.status", "deal.stage", "deals"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": ""}, [("input.name", "INVALID_VALUE")]),
        ({"amount": {"amount": "10.555", "currency": "EUR"}}, [("input.amount.amount", "INVALID_AMOUNT")]),
        ({"amount": {"amount": "-5", "currency": "EUR"}}, [("input.amount.amount", "INVALID_AMOUNT")]),
        ({"amount": {"amount": "5", "currency": "EURO"}}, [("input.amount.currency", "INVALID_CURRENCY")]),
        ({"amount": {"amount": "5", "currency": "XYZ"}}, [("input.amount.currency", "INVALID_CURRENCY")]),
        ({"contactIds": []}, [("input.contactIds", "INVALID_VALUE")]),
        ({"responsibleId": global_id("User", 999_999)}, [("input.responsibleId", "UNKNOWN_USER")]),
        ({"pipelineId": global_id("Pipeline", 999_999)}, [("input.pipelineId", "UNKNOWN_PIPELINE")]),
        ({"stageId": global_id("PipelineStage", 999_999)}, [("input.stageId", "UNKNOWN_STAGE")]),
    ],
)
async def test_deal_input_is_checked(gql, pg, org, fields, expected):
    mine = await contact(gql, org)
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(
        gql, org.writers[AGENT], DEAL_CREATE, {"input": {"name": "D", "contactIds": [mine], **fields}}
    )
    assert (payload["deal"], codes(payload)) == (None, expected)
    assert await fingerprint(pg, org.workspace_id) == before


async def test_a_stage_of_another_pipeline_and_a_contact_out_of_sight_are_refused(gql, pg, org):
    other = await pg.fetchval(
        "INSERT INTO pipelines (workspace_id, name, position) VALUES ($1, 'Renewals', 1) RETURNING id",
        org.workspace_id,
    )
    foreign = await pg.fetchval(
        "INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, position) VALUES ($1, $2, 'Due', 0) RETURNING id",
        org.workspace_id,
        other,
    )
    mine, theirs = await contact(gql, org), await contact(gql, org, AGENT2)
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(
        gql,
        org.writers[AGENT],
        DEAL_CREATE,
        {
            "input": {
                "name": "D",
                "contactIds": [mine, theirs],
                "stageId": global_id("PipelineStage", foreign),
            }
        },
    )
    assert codes(payload) == [
        ("input.contactIds.1", "NOT_FOUND"),
        ("input.stageId", "STAGE_OF_ANOTHER_PIPELINE"),
    ]
    assert await fingerprint(pg, org.workspace_id) == before
    # In its own pipeline the stage is fine.
    payload = await run(
        gql,
        org.writers[AGENT],
        DEAL_CREATE,
        {
            "input": {
                "name": "Renewal",
                "contactIds": [mine],
                "pipelineId": global_id("Pipeline", other),
                "stageId": global_id("PipelineStage", foreign),
            }
        },
    )
    assert (payload["userErrors"], payload["deal"]["stage"]["name"]) == ([], "Due")


# -- tasks ----------------------------------------------------------------------------------------------
async def test_a_task_is_created_updated_linked_and_completed(gql, pg, org):
    first, second = await contact(gql, org), await contact(gql, org)
    created = await run(
        gql,
        org.writers[AGENT],
        TASK_CREATE,
        {"input": {"title": "Send the offer", "contactIds": [first], "dueAt": "2027-01-10T09:00:00+03:00"}},
    )
    task = created["task"]
    assert (task["title"], task["status"], task["dueAt"], task["assignee"]) == (
        "Send the offer",
        "OPEN",
        "2027-01-10T06:00:00+00:00",
        {"id": org.user(AGENT)},
    )
    updated = await run(
        gql,
        org.writers[AGENT],
        TASK_UPDATE,
        {
            "id": task["id"],
            "input": {"description": "with prices", "assigneeId": org.user(MANAGER), "dueAt": None},
        },
    )
    assert (updated["task"]["description"], updated["task"]["assignee"], updated["task"]["dueAt"]) == (
        "with prices",
        {"id": org.user(MANAGER)},
        None,
    )
    linked = await run(gql, org.writers[AGENT], TASK_LINK, {"id": task["id"], "input": {"contactId": second}})
    assert {n["id"] for n in linked["task"]["contacts"]["nodes"]} == {first, second}
    unlinked = await run(
        gql, org.writers[AGENT], TASK_UNLINK, {"id": task["id"], "input": {"contactId": first}}
    )
    assert [n["id"] for n in unlinked["task"]["contacts"]["nodes"]] == [second]
    before = await fingerprint(pg, org.workspace_id)
    assert codes(
        await run(gql, org.writers[AGENT], TASK_UNLINK, {"id": task["id"], "input": {"contactId": second}})
    ) == [("input.contactId", "LAST_CONTACT")]
    assert codes(
        await run(gql, org.writers[AGENT], TASK_UPDATE, {"id": task["id"], "input": {"title": " "}})
    ) == [("input.title", "INVALID_VALUE")]
    assert codes(
        await run(
            gql,
            org.writers[AGENT],
            TASK_UPDATE,
            {"id": task["id"], "input": {"dueAt": "2027-01-10T09:00:00"}},
        )
    ) == [("input.dueAt", "INVALID_VALUE")]
    assert codes(await run(gql, org.writers[AGENT2], TASK_COMPLETE, {"id": task["id"]})) == [
        ("id", "NOT_FOUND")
    ]
    assert await fingerprint(pg, org.workspace_id) == before
    done = await run(gql, org.writers[AGENT], TASK_COMPLETE, {"id": task["id"]})
    assert done["task"]["status"] == "DONE"
    assert done["task"]["completedAt"] is not None
    fields = [e.get("field") for e in (await history(gql, org, second))["history"]["nodes"]]
    assert fields[:2] == ["task.completedAt", "task.status"]
    assert codes(await run(gql, org.readers[AGENT], TASK_COMPLETE, {"id": task["id"]})) == [
        (None, "FORBIDDEN")
    ]
