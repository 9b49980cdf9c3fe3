"""Random query documents over the schema, for comparing two executions of the same document: fields chosen
at random at every level, aliases, repeated fields, named and inline fragments, `__typename`, connections
with sizes that are valid, empty and refused, arguments written in place or sent as variables. Required arguments get real ids; nothing here writes."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
)

SIZES = (1, 1, 2, 3, 0, -1, 101)
"""`first` and the like: mostly small, sometimes empty or refused."""

SKIPPED_ROOTS = {"contactExport"}
"""Root fields that are not reads a partner repeats (an export assembles a whole contact as JSON)."""


@dataclass
class Ids:
    """Real ids of the demo workspace for required ID arguments."""

    contacts: list[str]
    others: list[str] = field(default_factory=list)

    def any(self, rng: random.Random) -> str:
        return rng.choice(self.contacts + self.others)


@dataclass
class Writer:
    schema: GraphQLSchema
    ids: Ids
    rng: random.Random
    max_depth: int = 4
    fragments: list[str] = field(default_factory=list)
    aliases: int = 0

    declared: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)

    def document(self) -> tuple[str, dict[str, Any]]:
        """A document and its variables."""
        self.fragments, self.aliases, self.declared, self.variables = [], 0, [], {}
        query = self.schema.query_type
        assert query is not None
        roots = [name for name in query.fields if name not in SKIPPED_ROOTS]
        chosen = self.rng.sample(roots, k=self.rng.randint(1, 2))
        body = " ".join(filter(None, (self.field(query, name, 0) for name in chosen)))
        signature = f"({', '.join(self.declared)})" if self.declared else ""
        text = " ".join([f"query Random{signature} {{ {body or '__typename'} }}", *self.fragments])
        return text, self.variables

    def field(self, parent: GraphQLNamedType, name: str, depth: int) -> str | None:
        definition: GraphQLField = parent.fields[name]  # type: ignore[attr-defined]
        named = get_named_type(definition.type)
        composite = isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)
        if composite and depth >= self.max_depth:
            return None
        arguments = self.arguments(definition)
        if arguments is None:
            return None
        alias = ""
        if self.aliases < 10 and self.rng.random() < 0.15:
            self.aliases += 1
            alias = f"a{self.aliases}: "
        if composite:
            selection = self.selection(named, depth + 1)
            return f"{alias}{name}{arguments} {{ {selection} }}"
        return f"{alias}{name}{arguments}"

    def arguments(self, definition: GraphQLField) -> str | None:
        """The field's arguments written out, or None when a required one cannot be given (then no variable
        is declared for it: every declared variable is used)."""
        written, variables = [], {}
        for name, argument in definition.args.items():
            required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
            value = self.value(argument.type, required)
            if value is None:
                if required:
                    return None
                continue
            if self.rng.random() < 0.3:  # as a variable of the argument's own type
                variable = f"v{len(self.variables) + len(variables) + 1}"
                variables[variable] = (argument.type, value)
                written.append(f"{name}: ${variable}")
            else:
                written.append(f"{name}: {literal(value)}")
        for variable, (type_, value) in variables.items():
            self.declared.append(f"${variable}: {type_}")
            self.variables[variable] = value
        return f"({', '.join(written)})" if written else ""

    def value(self, type_: object, required: bool) -> Any:
        """A value for an argument of `type_` (as JSON would carry it), or None to leave it out."""
        inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if not required and self.rng.random() < 0.5:
            return None
        if inner is GraphQLInt:
            return self.rng.choice(SIZES)
        if inner is GraphQLID:
            return self.ids.any(self.rng)
        if inner is GraphQLBoolean:
            return self.rng.random() < 0.5
        if isinstance(inner, GraphQLEnumType):
            return Enum(self.rng.choice(list(inner.values)))
        if isinstance(inner, GraphQLList) and required:
            item = self.value(inner.of_type, True)
            return None if item is None else [item]
        return None

    def selection(self, type_: GraphQLNamedType, depth: int) -> str:
        parts: list[str] = []
        if isinstance(type_, GraphQLUnionType | GraphQLInterfaceType) or self.rng.random() < 0.1:
            parts.append("__typename")
        if isinstance(type_, GraphQLUnionType | GraphQLInterfaceType):
            possible = self.possible(type_)
            chosen = self.rng.sample(possible, k=min(2, len(possible)))
            parts.extend(f"... on {each.name} {{ {self.selection(each, depth)} }}" for each in chosen)
        if not isinstance(type_, GraphQLUnionType):
            names = list(type_.fields)  # type: ignore[attr-defined]
            for name in self.rng.sample(names, k=min(len(names), self.rng.randint(1, 4))):
                written = self.field(type_, name, depth)
                if written is not None:
                    parts.append(written)
                    if self.rng.random() < 0.05:
                        parts.append(written)  # the same field twice: merged
        if not parts:
            parts.append("__typename")
        text = " ".join(parts)
        if self.rng.random() < 0.15:
            fragment = f"F{len(self.fragments)}"
            self.fragments.append(f"fragment {fragment} on {type_.name} {{ {text} }}")
            return f"...{fragment}"
        return text

    def possible(self, type_: GraphQLUnionType | GraphQLInterfaceType) -> list[GraphQLObjectType]:
        return list(self.schema.get_possible_types(type_))


class Enum(str):
    """An enum value: bare in a document, its name in variables."""


def literal(value: Any) -> str:
    """`value` written in a document."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value)
    if isinstance(value, list):
        return f"[{', '.join(literal(item) for item in value)}]"
    return json.dumps(value)


def random_documents(
    schema: GraphQLSchema, ids: Ids, seed: int, count: int
) -> Iterator[tuple[str, dict[str, Any]]]:
    writer = Writer(schema, ids, random.Random(seed))
    for _ in range(count):
        yield writer.document()
