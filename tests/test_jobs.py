"""Background jobs: exports (CSV equal to the list, formulas defused, only what the asker sees, an
authenticated download that expires), bulk actions on large filters, notifications, and the queue itself
(leases, attempts, revoked tokens, the per-user limit, the in-process worker)."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest

from contactcard.app import job_worker
from contactcard.domain.columns import CellKind, Column
from contactcard.jobs import queue, runner
from contactcard.jobs.export import safe
from contactcard.resolvers.cells import Cell
from tests.writing import ADMIN, AGENT, AGENT2, codes, fingerprint, make_org, pk_of, run

JOB = "id kind status progress total changedCount error downloadUrl expiresAt"
EXPORT = f"""mutation($input: ContactsExportInput!) {{
  contactsExport(input: $input) {{ job {{ {JOB} }} userErrors {{ field code message }} }} }}"""
EXPORT_JOB = f"query($id: ID!) {{ exportJob(id: $id) {{ {JOB} }} }}"
TAG = f"""mutation($input: ContactsTagsInput!) {{
  contactsTagsAdd(input: $input) {{ changedCount job {{ {JOB} }} userErrors {{ field code message }} }} }}"""
CREATE = "mutation($input: ContactCreateInput!) { contactCreate(input: $input) { contact { id } } }"
NAMES = """query($f: ContactFilter, $after: String) {
  contacts(filter: $f, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } }"""


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Jobs", contacts=40)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def drain(engine) -> int:
    """Run every waiting job (of any workspace: the queue is shared); how many ran."""
    ran = 0
    while await runner.run_one(engine):
        ran += 1
    return ran


async def listed_names(gql, token, filter_=None) -> list[str]:
    names, after = [], None
    while True:
        page = (await gql(NAMES, token, {"f": filter_, "after": after}))["data"]["contacts"]
        names += [n["name"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return names
        after = page["pageInfo"]["endCursor"]


async def download(client, token, url):
    return await client.get(url, headers={"authorization": f"Bearer {token}"} if token else {})


def rows_of(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


async def exported(gql, client, engine, token, input_) -> tuple[dict, list[list[str]]]:
    payload = await run(gql, token, EXPORT, {"input": input_})
    assert payload["userErrors"] == [], payload
    await drain(engine)
    job = (await gql(EXPORT_JOB, token, {"id": payload["job"]["id"]}))["data"]["exportJob"]
    assert job["status"] == "DONE", job
    response = await download(client, token, job["downloadUrl"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    return job, rows_of(response.content)


async def test_an_export_equals_the_list_for_its_filter_and_order(gql, client, engine, org):
    token = org.writers[ADMIN]
    filter_ = {"status": "OPEN"}
    order = [{"field": "NAME", "direction": "ASC"}]
    job, rows = await exported(
        gql, client, engine, token, {"selection": {"filter": filter_}, "orderBy": order, "columns": ["NAME"]}
    )
    names = []
    after = None
    while True:
        page = (
            await gql(
                "query($f: ContactFilter, $o: [ContactOrder!], $a: String) { contacts(filter: $f, orderBy: $o,"
                " first: 100, after: $a) { pageInfo { hasNextPage endCursor } nodes { name } } }",
                token,
                {"f": filter_, "o": order, "a": after},
            )
        )["data"]["contacts"]
        names += [n["name"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert rows[0] == ["Name"]
    assert [r[0] for r in rows[1:]] == names
    assert job["progress"] == job["total"] == len(names) > 0


async def test_an_export_writes_each_column_as_the_list_shows_it(gql, client, engine, org, pg):
    token = org.writers[ADMIN]
    made = await run(
        gql,
        token,
        CREATE,
        {"input": {"firstName": "Ünïcode", "lastName": "Çsv, \"quoted\"", "emails": ["u@example.com"],
                   "tags": ["zeta", "later"], "assignedToId": org.user(AGENT)}},
    )  # fmt: skip
    contact = made["contact"]["id"]
    columns = ["NAME", "EMAIL", "TAGS", "AGENT", "STATUS", "CREATED_AT"]
    _, rows = await exported(
        gql, client, engine, token, {"selection": {"ids": [contact]}, "columns": columns}
    )
    assert rows[0] == ["Name", "Email", "Tags", "Agent", "Status", "Created"]
    assert len(rows) == 2
    name, email, tags, agent, status, created = rows[1]
    assert (name, email, status) == ('Ünïcode Çsv, "quoted"', "u@example.com", "OPEN")
    assert sorted(tags.split(", ")) == ["later", "zeta"]
    assert agent == await pg.fetchval(
        "SELECT name FROM users WHERE workspace_id = $1 AND id = $2", org.workspace_id, org.users[AGENT]
    )
    assert created.startswith("20")


async def test_formulas_are_defused_and_numbers_are_not(gql, client, engine, org):
    token = org.writers[ADMIN]
    dangerous = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]  # names are stripped: no \t, \r
    ids = [
        (await run(gql, token, CREATE, {"input": {"firstName": name}}))["contact"]["id"]
        for name in [*dangerous, "Plain"]
    ]
    _, rows = await exported(gql, client, engine, token, {"selection": {"ids": ids}, "columns": ["NAME"]})
    assert sorted(r[0] for r in rows[1:]) == sorted(["'" + d for d in dangerous] + ["Plain"])
    assert safe(Cell(-5, "-5")) == "-5"
    assert safe(Cell("-5", "-5")) == "'-5"
    assert safe(Cell(None, None)) == ""
    assert (safe(Cell("\tx", "\tx")), safe(Cell("\rx", "\rx"))) == ("'\tx", "'\rx")
    assert Column("SCORE", "Score", CellKind.NUMBER).kind is CellKind.NUMBER


async def test_an_agents_export_holds_only_the_contacts_the_agent_sees(gql, client, engine, org):
    token = org.writers[AGENT]
    _, rows = await exported(gql, client, engine, token, {"columns": ["NAME"]})
    mine = await listed_names(gql, token)
    everyone = await listed_names(gql, org.writers[ADMIN])
    assert sorted(r[0] for r in rows[1:]) == sorted(mine)
    assert 0 < len(mine) < len(everyone)


async def test_an_export_of_a_saved_view_uses_its_filter_order_and_columns(gql, client, engine, org):
    token = org.writers[ADMIN]
    view = await run(
        gql,
        token,
        """mutation($input: ContactListViewInput!) { contactListViewCreate(input: $input) {
             view { id } userErrors { field code } } }""",
        {"input": {"name": "Closed by name", "filter": {"status": "CLOSED"},
                   "orderBy": [{"field": "NAME", "direction": "DESC"}], "columns": ["NAME", "STATUS"]}},
    )  # fmt: skip
    _, rows = await exported(gql, client, engine, token, {"viewId": view["view"]["id"]})
    assert rows[0] == ["Name", "Status"]
    assert {r[1] for r in rows[1:]} <= {"CLOSED"}
    names = [r[0] for r in rows[1:]]
    assert len(names) == len(await listed_names(gql, token, {"status": "CLOSED"}))


async def test_refused_exports_queue_nothing(gql, pg, org):
    token = org.writers[AGENT]
    hidden = await pg.fetchval(
        "SELECT id FROM contacts WHERE workspace_id = $1 AND assigned_user_id = $2 LIMIT 1",
        org.workspace_id,
        org.users[AGENT2],
    )
    from tests.conftest import global_id  # noqa: PLC0415

    mine = await pg.fetchval(
        "SELECT id FROM contacts WHERE workspace_id = $1 AND assigned_user_id = $2 LIMIT 1",
        org.workspace_id,
        org.users[AGENT],
    )
    before = await fingerprint(pg, org.workspace_id)
    cases = [
        ({"selection": {"ids": [global_id("Contact", mine), global_id("Contact", hidden)]}},
         [("input.selection.ids.1", "NOT_FOUND")]),
        ({"columns": ["NAME", "NOPE"]}, [("input.columns.1", "UNKNOWN_COLUMN")]),
        ({"columns": ["NAME", "NAME"]}, [("input.columns.1", "DUPLICATE_COLUMN")]),
        ({"columns": []}, [("input.columns", "TOO_MANY")]),
        ({"viewId": global_id("ContactListView", 999_999)}, [("input.viewId", "NOT_FOUND")]),
        ({"viewId": global_id("ContactListView", 1), "selection": {"ids": []}}, [("input", "INVALID_VALUE")]),
        ({"selection": {}}, [("input.selection", "INVALID_VALUE")]),
        ({"selection": {"filter": {"created": {"period": "CUSTOM"}}}},
         [("input.selection.filter", "INVALID_FILTER")]),
        ({"orderBy": [{"field": "CUSTOM_FIELD", "key": "nope"}]}, [("input", "INVALID_FILTER")]),
        ({"selection": {"filter": {"search": "a\u0000b"}}}, [("input.selection.filter.search", "INVALID_VALUE")]),
    ]  # fmt: skip
    for input_, expected in cases:
        payload = await run(gql, token, EXPORT, {"input": input_})
        assert (payload["job"], codes(payload)) == (None, expected), input_
    assert await fingerprint(pg, org.workspace_id) == before


async def test_the_download_is_for_its_user_only_and_expires(gql, client, engine, org, pg):
    token = org.writers[ADMIN]
    payload = await run(gql, token, EXPORT, {"input": {"columns": ["NAME"]}})
    job_id = payload["job"]["id"]
    assert payload["job"]["status"] == "QUEUED"
    assert payload["job"]["downloadUrl"] is None
    url = f"/exports/{job_id}"
    assert (await download(client, token, url)).status_code == 409  # not done yet
    await drain(engine)
    assert (await download(client, token, url)).status_code == 200
    assert (await download(client, None, url)).status_code == 401
    assert (await download(client, org.writers[AGENT], url)).status_code == 404
    assert (await download(client, org.writers[AGENT], "/exports/nonsense")).status_code == 404
    # Nobody else sees the job either.
    assert (await gql(EXPORT_JOB, org.writers[AGENT], {"id": job_id}))["data"]["exportJob"] is None
    await pg.execute(
        "UPDATE jobs SET expires_at = now() - interval '1 second' WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        pk_of(job_id),
    )
    gone = await download(client, token, url)
    assert gone.status_code == 410
    assert (await gql(EXPORT_JOB, token, {"id": job_id}))["data"]["exportJob"]["downloadUrl"] is None
    assert await queue.expire(engine) >= 1
    assert await pg.fetchval("SELECT count(*) FROM job_chunks WHERE job_id = $1", pk_of(job_id)) == 0
    assert (await gql(EXPORT_JOB, token, {"id": job_id}))["data"]["exportJob"] is None


async def test_a_finished_job_notifies_its_user(gql, engine, org):
    token = org.writers[AGENT2]
    notes = (
        "query($u: Boolean!) { notifications(unread: $u) { totalCount nodes { id kind payload readAt } } }"
    )
    payload = await run(gql, token, EXPORT, {"input": {"columns": ["NAME"]}})
    await drain(engine)
    found = (await gql(notes, token, {"u": True}))["data"]["notifications"]
    assert found["totalCount"] == 1
    (note,) = found["nodes"]
    assert (note["kind"], note["payload"]["jobId"], note["readAt"]) == (
        "JOB_DONE",
        payload["job"]["id"],
        None,
    )
    mark = "mutation($input: NotificationsMarkReadInput!) { notificationsMarkRead(input: $input) { markedCount userErrors { field code } } }"
    refused = await run(gql, token, mark, {"input": {}})
    assert codes(refused) == [("input", "INVALID_VALUE")]
    other = await run(gql, org.writers[AGENT], mark, {"input": {"ids": [note["id"]]}})
    assert codes(other) == [("input.ids.0", "NOT_FOUND")]
    assert (await run(gql, token, mark, {"input": {"ids": [note["id"]]}}))["markedCount"] == 1
    assert (await run(gql, token, mark, {"input": {"all": True}}))["markedCount"] == 0
    assert (await gql(notes, token, {"u": True}))["data"]["notifications"]["totalCount"] == 0
    assert (await gql(notes, token, {"u": False}))["data"]["notifications"]["totalCount"] == 1


async def test_a_bulk_action_on_a_large_filter_runs_as_a_job_on_the_filters_contacts(
    gql, pg, engine, owner_engine
):
    big = await make_org(pg, owner_engine, "Bulk job", contacts=300)
    try:
        token = big.writers[ADMIN]
        filter_ = {"or": [{"status": "OPEN"}, {"status": "CLOSED"}]}
        count = "query($f: ContactFilter) { contacts(filter: $f) { totalCount } }"
        total = (await gql(count, token, {"f": filter_}))["data"]["contacts"]["totalCount"]
        assert total > 250
        payload = await run(gql, token, TAG, {"input": {"selection": {"filter": filter_}, "tags": ["swept"]}})
        assert payload["changedCount"] is None
        assert payload["userErrors"] == []
        assert (payload["job"]["kind"], payload["job"]["status"], payload["job"]["total"]) == (
            "CONTACTS_TAGS_ADD", "QUEUED", total,
        )  # fmt: skip
        await drain(engine)
        job = (
            await gql(f"query($id: ID!) {{ job(id: $id) {{ {JOB} }} }}", token, {"id": payload["job"]["id"]})
        )["data"]["job"]
        assert (job["status"], job["progress"], job["changedCount"]) == ("DONE", total, total)
        tagged = (await gql(count, token, {"f": {"tags": {"any": ["swept"]}}}))["data"]["contacts"][
            "totalCount"
        ]
        assert tagged == total
        events = await pg.fetchval(
            "SELECT count(DISTINCT contact_id) FROM history_entries WHERE workspace_id = $1 AND field = 'tags'",
            big.workspace_id,
        )
        assert events == total
    finally:
        await pg.execute("DELETE FROM workspaces WHERE id = $1", big.workspace_id)


async def _queued(gql, org, who=ADMIN) -> int:
    payload = await run(gql, org.writers[who], EXPORT, {"input": {"columns": ["NAME"]}})
    return pk_of(payload["job"]["id"])


async def test_a_job_whose_worker_died_is_claimed_again_and_given_up_after_three_tries(gql, pg, engine, org):
    await drain(engine)
    stale = await _queued(gql, org)
    await pg.execute(
        "UPDATE jobs SET status = 'RUNNING', attempts = 1, heartbeat_at = now() - interval '5 minutes' "
        "WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        stale,
    )
    alive = await _queued(gql, org)
    await pg.execute(
        "UPDATE jobs SET status = 'RUNNING', attempts = 1, heartbeat_at = now() WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        alive,
    )
    hopeless = await _queued(gql, org)
    await pg.execute(
        "UPDATE jobs SET status = 'RUNNING', attempts = 3, heartbeat_at = now() - interval '5 minutes' "
        "WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        hopeless,
    )
    assert await drain(engine) == 2  # the one with a live lease is left to its worker
    rows = {
        r["id"]: (r["status"], r["attempts"], r["error"])
        for r in await pg.fetch("SELECT id, status, attempts, error FROM jobs WHERE id = ANY($1::bigint[])",
                                [stale, alive, hopeless])
    }  # fmt: skip
    assert rows[stale] == ("DONE", 2, None)
    assert rows[alive][:2] == ("RUNNING", 1)
    assert rows[hopeless][0] == "FAILED"
    assert "3 attempts" in rows[hopeless][2]
    await pg.execute("DELETE FROM jobs WHERE id = $1", alive)


async def test_a_job_stops_when_its_token_is_revoked(gql, pg, engine, org, owner_engine):
    from tests.conftest import make_token  # noqa: PLC0415

    token = await make_token(owner_engine, AGENT, ("read",), workspace=org.name)
    payload = await run(gql, token, EXPORT, {"input": {"columns": ["NAME"]}})
    await pg.execute(
        "UPDATE api_tokens SET revoked_at = now() WHERE workspace_id = $1 AND id = "
        "(SELECT token_id FROM jobs WHERE workspace_id = $1 AND id = $2)",
        org.workspace_id,
        pk_of(payload["job"]["id"]),
    )
    await drain(engine)
    status, error = await pg.fetchrow(
        "SELECT status, error FROM jobs WHERE workspace_id = $1 AND id = $2",
        org.workspace_id,
        pk_of(payload["job"]["id"]),
    )
    assert status == "FAILED"
    assert "revoked" in error


async def test_a_user_has_at_most_five_jobs_going(gql, pg, engine, org):
    await drain(engine)
    for _ in range(queue.MAX_OPEN_PER_USER):
        await _queued(gql, org, AGENT)
    before = await fingerprint(pg, org.workspace_id)
    refused = await run(gql, org.writers[AGENT], EXPORT, {"input": {"columns": ["NAME"]}})
    assert (refused["job"], codes(refused)) == (None, [("input", "TOO_MANY")])
    assert await fingerprint(pg, org.workspace_id) == before
    assert await drain(engine) == queue.MAX_OPEN_PER_USER


async def test_the_in_process_worker_runs_jobs_while_the_app_serves(gql, engine, org):
    await drain(engine)
    job_id = (await run(gql, org.writers[ADMIN], EXPORT, {"input": {"columns": ["NAME"]}}))["job"]["id"]
    async with job_worker(engine, enabled=True):
        for _ in range(100):
            job = (await gql(EXPORT_JOB, org.writers[ADMIN], {"id": job_id}))["data"]["exportJob"]
            if job["status"] == "DONE":
                break
            await asyncio.sleep(0.1)
    assert job["status"] == "DONE"
