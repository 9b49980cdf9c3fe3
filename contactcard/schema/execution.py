"""A faster execution of plain fields: attributes of a type whose GraphQL type is a scalar, an enum, or a
list of them (a contact's `name`, a deal's `status`, an event's `occurredAt`, …), and `__typename`.

graphql-core executes every field the same way: it builds a resolve-info object, looks up arguments, calls
strawberry's resolver (here a plain `getattr`) and walks the completion of the value's type. For a plain
field all of that amounts to `getattr` and the type's `coerce_output_value`; most of a card's fields are
plain, and this does just that for them. Anything unusual (a null where the type forbids one, a value the
scalar refuses, an attribute that raises) goes back to graphql-core's own path, which reports it at the
field's path exactly as before.

The table of plain fields is made once per schema from strawberry's public `StrawberryField.is_basic_field`
(no resolver and no field extensions; permission classes are a `PermissionExtension`, so they count) and,
to be sure, no permission classes. Not from the resolver's private `_is_default`: strawberry sets it on
every field without a resolver of its own, with permission classes or extensions too, so such a field would
have skipped its checks here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

SLOW: Any = object()
"""What a completer answers when graphql-core's own path must handle the value (and report any error)."""

Completer = Callable[[Any], Any]
PlainFields = dict[GraphQLObjectType, dict[str, Callable[[Any], Any]]]


def _leaf(leaf: GraphQLLeafType) -> Completer:
    coerce = leaf.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None:
            return None
        try:
            coerced = coerce(value)
        except Exception:
            return SLOW
        return SLOW if coerced is None or coerced is Undefined else coerced

    return complete


def _non_null(inner: Completer) -> Completer:
    def complete(value: Any) -> Any:
        if value is None:
            return SLOW
        return inner(value)

    return complete


def _list(item: Completer) -> Completer:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, list | tuple):
            return SLOW
        completed = [item(v) for v in value]
        return SLOW if any(c is SLOW for c in completed) else completed

    return complete


def completer(type_: GraphQLOutputType) -> Completer | None:
    """How to complete a value of `type_` without graphql-core, or None when the type has selections."""
    if isinstance(type_, GraphQLNonNull):
        inner = completer(type_.of_type)
        return _non_null(inner) if inner else None
    if isinstance(type_, GraphQLList):
        item = completer(type_.of_type)
        return _list(item) if item else None
    return _leaf(type_) if is_leaf_type(type_) else None


def plain_fields(schema: GraphQLSchema, default_resolver: Callable[[Any, str], Any]) -> PlainFields:
    """Per object type, its plain fields: response name -> a function of the source object."""
    table: PlainFields = {}
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        fields: dict[str, Completer] = {}
        for name, field in type_.fields.items():
            definition = field.extensions.get("strawberry-definition")
            complete = completer(field.type)
            if definition is None or field.args or complete is None or not is_plain(definition):
                continue
            fields[name] = _attribute(definition.python_name, complete, default_resolver)
        table[type_] = fields
    return table


def is_plain(definition: StrawberryField) -> bool:
    """A field that only reads its attribute: no resolver, permission or extension of its own."""
    return definition.is_basic_field and not definition.permission_classes


def _attribute(
    python_name: str, complete: Completer, default_resolver: Callable[[Any, str], Any]
) -> Completer:
    def resolve(source: Any) -> Any:
        try:
            value = default_resolver(source, python_name)
        except Exception:
            return SLOW
        return complete(value)

    return resolve


def plain_field_executor(
    schema: GraphQLSchema, default_resolver: Callable[[Any, str], Any], table: PlainFields | None = None
) -> type[StrawberryGraphQLCoreExecutionContext]:
    """strawberry's execution context, answering the plain fields of `schema` (`table`) directly."""
    plain = plain_fields(schema, default_resolver) if table is None else table

    class PlainFieldExecutionContext(StrawberryGraphQLCoreExecutionContext):
        def execute_field(
            self,
            parent_type: GraphQLObjectType,
            source: Any,
            field_details_list: FieldDetailsList,
            path: Path,
            position_context: Any,
        ) -> Any:
            name = field_details_list[0].node.name.value
            if name == "__typename":
                return parent_type.name
            fields = plain.get(parent_type)
            middleware = self.middleware_manager  # strawberry passes one always, often empty
            if fields is not None and (middleware is None or not middleware.middlewares):
                resolve = fields.get(name)
                if resolve is not None:
                    value = resolve(source)
                    if value is not SLOW:
                        return value
            return super().execute_field(parent_type, source, field_details_list, path, position_context)

    return PlainFieldExecutionContext
