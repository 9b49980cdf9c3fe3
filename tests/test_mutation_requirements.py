"""Every mutation of the schema, called by a token that falls short of its requirement, answers FORBIDDEN
and writes nothing. The calls are built from the schema itself, so a new mutation is covered the day it is
added; the kernel checks the requirement before it looks at the input, so any well-typed input will do."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)

from contactcard.schema import schema
from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, MANAGER, fingerprint, make_org, run

ADMIN_ONLY = {
    "workspaceCardLayoutUpdate",
    "roleCardLayoutUpdate",
    "customFieldCreate",
    "customFieldUpdate",
    "customFieldDelete",
    "contactForget",
}
READ_ONLY = {"contactsExport"}
"""Mutations a read-only token may call: an export reads what the list shows (it writes only its job)."""
SCALARS = {"ID": global_id("Contact", 1), "String": "x", "Int": 1, "Float": 1.0, "Boolean": False,
           "DateTime": "2026-11-30T10:15:00Z", "Date": "2026-11-30", "JSON": {}}  # fmt: skip
MUTATIONS = schema._schema.mutation_type.fields  # type: ignore[union-attr]


def sample(type_: GraphQLInputType) -> Any:
    """A value of `type_`: the required fields of inputs, one item in lists, the first enum value."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLScalarType):
        return SCALARS[type_.name]
    assert isinstance(type_, GraphQLInputObjectType)
    return {
        name: sample(field.type)
        for name, field in type_.fields.items()
        if isinstance(field.type, GraphQLNonNull)
    }


def document(name: str) -> tuple[str, dict[str, Any]]:
    field = MUTATIONS[name]
    args = {arg: spec for arg, spec in field.args.items() if isinstance(spec.type, GraphQLNonNull)}
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in args)
    declared, passed = (f"({declared})", f"({passed})") if args else ("", "")
    query = f"mutation{declared} {{ {name}{passed} {{ userErrors {{ field code }} }} }}"
    return query, {arg: sample(spec.type) for arg, spec in args.items()}


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
    payload = await run(gql, org.readers[ADMIN], query, variables)
    assert payload["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    assert await fingerprint(pg, org.workspace_id) == before


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
@pytest.mark.parametrize("who", [MANAGER, AGENT])
async def test_admin_mutations_refuse_other_roles(gql, pg, org, name, who):
    query, variables = document(name)
    before = await fingerprint(pg, org.workspace_id)
    payload = await run(gql, org.writers[who], query, variables)
    assert payload["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    assert await fingerprint(pg, org.workspace_id) == before
