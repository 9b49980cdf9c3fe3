"""What every HTTP route shares: coded JSON errors, and the authentication each request starts with.

A request is refused with a GraphQL-shaped body (`{"errors": [{"message", "extensions": {"code"}}]}`) and
an HTTP status, never a bare 500: a database that fails while the token is looked up (down, restarting, a
statement timeout, a connection cut off) is a 503 `SERVICE_UNAVAILABLE` with `Retry-After`.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection
from starlette.responses import Response

from contactcard.auth.viewer import Unauthenticated, Viewer, authenticate
from contactcard.db.failures import is_database_failure

log = logging.getLogger("contactcard")

RETRY_AFTER_SECONDS = 2
"""What a 503 tells the client to wait: the pool reconnects on the next checkout."""


class RequestRefused(Exception):
    """A request refused before it runs: a GraphQL error with `code`, answered with HTTP `status`."""

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def json_response(data: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(data), status_code=status_code, media_type="application/json", headers=headers
    )


def graphql_error(
    message: str, code: str, status_code: int, *, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    return json_response(
        {"errors": [{"message": message, "extensions": {"code": code, **extra}}]}, status_code, headers
    )


def refused(exc: RequestRefused) -> Response:
    return graphql_error(str(exc), exc.code, exc.status)


def unavailable(
    request_id: str, message: str = "Service unavailable", code: str = "SERVICE_UNAVAILABLE"
) -> Response:
    return graphql_error(
        message, code, 503, headers={"retry-after": str(RETRY_AFTER_SECONDS)}, requestId=request_id
    )


async def authenticated(engine: AsyncEngine, request: HTTPConnection, request_id: str) -> Viewer | Response:
    """The viewer behind the request's bearer token, or the response that refuses the request."""
    try:
        return await authenticate(engine, request.headers.get("authorization"))
    except Unauthenticated as exc:
        return graphql_error(str(exc), "UNAUTHENTICATED", 401)
    except Exception as exc:
        if not is_database_failure(exc):
            raise
        log.exception("request %s: database unavailable during authentication", request_id)
        return unavailable(request_id)
