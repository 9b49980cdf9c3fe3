"""Alembic environment: runs migrations on the connection `contactcard.db.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from contactcard.db.base import Base
from contactcard.db.models import __all__ as _models  # noqa: F401  (registers every table)

target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `contactcard migrate`, which provides the connection")
run_on(connection)
