"""Reading needs the `read` scope: checked once per operation, before the limits and validation run.

A query reads. A mutation's payload reads too (the contact it wrote, with its card), except its outcome:
a token without `read` (a `write`-only integration pushing events, say) may run a mutation that selects only
`userErrors` and `__typename`. What each mutation itself requires (`write`, `admin`) the mutation kernel
checks (resolvers/kernel.py); what each panel requires, the card.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
)
from strawberry.extensions import SchemaExtension

from contactcard.db.enums import Scope
from contactcard.resolvers.context import RequestContext
from contactcard.schema.operation import chosen_operation

OUTCOME_FIELDS = frozenset({"userErrors", "__typename"})


def read_refusal(
    document: DocumentNode, operation_name: str | None, scopes: frozenset[Scope]
) -> GraphQLError | None:
    """The FORBIDDEN error for an operation that reads without the `read` scope, else None (a GraphQLError
    when the document does not say which operation runs)."""
    if Scope.READ in scopes:
        return None
    operation = chosen_operation(document, operation_name)
    if operation.operation is OperationType.MUTATION:
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        payloads = [f.selection_set for f in _fields(operation.selection_set, fragments) if f.selection_set]
        if all(f.name.value in OUTCOME_FIELDS for s in payloads for f in _fields(s, fragments)):
            return None
    return GraphQLError(
        "Reading needs a token with the `read` scope (without it, a mutation may select only `userErrors`)",
        extensions={"code": "FORBIDDEN"},
    )


def _fields(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> Iterator[FieldNode]:
    """The fields of a selection set, fragments expanded (each spread once per path: no cycles)."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from _fields(fragments[name].selection_set, fragments, seen | {name})


class ReadScopeExtension(SchemaExtension):
    """Refuses an operation that reads without the `read` scope before anything else looks at it."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        request = context.context
        if context.graphql_document is not None and isinstance(request, RequestContext):
            try:
                refusal = read_refusal(
                    context.graphql_document, context.operation_name, request.viewer.scopes
                )
            except GraphQLError as error:  # no operation to check: none may run
                refusal = error
            if refusal is not None:
                context.pre_execution_errors = [refusal]
        yield
