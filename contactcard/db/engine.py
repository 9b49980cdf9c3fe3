"""The async engine and its pool, and the per-request statement counter behind `extensions.cost`."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


@dataclass
class StatementCounter:
    """Statements sent to PostgreSQL on behalf of one request (every task of the request shares it)."""

    count: int = 0
    statements: list[str] = field(default_factory=list)
    keep_text: bool = False


current_counter: contextvars.ContextVar[StatementCounter | None] = contextvars.ContextVar(
    "contactcard_statement_counter", default=None
)
current_workspace: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "contactcard_workspace", default=None
)
"""The workspace of the request being served: every transaction of an application engine names it to
PostgreSQL's row-level security (`contactcard.workspace_id`); without it the policies show no rows."""

_SET_WORKSPACE = "SELECT set_config('contactcard.workspace_id', $1, false)"
_NAMED_WORKSPACE = "contactcard_workspace"
"""Where a pooled connection's record keeps the workspace its session names (set at most once per change)."""


def _count_statement(
    _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _executemany: bool
) -> None:
    counter = current_counter.get()
    if counter is not None:
        counter.count += 1
        if counter.keep_text:
            counter.statements.append(statement)


def _name_the_workspace(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """At each checkout from the pool: make the connection's session name the request's workspace ('' for
    none: the policies then show no rows). A session setting, sent only when it changes, rather than one per
    transaction: a read then needs no BEGIN, set_config and ROLLBACK around its single statement."""
    workspace = current_workspace.get()
    wanted = "" if workspace is None else str(workspace)
    if record.info.get(_NAMED_WORKSPACE) != wanted:
        dbapi_connection.run_async(lambda raw: raw.execute(_SET_WORKSPACE, wanted))
        record.info[_NAMED_WORKSPACE] = wanted


def create_engine(
    url: URL,
    *,
    pool_size: int = 10,
    max_overflow: int = 20,
    statement_timeout_ms: int = 5000,
    plan_cache_mode: str = "force_custom_plan",
    app_role: str | None = None,
) -> AsyncEngine:
    """An engine whose every connection runs with our server settings.

    `plan_cache_mode = force_custom_plan`: asyncpg prepares and reuses statements, and PostgreSQL's generic
    plan for skewed per-contact tables was 8x slower than a custom one in a probe (DESIGN.md section 5).

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
            }
        },
    )
    event.listen(engine.sync_engine, "before_cursor_execute", _count_statement)
    if app_role:

        def switch_role(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.run_async(lambda raw: raw.execute(f'SET ROLE "{app_role}"'))

        event.listen(engine.sync_engine, "connect", switch_role)
        event.listen(engine.sync_engine, "checkout", _name_the_workspace)
    return engine
