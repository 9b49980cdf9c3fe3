"""From settings to a running engine: the URL (DATABASE_URL or the embedded server), reachability, schema."""

from __future__ import annotations

import asyncio
import socket

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.config import Settings
from contactcard.db.embedded import start_embedded
from contactcard.db.engine import create_engine
from contactcard.db.url import sqlalchemy_url


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or used; the message says what to do."""


def database_url(settings: Settings) -> URL:
    if settings.database_url:
        return sqlalchemy_url(settings.database_url)
    return start_embedded(settings.data_dir)


def engine_for(settings: Settings, url: URL, *, serving: bool = False) -> AsyncEngine:
    """An engine for `url`; `serving` (the API's) works as the application role, under row-level security."""
    return create_engine(
        url,
        pool_size=settings.pool_size,
        max_overflow=settings.pool_overflow,
        statement_timeout_ms=settings.statement_timeout_ms,
        # The owner's statements (migrations, the seeder, the CLI, probes) are ad hoc and run once or a few
        # times: a plan for their values. The API's are prepared shapes run all day (db/engine.py).
        plan_cache_mode=settings.plan_cache_mode if serving else "force_custom_plan",
        app_role=(settings.db_role or None) if serving else None,
    )


async def check_reachable(engine: AsyncEngine, within_seconds: float = 10.0) -> None:
    where = engine.url.render_as_string(hide_password=True)
    try:
        async with asyncio.timeout(within_seconds), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except TimeoutError:
        raise DatabaseUnavailable(
            f"database at {where} did not answer within {within_seconds:.0f} s"
        ) from None
    except (OSError, socket.gaierror, OperationalError, DBAPIError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseUnavailable(f"cannot reach the database at {where}: {reason}") from None
