"""What counts as the database failing (down, restarting, a statement timeout, a connection cut off), as
opposed to a bug of ours: the first is a 503 `SERVICE_UNAVAILABLE` the client may retry, the second a masked
`INTERNAL_SERVER_ERROR` with a request id."""

from __future__ import annotations

from collections.abc import Callable

import asyncpg
import sqlalchemy.exc
from sqlalchemy.exc import SQLAlchemyError

from contactcard.db.engine import DISCONNECTED
from contactcard.db.runtime import DatabaseUnavailable

DATABASE_FAILURES: tuple[type[BaseException], ...] = (
    *DISCONNECTED,  # refused, reset, timed out (TimeoutError is an OSError), cut off
    SQLAlchemyError,
    DatabaseUnavailable,
    asyncpg.PostgresError,  # the server's errors: a statement timeout, too many connections, shutting down
)


def _caused_by(exc: BaseException, test: Callable[[BaseException], bool]) -> bool:
    """Whether `exc`, or one of the (at most five) exceptions that caused it, passes `test`."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if test(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def is_database_failure(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) is the database failing rather than a bug of ours."""
    return _caused_by(exc, lambda seen: isinstance(seen, DATABASE_FAILURES))


UNAVAILABLE: tuple[type[BaseException], ...] = (
    *DISCONNECTED,
    DatabaseUnavailable,
    asyncpg.TooManyConnectionsError,
    sqlalchemy.exc.TimeoutError,  # no pooled connection came free in time
)
"""The narrower set for errors while an operation executes: the database is not there (a statement that
failed, a constraint, bad SQL, stays a masked internal error: that is a bug to see, not to retry)."""


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database cannot be reached right now."""
    return _caused_by(
        exc,
        lambda seen: (
            isinstance(seen, UNAVAILABLE)
            or (isinstance(seen, sqlalchemy.exc.DBAPIError) and seen.connection_invalidated)
        ),
    )
