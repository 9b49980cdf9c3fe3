"""Every mutation of the schema, called by a token that falls short of its requirement, answers FORBIDDEN
and writes nothing. The calls are built from the schema itself, so a new mutation is covered the day it is
added; the kernel checks the requirement before it looks at the input, so any well-typed input will do."""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema_walk import MUTATIONS, mutation_document, sample
from tests.writing import ADMIN, AGENT, MANAGER, fingerprint, make_org, run

ADMIN_ONLY = {
    "workspaceCardLayoutUpdate",
    "roleCardLayoutUpdate",
    "customFieldCreate",
    "customFieldUpdate",
    "customFieldDelete",
    "contactForget",
    "webhookCreate",
    "webhookSetEnabled",
    "webhookDelete",
}
READ_ONLY = {"contactsExport"}
"""Mutations a read-only token may call: an export reads what the list shows (it writes only its job)."""


def document(name: str) -> tuple[str, dict[str, Any]]:
    query, types = mutation_document(name)
    return query, {arg: sample(type_) for arg, type_ in types.items()}


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Requirements", contacts=5)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


def test_every_mutation_is_listed_here_or_needs_only_write():
    assert set(MUTATIONS) >= ADMIN_ONLY
    assert len(MUTATIONS) >= 40


@pytest.mark.parametrize("name", sorted(set(MUTATIONS) - READ_ONLY))
async def test_a_read_only_token_is_refused_and_nothing_is_written(gql, pg, org, name):
    query, variables = document(name)
    before = await fingerprint(pg, org.workspace_id)
    body = await gql(query, org.readers[ADMIN], variables)
    (payload,) = body["data"].values()
    assert payload["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    # The requirement is checked before the work looks anything up: the token's lookup is the only statement.
    assert body["extensions"]["cost"]["sqlStatements"] == 1
    assert await fingerprint(pg, org.workspace_id) == before


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
@pytest.mark.parametrize("who", [MANAGER, AGENT])
async def test_admin_mutations_refuse_other_roles(gql, pg, org, name, who):
    query, variables = document(name)
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(gql, org.writers[who], query, variables)
    assert payload["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    assert await fingerprint(pg, org.workspace_id) == before
