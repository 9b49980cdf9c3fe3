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

_SET_WORKSPACE = "SELECT set_config('contactcard.workspace_id', $1, true)"


def _count_statement(
    _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _executemany: bool
) -> None:
    counter = current_counter.get()
    if counter is not None and statement != _SET_WORKSPACE:
        counter.count += 1
        if counter.keep_text:
            counter.statements.append(statement)


def _name_the_workspace(conn: Any) -> None:
    """At the start of each transaction: which workspace's rows row-level security lets it see."""
    workspace = current_workspace.get()
    if workspace is not None:
        conn.exec_driver_sql(_SET_WORKSPACE, (str(workspace),))


def create_engine(
    url: URL,
    *,
    pool_size: int = 10,
    max_overflow: int = 20,
    statement_timeout_ms: int = 5000,
    app_role: str | None = None,
) -> AsyncEngine:
    """An engine whose every connection runs with our server settings.

    `plan_cache_mode = force_custom_plan`: asyncpg prepares and reuses statements, and PostgreSQL's generic
    plan for skewed per-contact tables was 8x slower than a custom one in a probe (DESIGN.md section 5).

    With `app_role`, the engine serves requests: its connections switch to that role (which neither owns
    the tables nor bypasses row-level security) and each transaction names the request's workspace. Without
    it (migrations, seeding, the CLI) the engine acts as the connecting role, the tables' owner.
    """
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=False,
        connect_args={
            "server_settings": {
                "plan_cache_mode": "force_custom_plan",
                "statement_timeout": str(statement_timeout_ms),
                "application_name": "contactcard",
                "timezone": "UTC",
            }
        },
    )
    event.listen(engine.sync_engine, "before_cursor_execute", _count_statement)
    if app_role:

        def switch_role(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.run_async(lambda raw: raw.execute(f'SET ROLE "{app_role}"'))

        event.listen(engine.sync_engine, "connect", switch_role)
        event.listen(engine.sync_engine, "begin", _name_the_workspace)
    return engine
