"""The operation a request runs, as the checks that walk it before it runs (the read scope, the limits) find
it: the one named by `ExecutionContext.operation_name`, which strawberry fills with the first operation's
name when the request names none, so the checks walk what strawberry then runs; a document whose operation
cannot be told (several, the first anonymous) is refused before anything runs."""

from __future__ import annotations

from graphql import (
    DocumentNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    ValueNode,
    VariableNode,
    get_operation_ast,
)


def chosen_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operation = get_operation_ast(document, operation_name)
    if operation is not None:
        return operation
    if operation_name is not None:
        raise GraphQLError(f"Unknown operation named {operation_name!r}", extensions={"code": "BAD_REQUEST"})
    several = any(isinstance(d, OperationDefinitionNode) for d in document.definitions)
    raise GraphQLError(
        "The document holds several operations: name the one to run with `operationName`"
        if several
        else "The document holds no operation",
        extensions={"code": "OPERATION_NAME_REQUIRED" if several else "GRAPHQL_VALIDATION_FAILED"},
    )


def holds_variable(value: ValueNode) -> bool:
    """Whether an argument's value refers to a variable (anywhere inside lists and input objects)."""
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(holds_variable(item) for item in value.values)
    if isinstance(value, ObjectValueNode):
        return any(holds_variable(f.value) for f in value.fields)
    return False
