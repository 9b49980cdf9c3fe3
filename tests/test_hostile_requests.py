"""Hostile requests (issue 18): the node budget with variable defaults, malformed bodies, tokens and ids of
the wrong shape, reading without the `read` scope, validation bombs, suggestions in production mode, and a
database that fails while the token is looked up."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import text

from contactcard.app import create_app
from contactcard.auth.tokens import MAX_WORKSPACE_ID, parse_token
from contactcard.db.engine import current_workspace
from contactcard.db.runtime import engine_for
from contactcard.resolvers.errors import BadGlobalId
from contactcard.resolvers.ids import from_global_id, to_global_id
from tests.conftest import make_token
from tests.test_timeouts import served
from tests.writing import ADMIN, fingerprint, make_org

SECRET = "A" * 43


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def post(
    client: Any, token: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or ()]


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Hostile requests", contacts=12)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


# -- 1. the node budget reads variables as the executor does ----------------------------------------------

DEFAULTED = "query($f: Int = 100) { contacts(first: $f) { nodes { history(first: $f) { nodes { id } } } } }"


async def test_the_budget_counts_a_variable_by_its_declared_default(client, admin_token):
    body = await post(client, admin_token, DEFAULTED)
    assert body["extensions"]["cost"]["requested"] == 100 + 100 * 100
    given_value = await post(client, admin_token, DEFAULTED, {"f": 3})
    assert given_value["extensions"]["cost"]["requested"] == 3 + 3 * 3
    null = await post(client, admin_token, DEFAULTED, {"f": None})  # null: the field's own default (20)
    assert null["extensions"]["cost"]["requested"] == 20 + 20 * 20


async def test_aliases_of_a_defaulted_variable_are_refused_before_any_sql(client, admin_token):
    aliased = " ".join(
        f"a{i}: contacts(first: $f) {{ nodes {{ history(first: $f) {{ nodes {{ id }} }} }} }}"
        for i in range(30)
    )
    body = await post(client, admin_token, f"query($f: Int = 100) {{ {aliased} }}")
    assert body["data"] is None
    assert codes(body) == ["NODE_BUDGET"]
    assert body["extensions"]["cost"]["sqlStatements"] == 1  # the token's lookup, nothing else


async def test_ids_given_by_a_defaulted_variable_multiply_what_is_below(client, admin_token):
    ids = [to_global_id("Contact", n) for n in range(1, 11)]
    query = (
        f"query($ids: [ID!]! = {orjson.dumps(ids).decode()}) "
        "{ nodes(ids: $ids) { ... on Contact { history(first: 100) { nodes { id } } } } }"
    )
    body = await post(client, admin_token, query)
    assert body["extensions"]["cost"]["requested"] == 10 * 100


# -- 2. malformed bodies are coded 400s -------------------------------------------------------------------

MALFORMED = [
    b"null", b"1", b'"text"', b"true", b"[]", b"[1]", b'[{"query": "{ viewer { email } }"}]', b"{",
    b'{"query": 1}', b'{"query": "{ viewer { email } }", "variables": [1]}',
    b'{"query": "{ viewer { email } }", "variables": "x"}', b'{"query": "{ viewer { email } }", "extensions": 1}',
    b'{"query": "{ viewer { email } }", "operationName": 1}', b'{"query": "{ viewer { email } }", "operationName": {}}',
    b"\xff\xfe", b'{"variables": {}}', b"[" * 2000 + b"]" * 2000,
]  # fmt: skip


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
async def test_a_malformed_body_is_a_coded_400(client, admin_token, body):
    headers = {**bearer(admin_token), "content-type": "application/json"}
    response = await client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    ("method", "extra"),
    [
        ("GET", {"params": {"query": "{ viewer { email } }", "variables": "1"}}),
        ("GET", {"params": {"query": "{ viewer { email } }", "extensions": "[]"}}),
        ("POST", {"content": b"query=1", "headers": {"content-type": "text/plain"}}),
        ("PUT", {"content": b"{}", "headers": {"content-type": "application/json"}}),
    ],
)
async def test_other_refusals_of_the_http_layer_are_coded_too(client, admin_token, method, extra):
    headers = {**bearer(admin_token), **extra.pop("headers", {})}
    response = await client.request(method, "/graphql", headers=headers, **extra)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["errors"][0]["extensions"]["code"]


# -- 4. tokens and 8. ids of the wrong shape --------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        f"cc_9999999999999999999_{SECRET}",
        f"cc_{2**63}_{SECRET}",
        f"cc_0_{SECRET}",
        f"cc_1_{SECRET}x",
        "cc_1_",
        "Bearer",
        f"cc_1_{SECRET}\u0000",
    ],
)
async def test_an_unparseable_or_unknown_token_is_401(client, token):
    response = await client.post("/graphql", json={"query": "{ viewer { email } }"}, headers=bearer(token))
    assert response.status_code == 401, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@given(workspace=st.integers(min_value=1, max_value=10**19 - 1))
def test_a_token_parses_only_with_a_workspace_within_bigint(workspace):
    parsed = parse_token(f"cc_{workspace}_{SECRET}")
    assert (parsed is not None) == (workspace <= MAX_WORKSPACE_ID)


@hypothesis_settings(max_examples=300)
@given(text=st.one_of(st.text(max_size=40), st.builds(lambda s, junk: s + junk, st.sampled_from(
    [to_global_id("Contact", 1), to_global_id("Deal", 2**63 - 1)]), st.text(max_size=3))))  # fmt: skip
def test_only_the_canonical_form_of_an_id_decodes(text):
    try:
        type_name, pk = from_global_id(text)
    except BadGlobalId:
        return
    assert to_global_id(type_name, pk) == text


@pytest.mark.parametrize("junk", ["*", "!", "\u0000", "=", " ", "\n", "Q"])
async def test_an_id_with_junk_characters_is_bad_id(client, admin_token, junk):
    contact = to_global_id("Contact", 1)
    body = await post(client, admin_token, "query($id: ID!) { node(id: $id) { id } }", {"id": contact + junk})
    assert codes(body) == ["BAD_ID"]


# -- 5. scope before anything else, 6. reads need `read` ----------------------------------------------------


@pytest.fixture(scope="module")
async def partial_tokens(org, owner_engine):
    return {
        scopes: await make_token(owner_engine, ADMIN, scopes, workspace=org.name)
        for scopes in (("write",), ("admin",), ("write", "admin"))
    }


@pytest.mark.parametrize("scopes", [("write",), ("admin",), ("write", "admin")])
@pytest.mark.parametrize(
    "query",
    [
        "{ contacts(first: 1) { nodes { name } } }",
        "{ viewer { email } }",
        "{ __typename }",
        "query { ...Q } fragment Q on Query { contacts { totalCount } }",
    ],
)
async def test_a_token_without_read_reads_nothing_and_costs_no_statement(
    client, partial_tokens, scopes, query
):
    body = await post(client, partial_tokens[scopes], query)
    assert body["data"] is None
    assert codes(body) == ["FORBIDDEN"]
    assert body["extensions"]["cost"]["sqlStatements"] == 1


async def test_a_write_only_token_writes_but_reads_no_payload(client, pg, org, partial_tokens):
    token = partial_tokens[("write",)]
    contact = to_global_id(
        "Contact", await pg.fetchval("SELECT min(id) FROM contacts WHERE workspace_id = $1", org.workspace_id)
    )
    mutation = 'mutation($id: ID!) { contactTagsAdd(id: $id, input: {tags: ["hostile"]}) { %s } }'
    for selection in ("contact { name }", "userErrors { code } ... on ContactPayload { contact { id } }",
                      "...P } } fragment P on ContactPayload { contact { emails { value }"):  # fmt: skip
        before = await fingerprint(pg, org.workspace_id)
        body = await post(client, token, mutation % selection, {"id": contact})
        assert codes(body) == ["FORBIDDEN"], selection
        assert await fingerprint(pg, org.workspace_id) == before
    body = await post(
        client, token, mutation % "__typename userErrors { field code message }", {"id": contact}
    )
    assert body["data"]["contactTagsAdd"]["userErrors"] == []
    tagged = await pg.fetchval(
        "SELECT count(*) FROM contact_tags ct JOIN tags t ON t.workspace_id = ct.workspace_id AND t.id = ct.tag_id "
        "WHERE ct.workspace_id = $1 AND ct.contact_id = $2 AND t.name = 'hostile'",
        org.workspace_id,
        from_global_id(contact)[1],
    )
    assert tagged == 1


async def test_downloading_an_export_needs_read(client, partial_tokens):
    response = await client.get(
        f"/exports/{to_global_id('Job', 1)}", headers=bearer(partial_tokens[("write",)])
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# -- 7. validation is not an unbounded cost -----------------------------------------------------------------

DEEP = "contacts { nodes { history { nodes { ... on Comment { author { name email } } } } deals { nodes { id } } } }"


async def test_a_validation_bomb_is_refused_before_validation(client, admin_token):
    started = time.perf_counter()
    body = await post(client, admin_token, "{ " + " ".join([DEEP] * 100) + " }")
    elapsed = time.perf_counter() - started
    assert codes(body) == ["MAX_REPEATED_FIELDS"]
    assert body["extensions"]["cost"]["sqlStatements"] == 1
    assert elapsed < 0.25, elapsed  # validating it took 0.7-3.7 s


async def test_repeats_multiply_along_a_path(client, admin_token):
    inner = "deals { nodes { id } } " * 4
    nested = "{ " + ("contacts { nodes { " + inner + "} } ") * 4 + "}"  # 4 x 4 = 16 over the limit of 10
    assert codes(await post(client, admin_token, nested)) == ["MAX_REPEATED_FIELDS"]
    fine = "{ " + ("contacts { nodes { " + "deals { nodes { id } } " * 2 + "} } ") * 3 + "}"  # 3 x 2
    assert codes(await post(client, admin_token, fine)) == []


# -- 10. no suggestions in production mode ------------------------------------------------------------------

TYPOS = [
    ('{ contacts(filter: {tgs: ["x"]}) { nodes { id } } }', None),
    ("query($f: ContactFilter) { contacts(filter: $f) { nodes { id } } }", {"f": {"tgs": ["x"]}}),
    ('mutation { contactCreate(input: {nme: "x"}) { userErrors { code } } }', None),
    ("{ contacts(frist: 1) { nodes { id } } }", None),
    ("{ contacts { nodes { nam } } }", None),
    ("{ contacts(orderBy: [{field: NAM}]) { nodes { id } } }", None),
]


@pytest.mark.parametrize(("query", "variables"), TYPOS)
async def test_production_mode_suggests_no_names(settings, engine, admin_token, client, query, variables):
    app = create_app(replace(settings, introspection=False), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as production:
        body = await post(production, admin_token, query, variables)
    assert body["errors"]
    assert not [e["message"] for e in body["errors"] if "Did you mean" in e["message"]]


async def test_development_mode_still_suggests(client, admin_token):
    body = await post(client, admin_token, TYPOS[0][0])
    assert any("Did you mean" in e["message"] for e in body["errors"])


# -- 9. a database failing at authentication is a coded 503 ---------------------------------------------------


async def test_a_statement_timeout_at_authentication_is_503_with_retry_after(
    settings, db_url, pg, admin_token
):
    async with served(settings, db_url, statement_timeout_ms=300, pool_size=2, pool_overflow=0) as client:
        lock = pg.transaction()
        await lock.start()
        try:
            await pg.execute("LOCK TABLE api_tokens IN ACCESS EXCLUSIVE MODE")
            response = await client.post(
                "/graphql", json={"query": "{ viewer { email } }"}, headers=bearer(admin_token)
            )
        finally:
            await lock.rollback()
        assert response.status_code == 503
        assert response.headers["retry-after"]
        assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        again = await client.post(
            "/graphql", json={"query": "{ viewer { email } }"}, headers=bearer(admin_token)
        )
        assert again.status_code == 200


async def fresh_pool_pids(engine: Any, size: int, workspace: int) -> list[int]:
    """A new pool of `size` connections whose sessions name `workspace`; their backends' pids."""
    await engine.dispose()
    reset = current_workspace.set(workspace)
    try:
        async with contextlib.AsyncExitStack() as stack:
            connections = [await stack.enter_async_context(engine.connect()) for _ in range(size)]
            return [await c.scalar(text("SELECT pg_backend_pid()")) for c in connections]
    finally:
        current_workspace.reset(reset)


