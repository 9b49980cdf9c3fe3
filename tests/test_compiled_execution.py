"""Compiled execution (contactcard/schema/compiled.py) answers exactly what graphql-core answers: the same
data, the same errors at the same paths, nulls propagated to the same field, on a schema made to misbehave
and on every document of tests/queries and bench/workloads against the demo workspace (as several roles),
with the statement counts of graphql-core or fewer; and it does run (the plans are used, not the fallback)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.app import create_app
from contactcard.config import Settings
from contactcard.schema import build_schema
from contactcard.schema.compiled import compiled_executor
from contactcard.schema.execution import plain_field_executor, plain_fields
from contactcard.schema.plan import PlanCache, build_plan
from tests.test_execution import Mood, NobodyMay, Shouting, answers

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted((ROOT / "tests" / "queries").glob("*.graphql")) + sorted(
    (ROOT / "bench" / "workloads").glob("*.graphql")
)


# -- a schema made to misbehave --------------------------------------------------------------------------


class Batches:
    """A loader stand-in counting how many batches its keys arrive in (one per turn of the loop)."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.queued: list[tuple[int, asyncio.Future[int]]] = []

    def load(self, key: int) -> asyncio.Future[int]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        if not self.queued:
            asyncio.get_running_loop().call_soon(self.dispatch)
        self.queued.append((key, future))
        return future

    def dispatch(self) -> None:
        queued, self.queued = self.queued, []
        self.batches.append([key for key, _ in queued])
        for key, future in queued:
            future.set_result(key * 10)


BATCHES: Batches = Batches()


@strawberry.interface
class Thing:
    id: strawberry.ID


@strawberry.type
class Gadget(Thing):
    label: str
    mood: Mood
    scores: list[int]
    maybe: str | None = None
    secret: str | None = strawberry.field(default="hidden", permission_classes=[NobodyMay])
    loud: str = strawberry.field(default="quiet", extensions=[Shouting()])

    @strawberry.field
    async def loaded(self, times: int = 1) -> int:
        return await BATCHES.load(int(self.id)) * times

    @strawberry.field
    async def must(self) -> str:
        """Non-null, async, and None for odd ids: the null propagates to the nearest nullable field."""
        await asyncio.sleep(0)
        return None if int(self.id) % 2 else "ok"  # type: ignore[return-value]

    @strawberry.field
    async def fails(self) -> str | None:
        raise ValueError(f"gadget {self.id} fails")

    @strawberry.field
    def sync_fails(self) -> int | None:
        raise ValueError("sync failure")

    @strawberry.field
    async def children(self) -> list[Gadget | None]:
        base = int(self.id) * 10
        return [gadget(base + 1), gadget(base + 2)]


@strawberry.type
class Widget(Thing):
    size: int


def gadget(pk: int, **values: Any) -> Gadget:
    fields: dict[str, Any] = {"label": f"g{pk}", "mood": Mood.CALM, "scores": [pk]} | values
    return Gadget(id=strawberry.ID(str(pk)), **fields)


@strawberry.type
class Query:
    @strawberry.field
    def gadgets(self) -> list[Gadget | None]:
        return [
            gadget(1, maybe="here"),
            gadget(2, label=None),  # a null for String!
            gadget(4, scores=[2**40]),  # out of Int's range
            gadget(6, mood="not a mood", scores=[None]),
            gadget(8, scores=(4, 5)),
        ]

    @strawberry.field
    async def things(self) -> list[Thing] | None:
        return [gadget(3), Widget(id=strawberry.ID("7"), size=3), gadget(2)]

    @strawberry.field
    async def strict(self) -> list[Gadget] | None:
        """Non-null items: one item's failing non-null field nulls the whole list."""
        return [gadget(2), gadget(3)]

    @strawberry.field
    def not_a_list(self) -> list[int] | None:
        return 5  # type: ignore[return-value]

    @strawberry.field
    async def required(self) -> Gadget:
        return gadget(5)

    @strawberry.field
    async def slow(self) -> str:
        try:
            await asyncio.sleep(10)
        finally:
            await asyncio.sleep(0)  # awaits while it cleans up, as giving a connection back does
            CLEANED.append("slow")
        return "late"


