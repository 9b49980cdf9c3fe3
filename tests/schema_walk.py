"""The schema, walked: every mutation with a well-typed input, every connection and every Int argument with a
document that reaches it. Tests built on these cover a field the day it is added, without a new test."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)

from contactcard.schema import schema
from tests.conftest import global_id

GRAPHQL = schema._schema
MUTATIONS = GRAPHQL.mutation_type.fields  # type: ignore[union-attr]
SCALARS = {"ID": global_id("Contact", 1), "String": "x", "Int": 1, "Float": 1.0, "Boolean": False,
           "DateTime": "2026-11-30T10:15:00Z", "Date": "2026-11-30", "JSON": {},
           "Upload": "a multipart part in real requests"}  # fmt: skip

IdOf = Callable[[str], str]
"""A global id for an input field of that name (`contactId`, `id`, …)."""


def sample(type_: GraphQLInputType, id_of: IdOf | None = None, name: str = "") -> Any:
    """A value of `type_`: the required fields of inputs, one item in lists, the first enum value; an ID
    from `id_of(field name)` when given."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type, id_of, name)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type, id_of, name)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLScalarType):
        return id_of(name) if id_of is not None and type_.name == "ID" else SCALARS[type_.name]
    assert isinstance(type_, GraphQLInputObjectType)
    return {
        field_name: sample(field.type, id_of, field_name)
        for field_name, field in type_.fields.items()
        if isinstance(field.type, GraphQLNonNull)
    }


def mutation_document(name: str, also: tuple[str, ...] = ()) -> tuple[str, dict[str, GraphQLInputType]]:
    """`mutation(...) { name(...) { userErrors { field code } } }` over the mutation's required arguments
    (and the optional ones named in `also`), and their types by variable name."""
    field = MUTATIONS[name]
    args = {
        arg: spec.type
        for arg, spec in field.args.items()
        if isinstance(spec.type, GraphQLNonNull) or arg in also
    }
    declared = ", ".join(f"${arg}: {type_}" for arg, type_ in args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in args)
    declared, passed = (f"({declared})", f"({passed})") if args else ("", "")
    return f"mutation{declared} {{ {name}{passed} {{ userErrors {{ field code }} }} }}", args


def input_paths(
    type_: GraphQLInputType, scalar: str, path: tuple[str, ...] = (), seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, ...]]:
    """The path of every value of the scalar named `scalar` inside an input type (lists entered at their
    first item; a recursive input, such as a filter's `and`, entered once)."""
    if isinstance(type_, GraphQLNonNull | GraphQLList):
        inner = type_.of_type
        yield from input_paths(inner, scalar, (*path, "0") if isinstance(type_, GraphQLList) else path, seen)
    elif isinstance(type_, GraphQLScalarType) and type_.name == scalar:
        yield path
    elif isinstance(type_, GraphQLInputObjectType) and type_.name not in seen:
        for field_name, field in type_.fields.items():
            yield from input_paths(field.type, scalar, (*path, field_name), seen | {type_.name})


def with_value(value: Any, path: tuple[str, ...], new: Any, type_: GraphQLInputType) -> Any:
    """`value` with the item at `path` set to `new` (optional input fields on the way are filled in)."""
    if not path:
        return new
    named = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    head, rest = path[0], path[1:]
    if isinstance(named, GraphQLList):
        items = list(value) if isinstance(value, list) and value else [sample(named.of_type)]
        items[0] = with_value(items[0], rest, new, named.of_type)
        return items
    assert isinstance(named, GraphQLInputObjectType)
    copy = dict(value) if isinstance(value, dict) else sample(named)
    field_type = named.fields[head].type
    copy[head] = with_value(copy.get(head, sample(field_type)), rest, new, field_type)
    return copy


def is_connection(field: GraphQLField) -> bool:
    named = get_named_type(field.type)
    return isinstance(named, GraphQLObjectType) and "pageInfo" in named.fields


@dataclass(frozen=True)
class Path:
    """Where a type is reached from the query root: the text around a selection on it."""

    opening: str
    closing: str

    def around(self, selection: str, variables: str = "") -> str:
        """A query selecting `selection` on the type, declaring `variables` (`$after: String`)."""
        declared = f"query({variables}) " if variables else ""
        return f"{declared}{self.opening}{selection}{self.closing}"


def paths() -> dict[str, Path]:
    """The shortest way from the query root to every object type reachable through fields that need no
    argument (a connection through its first node, an abstract type through an inline fragment)."""
    found = {"Query": Path("{ ", " }")}
    queue = deque(["Query"])
    while queue:
        type_name = queue.popleft()
        type_ = GRAPHQL.get_type(type_name)
        assert isinstance(type_, GraphQLObjectType)
        here = found[type_name]
        for field_name, field in type_.fields.items():
            if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
                continue
            named = get_named_type(field.type)
            step = f"{field_name}(first: 20) {{ nodes {{ " if is_connection(field) else f"{field_name} {{ "
            close = " } }" if is_connection(field) else " }"
            if is_connection(field):
                named = get_named_type(named.fields["nodes"].type)  # type: ignore[union-attr]
            for target in _concrete(named):
                if target.name in found:
                    continue
                fragment = "" if target is named else f"... on {target.name} {{ "
                found[target.name] = Path(
                    here.opening + step + fragment, (" }" if fragment else "") + close + here.closing
                )
                queue.append(target.name)
    return found


def _concrete(named: Any) -> list[GraphQLObjectType]:
    if isinstance(named, GraphQLObjectType):
        return [named]
    if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
        return list(GRAPHQL.get_possible_types(named))
    return []


def fields_with(predicate: Callable[[GraphQLField], bool]) -> list[tuple[str, str]]:
    """(type, field) of every field of an object type (introspection's left out, and the subscriptions:
    they run over WebSocket, tests/test_live.py) that `predicate` picks."""
    subscription = GRAPHQL.subscription_type.name if GRAPHQL.subscription_type else None
    return [
        (type_.name, field_name)
        for type_ in GRAPHQL.type_map.values()
        if isinstance(type_, GraphQLObjectType)
        and not type_.name.startswith("__")
        and type_.name != subscription
        for field_name, field in type_.fields.items()
        if predicate(field)
    ]


def argument_paths(scalar: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(type, field, argument, path inside it) of every value of the scalar named `scalar` that any field's
    arguments take, directly or inside an input, mutations included."""
    return [
        (type_name, field_name, arg, path)
        for type_name, field_name in fields_with(lambda f: bool(f.args))
        for arg, spec in GRAPHQL.get_type(type_name).fields[field_name].args.items()  # type: ignore[union-attr]
        for path in input_paths(spec.type, scalar)
    ]


def field_document(type_name: str, field_name: str, also: str) -> tuple[str, dict[str, GraphQLInputType]]:
    """A document that calls the field with its required arguments and `also` as variables, and their types
    by name: a mutation at the root (selecting its `userErrors`), any other field through `paths()`."""
    if type_name == GRAPHQL.mutation_type.name:  # type: ignore[union-attr]
        return mutation_document(field_name, also=(also,))
    field = GRAPHQL.get_type(type_name).fields[field_name]  # type: ignore[union-attr]
    args = {
        a: spec.type for a, spec in field.args.items() if isinstance(spec.type, GraphQLNonNull) or a == also
    }
    declared = ", ".join(f"${a}: {type_}" for a, type_ in args.items())
    passed = ", ".join(f"{a}: ${a}" for a in args)
    selection = " { __typename }" if hasattr(get_named_type(field.type), "fields") else ""
    return PATHS[type_name].around(f"{field_name}({passed}){selection}", declared), args


PATHS = paths()
