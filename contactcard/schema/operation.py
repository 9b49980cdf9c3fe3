"""The operation a request runs, as the checks that walk it before it runs (the read scope, the limits) find
it: the one named by `ExecutionContext.operation_name`, which strawberry fills with the first operation's
name when the request names none, so the checks walk what strawberry then runs; a document whose operation
cannot be told (several, the first anonymous) is refused before anything runs."""

from __future__ import annotations

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode


def chosen_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) == 1:
            return operations[0]
        raise GraphQLError(
            "The document holds several operations: name the one to run with `operationName`"
            if operations
            else "The document holds no operation",
            extensions={"code": "OPERATION_NAME_REQUIRED" if operations else "GRAPHQL_VALIDATION_FAILED"},
        )
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    raise GraphQLError(f"Unknown operation named {operation_name!r}", extensions={"code": "BAD_REQUEST"})
