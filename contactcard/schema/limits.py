"""Limits checked before the document is validated: depth, aliases, directives, repeated fields, tokens and
the node budget.

The node budget is GitHub's: every connection asks for `first` nodes (20 when omitted; a card panel for up
to 50) times what the connections above it ask for; the sum must stay within the budget. Each argument is
read as the executor will read it (graphql-core's `get_variable_values` and `get_argument_values`): the
variable's value, else the variable's declared default, else the argument's default. The figure is reported
as `extensions.cost.requested`, and an operation over any limit is refused with a stable `extensions.code`
before a single resolver runs.

The walk runs before validation, whose cost grows faster than the document (comparing the fields that share
a response name is quadratic in how many there are): the cheap limits refuse first, so what reaches
validation is small enough to validate quickly. Fragments are expanded (aliases, directives and repeats
are counted where they are used), with a cap on the number of expanded selections so that a document of
nested spreads cannot make the walk itself expensive.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_argument_values,
    get_named_type,
    get_variable_values,
)
from graphql.execution.values import VariableValues
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from contactcard.lru import LeastRecentlyUsed
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from contactcard.schema.operation import chosen_operation, holds_variable

PANEL_PAGE_SIZE = 50
"""A card panel's data field takes its page size from the layout: at most 50."""
MAX_EXPANDED_SELECTIONS = 5_000
VALIDATION_CACHE_SIZE = 256


@dataclass(frozen=True)
class Limits:
    depth: int = 12
    aliases: int = 30
    directives: int = 50
    tokens: int = 5000
    node_budget: int = 50_000
    repeated_fields: int = 10
    """How many fields of one selection set (fragments expanded) may share a response name, multiplied
    along the path by the repeats of the fields above (validation compares the fields of each pair)."""


class LimitExceeded(GraphQLError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, extensions={"code": code})


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: VariableValues | None
    """The operation's variables as the executor coerces them; None when they do not coerce (the operation
    will not execute then, so only the limits that do not depend on values matter)."""
    limits: Limits
    depth: int = 0
    aliases: int = 0
    directives: int = 0
    requested: int = 0
    selections: int = 0
    active: list[str] = field(default_factory=list)
    read_variables: bool = False
    """Whether a counted argument depended on the variables (else the walk's figure holds for any)."""

    def selections_of(self, selection_set: SelectionSetNode, parent: Any) -> Iterator[tuple[FieldNode, Any]]:
        """The fields of a selection set, fragments expanded, each with the type it is selected on."""
        for selection in selection_set.selections:
            self.selections += 1
            if self.selections > MAX_EXPANDED_SELECTIONS:
                raise LimitExceeded("MAX_COMPLEXITY", "the operation expands to too many selections")
            self.count_directives(selection.directives)
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

    def count_directives(self, directives: Any) -> None:
        """Count a node's directives; an unknown or repeated one is refused here, as one error, rather than
        by validation with one error per use (`{ __typename @aa @aa @aa … }`)."""
        self.directives += len(directives or ())
        if self.directives > self.limits.directives:
            raise LimitExceeded(
                "MAX_DIRECTIVES", f"an operation may use at most {self.limits.directives} directives"
            )
        seen: set[str] = set()
        for directive in directives or ():
            name = directive.name.value
            known = self.schema.get_directive(name)
            if known is None:
                raise LimitExceeded("GRAPHQL_VALIDATION_FAILED", f"Unknown directive '@{name}'.")
            if name in seen and not known.is_repeatable:
                raise LimitExceeded(
                    "GRAPHQL_VALIDATION_FAILED",
                    f"The directive '@{name}' can only be used once at this location.",
                )
            seen.add(name)

    def visit(
        self, selection_set: SelectionSetNode, parent: Any, depth: int, multiplier: int, repeats: int = 1
    ) -> None:
        """Walk a selection set: `multiplier` nodes of its parent are fetched, and `repeats` is how many times
        over the fields above it share their response names (validation compares each such pair)."""
        fields = list(self.selections_of(selection_set, parent))
        names = [(node.alias or node.name).value for node, _ in fields]
        counts = Counter(names) if len(set(names)) < len(names) else None  # most selections repeat nothing
        for (node, on), name in zip(fields, names, strict=True):
            repeated = repeats * (counts[name] if counts is not None else 1)
            if repeated > self.limits.repeated_fields:
                raise LimitExceeded(
                    "MAX_REPEATED_FIELDS",
                    f"`{name}` is selected {repeated} times over (counting the "
                    f"fields above it that repeat too); at most {self.limits.repeated_fields}",
                )
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
            paged = isinstance(child, GraphQLObjectType) and "pageInfo" in child.fields
            # Only a page size and a list of ids change the count: other fields' arguments are not read.
            counted = paged or (definition is not None and "ids" in definition.args)
            arguments = self.arguments(node, definition) if counted else {}
            below = multiplier * _id_count(arguments)
            if paged:
                first = _page_size(arguments, definition)
                self.requested += multiplier * first
                below = multiplier * first
                if self.requested > self.limits.node_budget:
                    raise LimitExceeded(
                        "NODE_BUDGET",
                        f"the operation may return up to {self.requested} nodes, over the budget of "
                        f"{self.limits.node_budget}: ask for smaller pages",
                    )
            self.visit(node.selection_set, child, depth + 1, below, repeated)

    def arguments(self, node: FieldNode, definition: GraphQLField | None) -> dict[str, Any]:
        """The field's arguments as the executor will see them ({} when they do not coerce: validation or
        execution then refuses the operation, and nothing runs)."""
        if definition is None or not definition.args:
            return {}
        if self.variables is None or any(holds_variable(a.value) for a in node.arguments or ()):
            self.read_variables = True
        if self.variables is None:
            return {}
        try:
            return get_argument_values(definition, node, self.variables)
        except GraphQLError:
            return {}


