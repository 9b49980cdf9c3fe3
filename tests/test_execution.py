"""The plain-field fast path (contactcard/schema/execution.py) answers exactly what graphql-core would:
same data, same errors at the same paths, on a schema made to misbehave and on the API's real documents."""

from __future__ import annotations

import enum
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission

from contactcard.app import create_app
from contactcard.config import Settings
from contactcard.schema import build_schema
from contactcard.schema.execution import plain_field_executor, plain_fields

QUERIES = Path(__file__).parent / "queries"


@strawberry.enum
class Mood(enum.Enum):
    CALM = "calm"
    BUSY = "busy"


class NobodyMay(BasePermission):
    message = "nobody may read this"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


class Shouting(FieldExtension):
    """Changes the attribute's value on the way out: a fast path that skipped it would answer the raw one."""

    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        return str(next_(source, info, **kwargs)).upper() + "!"


@strawberry.type
class Item:
    label: str
    mood: Mood
    scores: list[int]
    maybe: str | None = None
    # Attributes without a resolver of their own, but guarded or changed: never plain fields.
    secret: str | None = strawberry.field(default="hidden", permission_classes=[NobodyMay])
    loud: str = strawberry.field(default="quiet", extensions=[Shouting()])

    @strawberry.field
    def shout(self) -> str:
        return self.label.upper()


class Exploding:
    """Stands in for an Item whose attribute access fails."""

    @property
    def label(self) -> str:
        raise RuntimeError("no label")


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return [
            Item(label="ok", mood=Mood.BUSY, scores=[1, 2], maybe="here"),
            Item(label=None, mood=Mood.CALM, scores=[3]),  # type: ignore[arg-type]  a null for String!
            Item(label="big", mood=Mood.CALM, scores=[2**40]),  # out of Int's range
            Item(label="odd", mood="not a mood", scores=[None]),  # type: ignore[arg-type, list-item]
            Item(label="tuple", mood=Mood.BUSY, scores=(4, 5)),  # type: ignore[arg-type]
        ]

    @strawberry.field
    def exploding(self) -> Item | None:
        item: Any = Exploding()
        return item  # type: ignore[no-any-return]


DOCUMENT = "{ items { __typename label mood scores maybe shout secret loud } exploding { label } }"


def _errors(result: Any) -> list[tuple[str, list[Any]]]:
    return sorted((e.message, e.path) for e in result.errors or [])


async def test_fast_path_answers_like_graphql_core_on_bad_values() -> None:
    stock = strawberry.Schema(query=Query)
    expected = await stock.execute(DOCUMENT)
    fast = strawberry.Schema(query=Query)
    read: list[str] = []

    def recording_getattr(source: Any, name: str) -> Any:
        read.append(name)
        return getattr(source, name)

    fast.execution_context_class = plain_field_executor(fast._schema, recording_getattr)
    answered = await fast.execute(DOCUMENT)
    assert {"label", "mood", "scores", "maybe"} <= set(read)  # the fast path did answer them
    assert not {"secret", "loud"} & set(read)  # and left the guarded and extended fields to strawberry
    assert answered.data == expected.data
    assert _errors(answered) == _errors(expected)
    # The document does provoke errors at several paths, so the comparison above means something.
    assert {tuple(path) for _, path in _errors(expected)} >= {("items", 1, "label"), ("exploding", "label")}
    assert expected.data is not None
    assert expected.data["items"][0] == {
        "__typename": "Item",
        "label": "ok",
        "mood": "BUSY",
        "scores": [1, 2],
        "maybe": "here",
        "shout": "OK",
        "secret": None,
        "loud": "QUIET!",
    }
    assert ("nobody may read this", ["items", 0, "secret"]) in _errors(answered)


def test_guarded_and_extended_fields_are_not_plain() -> None:
    schema = strawberry.Schema(query=Query)
    table = {t.name: set(fields) for t, fields in plain_fields(schema._schema, getattr).items()}
    assert table["Item"] == {"label", "mood", "scores", "maybe"}


def test_the_table_holds_plain_fields_only() -> None:
    schema = build_schema()
    table = {t.name: set(fields) for t, fields in plain_fields(schema._schema, getattr).items()}
    assert {"name", "firstName", "createdAt"} <= table["Contact"]
    # Resolvers (primaryEmail, card) and fields with object types (assignedTo, tags) keep the full path.
    assert not {"primaryEmail", "card", "deals", "assignedTo", "tags"} & table["Contact"]
    assert {"status", "title"} <= table["Task"]


async def answers(
    app: Any, token: str, query: str, variables: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], int]]:
    """`query` run once per entry of `variables`: each body without its extensions (timings and costs), and
    the statements it ran."""
    headers = {"authorization": f"Bearer {token}"}
    bodies = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        for values in variables:
            response = await client.post(
                "/graphql", json={"query": query, "variables": values}, headers=headers
            )
            body = response.json()
            cost = body.pop("extensions")["cost"]
            bodies.append((body, cost["sqlStatements"]))
    return bodies


async def _answers(app: Any, token: str, query: str, variables: list[dict[str, Any]]) -> list[Any]:
    bodies = [body for body, _ in await answers(app, token, query, variables)]
    for body in bodies:
        assert "errors" not in body, body["errors"]
    return bodies


async def test_fast_path_answers_the_api_documents_as_graphql_core_does(
    settings: Settings, engine: AsyncEngine, gql: Any, admin_token: str
) -> None:
    listed = await gql("{ contacts(first: 6) { nodes { id } } }", admin_token)
    cards = [{"id": node["id"]} for node in listed["data"]["contacts"]["nodes"]]
    documents = [("card.graphql", cards), ("tabs.graphql", [{"first": 20}, {"first": 3}])]
    for document, variables in documents:
        query = (QUERIES / document).read_text()
        fast, stock = [
            await _answers(
                create_app(replace(settings, plain_field_fast_path=on), engine=engine),
                admin_token,
                query,
                variables,
            )
            for on in (True, False)
        ]
        assert fast == stock
