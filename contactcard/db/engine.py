"""The async engine and its pool, and the per-request statement counter behind `extensions.cost`."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


@dataclass
class StatementCounter:
    """Statements sent to PostgreSQL on behalf of one request (every task of the request shares it)."""

    count: int = 0
    statements: list[tuple[str, Any]] = field(default_factory=list)
    """With `keep_text`: each statement's text and parameters (bench/probes/statements.py explains them)."""
    keep_text: bool = False


current_counter: contextvars.ContextVar[StatementCounter | None] = contextvars.ContextVar(
    "contactcard_statement_counter", default=None
)
current_workspace: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "contactcard_workspace", default=None
)
"""The workspace of the request being served: every transaction of an application engine names it to
PostgreSQL's row-level security (`contactcard.workspace_id`); without it the policies show no rows."""

_SET_SESSION = (
    "SELECT set_config('contactcard.workspace_id', $1, false), set_config('plan_cache_mode', $2, false)"
)
_NAMED_WORKSPACE = "contactcard_workspace"
"""Where a pooled connection's record keeps the workspace its session names (set at most once per change)."""
PLAN_MODE = "contactcard_plan_cache_mode"
"""Where a pooled connection's record keeps its session's `plan_cache_mode` (see `planned_for_values`)."""
_DEFAULT_PLAN_MODE = "contactcard_default_plan_cache_mode"
CUSTOM_PLAN = "force_custom_plan"


def _count_statement(
    _conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, _executemany: bool
) -> None:
    counter = current_counter.get()
    if counter is not None:
        counter.count += 1
        if counter.keep_text:
            counter.statements.append((statement, params))


DISCONNECTED: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.InterfaceError,  # closed under the statement
    asyncpg.InternalClientError,  # the protocol, left mid-operation by the cut
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
)
"""What a statement raises when its connection is dead, not when the statement failed."""


verify_checkout: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "contactcard_verify_checkout", default=False
)
"""Set by a read that found its connection dead: the next checkout sends its session statement even when
nothing changed, so that a dead connection is found there (and the whole pool renewed) rather than by the
read again."""


def _on_live_connection(dbapi_connection: Any, statement: Callable[[Any], Any]) -> None:
    """Run a checkout hook's statement. A dead connection raises InvalidatePoolError: SQLAlchemy's pool then
    discards every connection made before now (a server that cut one has usually cut them all: a restart)
    and checks out a new one (its documented pessimistic-disconnect protocol)."""
    try:
        dbapi_connection.run_async(statement)
    except DISCONNECTED as exc:
        raise InvalidatePoolError(f"the pooled connection is dead: {exc!r}") from exc


def _prepare_session(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """At each checkout from the pool of a serving engine: make the connection's session name the request's
    workspace ('' for none: the policies then show no rows) and plan in the engine's default mode (a
    statement planned for its values may have switched it). Session settings, sent only when they change,
    rather than one per transaction: a read then needs no BEGIN, set_config and ROLLBACK around its single
    statement."""
    workspace = current_workspace.get()
    wanted = "" if workspace is None else str(workspace)
    mode = record.info[_DEFAULT_PLAN_MODE]
    if record.info.get(_NAMED_WORKSPACE) != wanted or record.info[PLAN_MODE] != mode or verify_checkout.get():
        _on_live_connection(dbapi_connection, lambda raw: raw.execute(_SET_SESSION, wanted, mode))
        record.info[_NAMED_WORKSPACE] = wanted
        record.info[PLAN_MODE] = mode


def _restore_plan_mode(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """At each checkout from the pool of an owner's engine: plan in the engine's default mode again."""
    mode = record.info[_DEFAULT_PLAN_MODE]
    if record.info[PLAN_MODE] != mode or verify_checkout.get():
        _on_live_connection(dbapi_connection, lambda raw: raw.execute(f"SET plan_cache_mode = {mode}"))
        record.info[PLAN_MODE] = mode


async def planned_for_values(connection: Any) -> None:
    """Make the checked-out `connection` (SQLAlchemy's pooled one) plan its next statements for their
    values (a custom plan), as a statement whose best plan depends on them needs (a filtered list); the next
    checkout restores the default. One round trip, only when the session is not in that mode already."""
    if connection.info.get(PLAN_MODE) != CUSTOM_PLAN:
        await connection.driver_connection.execute(f"SET plan_cache_mode = {CUSTOM_PLAN}")
        connection.info[PLAN_MODE] = CUSTOM_PLAN


MAX_PREPARED_STATEMENT_BYTES = 256 * 1024


def create_engine(
    url: URL,
    *,
    pool_size: int = 10,
    max_overflow: int = 20,
    statement_timeout_ms: int = 5000,
    plan_cache_mode: str = "force_generic_plan",
    app_role: str | None = None,
) -> AsyncEngine:
    """An engine whose every connection runs with our server settings.

    `plan_cache_mode = force_generic_plan`: asyncpg prepares every statement once per connection, and
    PostgreSQL then plans it once instead of at every execution. A card's reads are index seeks by id
    arrays, whose plan does not depend on the values: planning them anew each time was 5 of the 6 ms
    PostgreSQL spent per card (bench/optimisations.md, issue 17). Statements whose plan does depend on the
    values (a filtered list) ask for a custom plan (`planned_for_values`).

    With `app_role`, the engine serves requests: its connections switch to that role (which neither owns
    the tables nor bypasses row-level security) and each checkout names the request's workspace. Without
    it (migrations, seeding, the CLI) the engine acts as the connecting role, the tables' owner.
    """
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=False,
        connect_args={
            # asyncpg prepares (and PostgreSQL plans once) only statements up to 15 KB by default; a card's
            # pages read together (db/combined.py) are about 22 KB.
            "max_cacheable_statement_size": MAX_PREPARED_STATEMENT_BYTES,
            "server_settings": {
                "plan_cache_mode": plan_cache_mode,
                "statement_timeout": str(statement_timeout_ms),
                "application_name": "contactcard",
                "timezone": "UTC",
                # A list over a large workspace is estimated costly enough for JIT, which then spends more
                # time compiling (0.6 s seen) than the query runs: an API's statements are never worth it.
                "jit": "off",
                # Parallel workers on two cores take the CPU other requests wait for; one at a time, a
                # filtered list of 100 000 contacts ran in 78 ms without them and 107 ms with two.
                "max_parallel_workers_per_gather": "0",
            },
        },
    )
    event.listen(engine.sync_engine, "before_cursor_execute", _count_statement)

    def note_plan_mode(_dbapi_connection: Any, record: Any) -> None:
        record.info[_DEFAULT_PLAN_MODE] = record.info[PLAN_MODE] = plan_cache_mode

    event.listen(engine.sync_engine, "connect", note_plan_mode)
    if app_role:

        def switch_role(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.run_async(lambda raw: raw.execute(f'SET ROLE "{app_role}"'))

        event.listen(engine.sync_engine, "connect", switch_role)
    event.listen(engine.sync_engine, "checkout", _prepare_session if app_role else _restore_plan_mode)
    return engine