CLEANED: list[str] = []


MISBEHAVING = """
query Misbehaving($times: Int!) {
  gadgets { __typename id label mood scores maybe secret loud loaded(times: $times) fails syncFails
            children { id loaded must } }
  things { __typename id ... on Gadget { label loaded must children { loaded } } ... on Widget { size } }
  strict { id must }
  notAList
  again: gadgets { id loaded(times: 3) }
}
"""

FATAL = "{ required { id must } gadgets { id } }"


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema, PlanCache]:
    stock = strawberry.Schema(query=Query, types=[Widget])
    compiled = strawberry.Schema(query=Query, types=[Widget])
    table = plain_fields(compiled._schema, getattr)
    plans = PlanCache(lambda first: build_plan(first, table))
    base = plain_field_executor(compiled._schema, getattr, table)
    compiled.execution_context_class = compiled_executor(base, plans, getattr)
    return stock, compiled, plans


def _errors(result: Any) -> list[tuple[str, list[Any]]]:
    return sorted((e.message, e.path) for e in result.errors or [])


@pytest.mark.parametrize(("document", "variables"), [(MISBEHAVING, {"times": 2}), (FATAL, {})])
async def test_compiled_answers_like_graphql_core_on_a_misbehaving_schema(
    document: str, variables: dict[str, Any]
) -> None:
    stock, compiled, plans = _schemas()
    expected = await stock.execute(document, variable_values=variables)
    stock_batches, BATCHES.batches[:] = list(BATCHES.batches), []
    answered = await compiled.execute(document, variable_values=variables)
    assert plans.entries, "the compiled executor did not plan the operation"
    assert next(iter(plans.entries.values())) is not None
    assert answered.data == expected.data
    assert _errors(answered) == _errors(expected)
    assert len(BATCHES.batches) <= len(
        stock_batches
    )  # loaders batch as well as under graphql-core, or better
    BATCHES.batches.clear()


async def test_the_misbehaving_document_does_provoke_what_it_claims() -> None:
    stock, _compiled, _plans = _schemas()
    BATCHES.batches.clear()
    expected = await stock.execute(MISBEHAVING, variable_values={"times": 2})
    paths = {tuple(path) for _, path in _errors(expected)}
    assert ("gadgets", 1, "label") in paths  # a null for String!
    assert ("gadgets", 0, "secret") in paths  # a permission
    assert ("gadgets", 0, "fails") in paths  # an async resolver raising
    assert ("gadgets", 0, "children", 0, "must") in paths  # a null propagating from an async field
    assert ("strict", 1, "must") in paths  # through non-null items to the list field
    assert ("notAList",) in paths
    assert expected.data is not None
    assert expected.data["strict"] is None
    assert expected.data["gadgets"][0]["children"][0] is None
    assert expected.data["gadgets"][0]["loud"] == "QUIET!"
    assert expected.data["gadgets"][0]["loaded"] == 20
    assert expected.data["again"][0]["loaded"] == 30
    fatal = await stock.execute(FATAL)
    assert fatal.data is None


async def test_the_same_plan_serves_every_request_and_variables_still_count() -> None:
    _stock, compiled, plans = _schemas()
    first = await compiled.execute(MISBEHAVING, variable_values={"times": 2})
    second = await compiled.execute(MISBEHAVING, variable_values={"times": 5})
    assert len(plans.entries) == 1
    assert first.data is not None
    assert second.data is not None
    assert first.data["gadgets"][0]["loaded"] == 20
    assert second.data["gadgets"][0]["loaded"] == 50


async def test_what_a_plan_does_not_cover_runs_on_graphql_core() -> None:
    _stock, compiled, plans = _schemas()
    for document in (
        "{ __schema { queryType { name } } }",
        "query($on: Boolean!) { gadgets { id label @include(if: $on) } }",
    ):
        result = await compiled.execute(document, variable_values={"on": False})
        assert result.errors is None
        assert list(plans.entries.values())[-1] is None
    included = await compiled.execute(
        "query($on: Boolean!) { gadgets { id label @include(if: $on) } }", variable_values={"on": True}
    )
    assert included.data is not None
    assert included.data["gadgets"][0] == {"id": "1", "label": "g1"}


