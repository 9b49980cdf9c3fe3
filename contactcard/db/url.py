"""Turn a user's `DATABASE_URL` into the two forms we need: SQLAlchemy's and asyncpg's."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from contactcard.config import ConfigError

_ACCEPTED = {"postgresql", "postgres", "postgresql+asyncpg"}


def sqlalchemy_url(raw: str) -> URL:
    """`postgresql://…` or `postgres://…` become `postgresql+asyncpg://…`; anything else is a ConfigError."""
    try:
        url = make_url(
            raw.replace("postgres://", "postgresql://", 1) if raw.startswith("postgres://") else raw
        )
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL; expected postgresql://user@host:port/dbname"
        ) from None
    if url.drivername not in _ACCEPTED:
        raise ConfigError(
            f"DATABASE_URL must be a PostgreSQL URL (postgresql://…), got scheme {url.drivername!r}"
        )
    if not url.database:
        raise ConfigError("DATABASE_URL names no database; expected postgresql://user@host:port/dbname")
    return url.set(drivername="postgresql+asyncpg")


def asyncpg_dsn(url: URL) -> str:
    """The same database as a plain libpq-style DSN, for asyncpg.connect (COPY, admin statements)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def with_database(url: URL, database: str) -> URL:
    return url.set(database=database)
