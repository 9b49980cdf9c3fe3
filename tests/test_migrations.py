"""The migrations build exactly the schema the models describe, and the consent log is append-only."""

from __future__ import annotations

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from contactcard.db.base import Base
from contactcard.db.migrate import current_revision, head_revision


async def test_models_and_migrations_agree(owner_engine):
    async with owner_engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    assert diff == []
    assert await current_revision(owner_engine) == head_revision()


async def test_consent_rows_cannot_be_edited(pg):
    row = await pg.fetchrow("SELECT workspace_id, id FROM consents ORDER BY id LIMIT 1")
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await pg.execute("UPDATE consents SET state = 'GRANTED' WHERE workspace_id = $1 AND id = $2", *row)
