"""Limits checked before anything executes: depth, aliases, directives, tokens and the node budget.

The node budget is GitHub's: every connection asks for `first` nodes (20 when omitted; a card panel for up
to 50) times what the connections above it ask for; the sum must stay within the budget. It is computed
from the parsed operation and its variables, reported as `extensions.cost.requested`, and an operation over
any limit is refused with a stable `extensions.code` before a single resolver runs.

Fragments are expanded (aliases and directives are counted where they are used), with a cap on the number
of expanded selections so that a document of nested spreads cannot make the walk itself expensive.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
)
from graphql.execution import ExecutionResult
from strawberry.extensions import SchemaExtension

from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

PANEL_PAGE_SIZE = 50
"""A card panel's data field takes its page size from the layout: at most 50."""
MAX_EXPANDED_SELECTIONS = 20_000


@dataclass(frozen=True)
class Limits:
    depth: int = 12
    aliases: int = 30
    directives: int = 50
    tokens: int = 5000
    node_budget: int = 50_000


class LimitExceeded(GraphQLError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, extensions={"code": code})


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    limits: Limits
    depth: int = 0
    aliases: int = 0
    directives: int = 0
    requested: int = 0
    selections: int = 0
    active: list[str] = field(default_factory=list)

    def selections_of(self, selection_set: SelectionSetNode, parent: Any) -> Iterator[tuple[FieldNode, Any]]:
        """The fields of a selection set, fragments expanded, each with the type it is selected on."""
        for selection in selection_set.selections:
            self.selections += 1
            if self.selections > MAX_EXPANDED_SELECTIONS:
                raise LimitExceeded("MAX_COMPLEXITY", "the operation expands to too many selections")
            self.directives += len(selection.directives or ())
            if self.directives > self.limits.directives:
                raise LimitExceeded(
                    "MAX_DIRECTIVES", f"an operation may use at most {self.limits.directives} directives"
                )
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                yield from self.selections_of(selection.selection_set, on)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in self.active:
                    continue  # unknown or circular: validation reports it
                self.active.append(name)
                yield from self.selections_of(
                    fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value)
                )
                self.active.pop()

    def visit(self, selection_set: SelectionSetNode, parent: Any, depth: int, multiplier: int) -> None:
        for node, on in self.selections_of(selection_set, parent):
            if node.alias is not None:
                self.aliases += 1
                if self.aliases > self.limits.aliases:
                    raise LimitExceeded(
                        "MAX_ALIASES", f"an operation may use at most {self.limits.aliases} aliases"
                    )
            if node.selection_set is None:
                continue
            if depth + 1 > self.limits.depth:
                raise LimitExceeded("MAX_DEPTH", f"an operation may nest at most {self.limits.depth} levels")
            self.depth = max(self.depth, depth + 1)
            definition = (
                on.fields.get(node.name.value)
                if isinstance(on, GraphQLObjectType | GraphQLInterfaceType)
                else None
            )
            child = get_named_type(definition.type) if definition else None
            below = multiplier * self.id_count(node, definition)
            if isinstance(child, GraphQLObjectType) and "pageInfo" in child.fields:
                first = self.page_size(node, definition)
                self.requested += multiplier * first
                below = multiplier * first
                if self.requested > self.limits.node_budget:
                    raise LimitExceeded(
                        "NODE_BUDGET",
                        f"the operation may return up to {self.requested} nodes, over the budget of "
                        f"{self.limits.node_budget}: ask for smaller pages",
                    )
            self.visit(node.selection_set, child, depth + 1, below)

    def id_count(self, node: FieldNode, definition: Any) -> int:
        """A field that takes a list of `ids` (`nodes`) repeats its selection for each of them."""
        if definition is None or "ids" not in definition.args:
            return 1
        argument = next((a for a in node.arguments or () if a.name.value == "ids"), None)
        if argument is None:
            return 1
        if isinstance(argument.value, ListValueNode):
            return max(len(argument.value.values), 1)
        if isinstance(argument.value, VariableNode):
            value = self.variables.get(argument.value.name.value)
            return max(len(value), 1) if isinstance(value, list) else 1
        return 1

    def page_size(self, node: FieldNode, definition: Any) -> int:
        if "first" not in definition.args:
            return PANEL_PAGE_SIZE
        # `first` (or `last`, paging backwards) says how many nodes the connection fetches.
        argument = next((a for a in node.arguments or () if a.name.value in {"first", "last"}), None)
        value: Any = DEFAULT_PAGE_SIZE
        if argument is not None:
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value, DEFAULT_PAGE_SIZE)
        if not isinstance(value, int):
            return DEFAULT_PAGE_SIZE
        # Out of range, the field is refused with PAGE_SIZE at its path and fetches nothing.
        return value if 1 <= value <= MAX_PAGE_SIZE else 0


def requested_nodes(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: Limits,
) -> int:
    """The operation's node budget; raises LimitExceeded for any limit it goes over."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walk = _Walk(schema, fragments, variables or {}, limits)
    walk.directives += len(operation.directives or ())
    root = _root_type(schema, operation)
    walk.visit(operation.selection_set, root, 0, 1)
    return walk.requested


def _root_type(schema: GraphQLSchema, operation: OperationDefinitionNode) -> GraphQLObjectType | None:
    return schema.get_root_type(operation.operation)


class LimitsExtension(SchemaExtension):
    """Caps the parser's tokens, and refuses an operation over a limit before it executes."""

    limits = Limits()

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.limits.tokens
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            try:
                requested = requested_nodes(
                    self.execution_context.schema._schema,  # graphql-core's schema
                    document,
                    context.operation_name,
                    context.variables,
                    self.limits,
                )
            except LimitExceeded as exceeded:
                context.result = ExecutionResult(data=None, errors=[exceeded])
            else:
                _record_requested(context.context, requested)
        yield


def _record_requested(request_context: Any, requested: int) -> None:
    if isinstance(request_context, RequestContext):
        request_context.requested_nodes = requested


def limits_extension(limits: Limits) -> type[LimitsExtension]:
    return type("ConfiguredLimits", (LimitsExtension,), {"limits": limits})
