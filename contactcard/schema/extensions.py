"""One schema extension for every request: the cost report and the masking of unexpected errors.

It implements only `on_operation` and `get_results`, never `resolve`: a `resolve` hook makes every field
async and several times slower (DESIGN.md section 5).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import ParserCache, SchemaExtension

from contactcard.db.failures import is_unavailable
from contactcard.resolvers.context import RequestContext

log = logging.getLogger("contactcard.errors")


def is_expected(error: GraphQLError) -> bool:
    """Our own errors (with a code) and GraphQL's own (syntax, validation, coercion) are shown as they are."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def masked(error: GraphQLError, request_id: str) -> GraphQLError:
    if error.original_error is not None and is_unavailable(error.original_error):
        return GraphQLError(
            "The database is unavailable: retry shortly",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "SERVICE_UNAVAILABLE", "requestId": request_id},
        )
    return GraphQLError(
        f"Internal error. Quote request id {request_id} when reporting it.",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    )


def count_list_items(data: Any) -> int:
    """The `nodes` of the cost report: the items of every list in the response. A loop over a stack of the
    containers still to visit, not a recursion with a generator per container: it walks every response,
    and GRAPH's (some 4 000 objects) took twice as long the recursive way."""
    if not isinstance(data, dict | list):
        return 0
    count = 0
    stack: list[dict[str, Any] | list[Any]] = [data]
    pop, push = stack.pop, stack.append
    while stack:
        container = pop()
        if isinstance(container, dict):
            children: Any = container.values()
        else:
            count += len(container)
            children = container
        for child in children:
            if isinstance(child, dict | list):
                push(child)
    return count


_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")
"""graphql-core's suggestions, wherever they stand in a message ("… field 'tgs'. Did you mean 'tags'? Found:
…"): names cannot hold a '?'."""


def with_code(error: GraphQLError, suggestions: bool) -> GraphQLError:
    """GraphQL's own errors get a stable code too: parse, token limit, validation."""
    if error.extensions and "code" in error.extensions:
        return error
    message = error.message if suggestions else _SUGGESTION.sub("", error.message)
    if "Document contains more than" in message:
        code = "MAX_TOKENS"
    elif message.startswith("Syntax Error"):
        code = "GRAPHQL_PARSE_FAILED"
    elif error.path is None:
        code = "GRAPHQL_VALIDATION_FAILED"
    else:
        code = "BAD_USER_INPUT"
    return GraphQLError(
        message, nodes=error.nodes, path=error.path, extensions={**(error.extensions or {}), "code": code}
    )


class RequestExtension(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        context = self.execution_context.context
        if isinstance(context, RequestContext):
            context.operation = _operation_label(self.execution_context)
            context.response_nodes = count_list_items(result.data if result is not None else None)
        if result is None or not result.errors or not isinstance(context, RequestContext):
            return
        suggestions = getattr(self.execution_context.schema, "suggestions", True)
        result.errors = [
            with_code(error, suggestions) if is_expected(error) else masked(error, context.request_id)
            for error in result.errors
        ]

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, RequestContext):
            return {}
        return {
            "cost": {
                "requested": context.requested_nodes,
                "sqlStatements": context.statements.count,
                "nodes": context.response_nodes,
                "durationMs": round((time.perf_counter() - context.started_at) * 1000, 2),
            }
        }


def _operation_label(execution_context: Any) -> str | None:
    """The operation's name, else its type (`query`, `mutation`); None when the document did not parse."""
    try:
        name: str | None = execution_context.operation_name
        kind: str = execution_context.operation_type.value
    except Exception:  # no document, or no operation in it
        return None
    return name or kind


class CachedParse(ParserCache):
    """Parse each document once (bounded LRU). A document that does not parse is left to strawberry's own
    parse, which reports the error through the usual path (with its code), instead of raising from here."""

    def on_parse(self) -> Iterator[None]:
        try:
            parse_and_cache = super().on_parse()
            next(parse_and_cache)
        except GraphQLError:
            self.execution_context.graphql_document = None
        yield