def _id_count(arguments: dict[str, Any]) -> int:
    """A field that takes a list of `ids` (`nodes`) repeats its selection for each of them."""
    ids = arguments.get("ids")
    return max(len(ids), 1) if isinstance(ids, list) else 1


def _page_size(arguments: dict[str, Any], definition: GraphQLField | None) -> int:
    if definition is None or "first" not in definition.args:
        return PANEL_PAGE_SIZE
    # `first` (or `last`, paging backwards) says how many nodes the connection fetches.
    value = arguments.get("first")
    if value is None:
        value = arguments.get("last")
    if value is None:
        return DEFAULT_PAGE_SIZE
    # Out of range, the field is refused with PAGE_SIZE at its path and fetches nothing.
    return value if isinstance(value, int) and 1 <= value <= MAX_PAGE_SIZE else 0


def requested_nodes(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: Limits,
) -> int:
    """The operation's node budget; raises LimitExceeded for any limit it goes over (and GraphQLError when
    the document does not say which operation runs). A document whose budget reads no variable (a card's
    `$id` counts nothing) is walked once per process: its figure is kept by its text."""
    key = (schema, document.loc.source.body, operation_name, limits) if document.loc else None
    if key is not None and key in _walked:
        return _walked.get(key)
    operation = chosen_operation(document, operation_name)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walk = _Walk(schema, fragments, _coerced(schema, operation, variables), limits)
    walk.count_directives(operation.directives)
    root = _root_type(schema, operation)
    walk.visit(operation.selection_set, root, 0, 1)
    if key is not None and not walk.read_variables:
        _walked.put(key, walk.requested)
    return walk.requested


_walked: LeastRecentlyUsed[tuple[Any, ...], int] = LeastRecentlyUsed(256)
"""The budgets of documents whose walk read no variable, by (schema, text, operation name, limits)."""


def _coerced(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Mapping[str, Any] | None
) -> VariableValues | None:
    """The variables with their declared defaults, coerced as the executor does (None: they do not)."""
    try:
        coerced = get_variable_values(schema, operation.variable_definitions or (), dict(variables or {}))
    except GraphQLError:
        return None
    return coerced if isinstance(coerced, VariableValues) else None


def _root_type(schema: GraphQLSchema, operation: OperationDefinitionNode) -> GraphQLObjectType | None:
    return schema.get_root_type(operation.operation)


_validate = functools.lru_cache(maxsize=VALIDATION_CACHE_SIZE)(validate_document)
"""strawberry's validation, cached per (schema, parsed document, rules) as its ValidationCache does."""


class LimitsExtension(SchemaExtension):
    """Caps the parser's tokens, refuses an operation over a limit before it is validated, then validates it
    (cached): over a limit, the cost of a request is the parse and one walk of the document."""

    limits = Limits()

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.limits.tokens
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:  # None: not refused already
            schema = context.schema._schema  # graphql-core's schema
            try:
                requested = requested_nodes(
                    schema, document, context.operation_name, context.variables, self.limits
                )
            except GraphQLError as exceeded:  # a LimitExceeded, or no operation to run
                context.pre_execution_errors = [exceeded]
            else:
                _record_requested(context.context, requested)
                context.pre_execution_errors = _validate(schema, document, context.validation_rules)
        yield


def _record_requested(request_context: Any, requested: int) -> None:
    if isinstance(request_context, RequestContext):
        request_context.requested_nodes = requested


def limits_extension(limits: Limits) -> type[LimitsExtension]:
    return type("ConfiguredLimits", (LimitsExtension,), {"limits": limits})