async def test_a_cancelled_request_lets_every_resolver_clean_up() -> None:
    _stock, compiled, plans = _schemas()
    CLEANED.clear()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await compiled.execute("{ slow gadgets { id loaded } }")
    assert list(plans.entries.values())[-1] is not None
    assert CLEANED == ["slow"]


async def test_a_failed_non_null_root_stops_the_rest_at_once() -> None:
    """`required` nulls the whole response: graphql-core cancels its other root fields, and so must the
    compiled run (it used to step `slow` to its end: ten seconds for an answer already known)."""
    stock, compiled, plans = _schemas()
    for schema in (stock, compiled):
        CLEANED.clear()
        async with asyncio.timeout(2):
            result = await schema.execute("{ required { id must } slow gadgets { id loaded } }")
        assert result.data is None
        assert [e.path for e in result.errors or []] == [["required", "must"]]
        assert CLEANED == ["slow"]
    assert list(plans.entries.values())[-1] is not None


async def test_the_plan_cache_is_bounded() -> None:
    _stock, compiled, plans = _schemas()
    plans.size = 2
    for document in ("{ gadgets { id } }", "{ gadgets { label } }", "{ gadgets { mood } }"):
        await compiled.execute(document)
    assert [text for text, _ in plans.entries] == ["{ gadgets { label } }", "{ gadgets { mood } }"]


# -- the API's own documents -----------------------------------------------------------------------------


def _variables_for(document: str, contacts: list[str], cursor: str | None) -> list[dict[str, Any]]:
    declared = document.split("{", 1)[0]
    if "$id" in declared:
        return [{"id": contact} for contact in contacts]
    if "$first" in declared:
        return [{"first": 20}, {"first": 3}]
    if "$after" in declared:
        return [{}, {"after": cursor}]
    return [{}]


async def test_compiled_answers_the_api_documents_as_graphql_core_does(
    settings: Settings, engine: AsyncEngine, gql: Any, tokens: dict[str, str]
) -> None:
    admin = tokens["admin@demo.example"]
    listed = await gql("{ contacts(first: 8) { nodes { id } pageInfo { endCursor } } }", admin)
    contacts = [node["id"] for node in listed["data"]["contacts"]["nodes"]]
    cursor = listed["data"]["contacts"]["pageInfo"]["endCursor"]
    apps = {on: create_app(replace(settings, compiled_execution=on), engine=engine) for on in (True, False)}
    compared = 0
    for path in DOCUMENTS:
        document = path.read_text()
        variables = _variables_for(document, contacts, cursor)
        for email in ("admin@demo.example", "agent@demo.example"):
            compiled, stock = [
                await answers(apps[on], tokens[email], document, variables) for on in (True, False)
            ]
            for (compiled_body, compiled_statements), (stock_body, stock_statements) in zip(
                compiled, stock, strict=True
            ):
                assert compiled_body == stock_body, path.name
                assert compiled_statements <= stock_statements, path.name
                compared += 1
    assert compared >= 2 * len(DOCUMENTS)
    planned = _schema_of(apps[True]).plans
    assert planned is not None
    assert len([plan for plan in planned.entries.values() if plan is not None]) == len(DOCUMENTS)
    assert _schema_of(apps[False]).plans is None


def _schema_of(app: Any) -> Any:
    route = next(r for r in app.routes if getattr(r, "path", None) == "/graphql")
    return route.endpoint.schema


def test_compiled_execution_is_on_by_default_and_can_be_turned_off(settings: Settings) -> None:
    assert build_schema(Settings()).plans is not None
    assert build_schema(replace(settings, compiled_execution=False)).plans is None
    assert build_schema(replace(settings, plain_field_fast_path=False)).plans is None
