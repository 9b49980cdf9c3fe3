"""Execution plans: a query's selections worked out once per (document, operation), for the compiled executor.

graphql-core works out, for every object it completes, which fields to run (fragments spread, aliases
merged), looks each field up in the schema, reads its arguments from the AST and walks its return type; it
memoises the collection per request only. A plan does it once for a document a dashboard sends all day: a
tree of `FieldPlan`s, each holding what executing that field needs (its resolver or the attribute it reads,
its arguments when they hold no variable, how to complete its value), reused by every later request for the
same document (`PlanCache`).

Only what a plan can answer exactly as graphql-core does is planned; anything else makes `build_plan`
answer None and the request runs on graphql-core (schema/compiled.py): mutations and subscriptions
(mutations run their root fields one after another, and are rare), introspection (`__schema`, `__type`),
and any directive in the operation (`@skip`/`@include` make the selections depend on variables).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DirectiveNode,
    FieldNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    Visitor,
    is_abstract_type,
    is_leaf_type,
    visit,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetailsList, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values

from contactcard.lru import LeastRecentlyUsed
from contactcard.schema.execution import Completer, PlainFields, is_plain
from contactcard.schema.operation import holds_variable

PLAN_CACHE_SIZE = 256
"""Plans kept per process (as many as the parse cache keeps documents): least recently used go first."""


@dataclass(eq=False, slots=True)
class Leaf:
    type: GraphQLLeafType


@dataclass(eq=False, slots=True)
class NonNull:
    of: Completion


@dataclass(eq=False, slots=True)
class ListOf:
    of: Completion
    item_non_null: bool


@dataclass(eq=False, slots=True)
class Object:
    type: GraphQLObjectType
    fields: list[FieldPlan]


@dataclass(eq=False, slots=True)
class Abstract:
    """An interface or union: the runtime type is resolved per value, its fields planned on first sight."""

    type: GraphQLAbstractType
    details: FieldDetailsList
    planner: Planner
    by_type: dict[GraphQLObjectType, list[FieldPlan]] = field(default_factory=dict)

    def fields_of(self, runtime: GraphQLObjectType) -> list[FieldPlan]:
        fields = self.by_type.get(runtime)
        if fields is None:
            fields = self.by_type[runtime] = self.planner.subfields(runtime, self.details)
        return fields


Completion = Leaf | NonNull | ListOf | Object | Abstract


@dataclass(eq=False, slots=True)
class FieldPlan:
    response_name: str
    name: str
    parent: GraphQLObjectType
    definition: GraphQLField
    details: FieldDetailsList
    nodes: list[FieldNode]
    completion: Completion
    non_null: bool
    plain: Completer | None
    """A plain field (schema/execution.py): answered from its attribute alone, or SLOW."""
    attribute: str | None
    """A field without a resolver of its own whose value has selections: its attribute is read directly."""
    arguments: dict[str, Any] | None
    """Its argument values when they hold no variable (the same for every request), else None."""


@dataclass(eq=False, slots=True)
class OperationPlan:
    fields: list[FieldPlan]


class Planner:
    """Builds the plan of one operation, with the executor of the request that first sends it."""

    def __init__(self, executor: Executor[Any], plain: PlainFields) -> None:
        self.schema: GraphQLSchema = executor.schema
        self.fragments = executor.fragments
        self.variable_values = executor.variable_values
        self.operation = executor.operation
        self.hide_suggestions = executor.hide_suggestions
        self.plain = plain

    def root(self) -> OperationPlan:
        root_type = self.schema.query_type
        assert root_type is not None  # noqa: S101  (a strawberry schema always has one)
        collected = collect_fields(
            self.schema,
            self.fragments,
            self.variable_values,
            root_type,
            self.operation,
            self.hide_suggestions,
        )
        return OperationPlan(self._fields(root_type, collected.grouped_field_set))

    def subfields(self, parent: GraphQLObjectType, details: FieldDetailsList) -> list[FieldPlan]:
        collected = collect_subfields(
            self.schema,
            self.fragments,
            self.variable_values,
            self.operation,
            parent,
            details,
            self.hide_suggestions,
        )
        return self._fields(parent, collected.grouped_field_set)

    def _fields(self, parent: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> list[FieldPlan]:
        plans = []
        for response_name, details in grouped.items():
            planned = self._field(parent, response_name, details)
            if planned is not None:
                plans.append(planned)
        return plans

    def _field(
        self, parent: GraphQLObjectType, response_name: str, details: FieldDetailsList
    ) -> FieldPlan | None:
        node = details[0].node
        name = node.name.value
        if name in {"__schema", "__type"}:
            raise NotPlanned
        definition = self.schema.get_field(parent, name)
        if definition is None:
            return None  # graphql-core leaves such a field out of the response too
        plain = _typename(parent) if name == "__typename" else self.plain.get(parent, {}).get(name)
        return FieldPlan(
            response_name=response_name,
            name=name,
            parent=parent,
            definition=definition,
            details=details,
            nodes=[d.node for d in details],
            completion=self._completion(definition.type, details),
            non_null=isinstance(definition.type, GraphQLNonNull),
            plain=plain,
            attribute=_attribute(definition),
            arguments=self._static_arguments(definition, details),
        )

    def _completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Completion:
        if isinstance(type_, GraphQLNonNull):
            return NonNull(self._completion(type_.of_type, details))
        if isinstance(type_, GraphQLList):
            return ListOf(self._completion(type_.of_type, details), isinstance(type_.of_type, GraphQLNonNull))
        if is_leaf_type(type_):
            return Leaf(type_)
        if is_abstract_type(type_):
            return Abstract(type_, details, self)
        assert isinstance(type_, GraphQLObjectType)  # noqa: S101  (what is left of an output type)
        return Object(type_, self.subfields(type_, details))

    def _static_arguments(self, definition: GraphQLField, details: FieldDetailsList) -> dict[str, Any] | None:
        node = details[0].node
        if not definition.args and not node.arguments:
            return {}
        if any(holds_variable(argument.value) for argument in node.arguments or ()):
            return None
        try:
            return get_argument_values(
                definition,
                node,
                self.variable_values,
                details[0].fragment_variable_values,
                self.hide_suggestions,
            )
        except GraphQLError:
            return None  # refused each time, at the field's path, by the run


class NotPlanned(Exception):
    """The operation uses something a plan does not answer: graphql-core runs it."""


def _typename(parent: GraphQLObjectType) -> Completer:
    name = parent.name
    return lambda _source: name


class _Finder(Visitor):
    def __init__(self, kind: type) -> None:
        super().__init__()
        self.kind = kind
        self.found = False

    def enter(self, node: Any, *_args: Any) -> Any:
        if isinstance(node, self.kind):
            self.found = True
            return self.BREAK
        return None


def _contains(node: Any, kind: type) -> bool:
    finder = _Finder(kind)
    visit(node, finder)
    return finder.found


def _attribute(definition: GraphQLField) -> str | None:
    """The attribute a field reads when it has no resolver, permission or extension of its own."""
    strawberry_field = definition.extensions.get("strawberry-definition")
    if strawberry_field is None or definition.args or not is_plain(strawberry_field):
        return None
    name: str = strawberry_field.python_name
    return name


def build_plan(executor: Executor[Any], plain: PlainFields) -> OperationPlan | None:
    """The plan of the executor's operation, or None when graphql-core must run it."""
    operation: OperationDefinitionNode = executor.operation
    if operation.operation is not OperationType.QUERY:
        return None
    if _contains(operation, DirectiveNode) or any(
        _contains(fragment.definition, DirectiveNode) for fragment in executor.fragments.values()
    ):
        return None
    try:
        return Planner(executor, plain).root()
    except (NotPlanned, RecursionError):
        return None


class PlanCache(LeastRecentlyUsed[tuple[str, str | None], OperationPlan | None]):
    """Plans by document text and operation name, so a document parsed again (evicted from the parse cache,
    or sent by another process's client) finds its plan."""

    def __init__(
        self, build: Callable[[Executor[Any]], OperationPlan | None], size: int = PLAN_CACHE_SIZE
    ) -> None:
        super().__init__(size)
        self.build = build

    def plan(self, executor: Executor[Any]) -> OperationPlan | None:
        operation = executor.operation
        if operation.loc is None:  # parsed without locations: nothing to key it by
            return self.build(executor)
        key = (operation.loc.source.body, operation.name.value if operation.name else None)
        return self.get(key) if key in self else self.put(key, self.build(executor))
