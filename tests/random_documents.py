"""Random query documents over the schema, for comparing two executions of the same document: fields chosen
at random at every level, aliases, repeated fields, named and inline fragments, `__typename`, connections
with sizes that are valid, empty and refused. Required arguments get real ids; nothing here writes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

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

    def document(self) -> str:
        self.fragments, self.aliases = [], 0
        query = self.schema.query_type
        assert query is not None
        roots = [name for name in query.fields if name not in SKIPPED_ROOTS]
        chosen = self.rng.sample(roots, k=self.rng.randint(1, 2))
        body = " ".join(filter(None, (self.field(query, name, 0) for name in chosen)))
        return " ".join([f"query Random {{ {body or '__typename'} }}", *self.fragments])

    def field(self, parent: GraphQLNamedType, name: str, depth: int) -> str | None:
        definition: GraphQLField = parent.fields[name]  # type: ignore[attr-defined]
        arguments = self.arguments(definition)
        if arguments is None:
            return None
        alias = ""
        if self.aliases < 10 and self.rng.random() < 0.15:
            self.aliases += 1
            alias = f"a{self.aliases}: "
        named = get_named_type(definition.type)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            if depth >= self.max_depth:
                return None
            selection = self.selection(named, depth + 1)
            return f"{alias}{name}{arguments} {{ {selection} }}"
        return f"{alias}{name}{arguments}"

    def arguments(self, definition: GraphQLField) -> str | None:
        """The field's arguments written out, or None when a required one cannot be given."""
        written = []
        for name, argument in definition.args.items():
            required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is None
            value = self.value(argument.type, required)
            if value is None:
                if required:
                    return None
                continue
            written.append(f"{name}: {value}")
        return f"({', '.join(written)})" if written else ""

    def value(self, type_: object, required: bool) -> str | None:
        inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if not required and self.rng.random() < 0.5:
            return None
        if inner is GraphQLInt:
            return str(self.rng.choice(SIZES))
        if inner is GraphQLID:
            return f'"{self.ids.any(self.rng)}"'
        if inner is GraphQLBoolean:
            return self.rng.choice(("true", "false"))
        if isinstance(inner, GraphQLEnumType):
            return self.rng.choice(list(inner.values))
        if isinstance(inner, GraphQLList) and required:
            item = self.value(inner.of_type, True)
            return None if item is None else f"[{item}]"
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


def random_documents(schema: GraphQLSchema, ids: Ids, seed: int, count: int) -> Iterator[str]:
    writer = Writer(schema, ids, random.Random(seed))
    for _ in range(count):
        yield writer.document()