@pytest.mark.parametrize("same_workspace", [True, False])
async def test_connections_cut_by_the_server_are_replaced(
    settings, db_url, pg, admin_token, org, same_workspace
):
    """The pool's connections die (a restart, pg_terminate_backend). The next request still answers: of the
    workspace their sessions name, its statement finds the connection dead and runs again on a new one; of
    another workspace, the checkout's set_config finds it dead and the pool takes a new one."""
    engine = engine_for(replace(settings, pool_size=2, pool_overflow=0), db_url, serving=True)
    app = create_app(settings, engine=engine)
    token = admin_token if same_workspace else org.writers[ADMIN]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        for _ in range(2):
            pids = await fresh_pool_pids(engine, 2, parse_token(admin_token).workspace_id)  # type: ignore[union-attr]
            await pg.execute("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid", pids)
            for _ in range(3):
                response = await client.post(
                    "/graphql", json={"query": "{ viewer { email } }"}, headers=bearer(token)
                )
                assert response.status_code == 200, response.text
    await engine.dispose()


# -- the operation that runs is the one every check walked --------------------------------------------------


async def test_the_checks_walk_the_operation_that_runs(client, admin_token, partial_tokens):
    """Several operations and no `operationName`: strawberry runs the first one when it is named, and the
    read scope and the budget walk that same one; with an anonymous first one, nothing runs."""
    heavy = "contacts(first: 100) { nodes { history(first: 100) { nodes { id } } } }"
    light = "viewer { email }"
    for first, then, expected in ((f"query A {{ {heavy} }}", f"query B {{ {light} }}", "A"),
                                  (f"{{ {heavy} }}", f"query B {{ {light} }}", None)):  # fmt: skip
        document = f"{first} {then}"
        body = await post(client, admin_token, document)
        if expected is None:
            assert codes(body) == ["OPERATION_NAME_REQUIRED"]
            assert body["extensions"]["cost"]["sqlStatements"] == 1
        else:
            assert body["extensions"]["cost"]["requested"] == 100 + 100 * 100
            assert "contacts" in body["data"]
        refused = await post(client, partial_tokens[("write",)], document)
        assert codes(refused) == ["OPERATION_NAME_REQUIRED" if expected is None else "FORBIDDEN"]
        named = await client.post(
            "/graphql", json={"query": document, "operationName": "B"}, headers=bearer(admin_token)
        )
        # (an anonymous operation beside another is invalid whatever is named)
        assert named.json()["data"] == ({"viewer": {"email": "admin@demo.example"}} if expected else None)
